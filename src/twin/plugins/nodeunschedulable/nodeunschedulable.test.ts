import { describe, expect, it } from "vitest";
import { makeNode, makePod } from "../../testing/builders.js";
import { evaluate } from "../../testing/harness.js";

describe("NodeUnschedulable", () => {
  it.each([
    { name: "a cordoned node is filtered", tolerate: false, want: "node(s) were unschedulable" },
    { name: "a pod tolerating node.kubernetes.io/unschedulable passes", tolerate: true, want: "" },
  ])("$name", ({ tolerate, want }) => {
    const pod = makePod("p");
    if (tolerate) pod.toleration({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" });
    const r = evaluate([makeNode("n1").zone("a").unschedulable(), makeNode("n2").zone("a")], [], pod);
    expect(r.filter["n1"]).toBe(want);
    expect(r.filter["n2"]).toBe("");
  });

  it("reports a cordoned cluster like kube-scheduler", () => {
    const r = evaluate([makeNode("n1").zone("a").unschedulable()], [], makePod("p"));
    expect(r.message).toBe("0/1 nodes are available: 1 node(s) were unschedulable.");
  });
});
