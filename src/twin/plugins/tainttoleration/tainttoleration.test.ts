import { describe, expect, it } from "vitest";
import { makeNode, makePod } from "../../testing/builders.js";
import { evaluate } from "../../testing/harness.js";

describe("TaintToleration filter", () => {
  const tainted = () => makeNode("n1").zone("a").taint("dedicated", "gpu", "NoSchedule");
  it.each([
    { name: "an untolerated NoSchedule taint filters the node", tol: undefined, want: "node(s) had untolerated taint {dedicated: gpu}" },
    { name: "Equal toleration with the value passes", tol: { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }, want: "" },
    { name: "Equal toleration with another value does not", tol: { key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }, want: "node(s) had untolerated taint {dedicated: gpu}" },
    { name: "Exists toleration for the key passes", tol: { key: "dedicated", operator: "Exists" }, want: "" },
    { name: "a toleration for another effect does not", tol: { key: "dedicated", operator: "Exists", effect: "NoExecute" }, want: "node(s) had untolerated taint {dedicated: gpu}" },
    { name: "an empty key with Exists tolerates everything", tol: { operator: "Exists" }, want: "" },
  ])("$name", ({ tol, want }) => {
    const pod = makePod("p");
    if (tol) pod.toleration(tol);
    expect(evaluate([tainted(), makeNode("n2").zone("a")], [], pod).filter["n1"]).toBe(want);
  });

  it("NoExecute taints filter too; PreferNoSchedule does not", () => {
    const r = evaluate([makeNode("n1").zone("a").taint("k", "v", "NoExecute"), makeNode("n2").zone("a").taint("soft", undefined, "PreferNoSchedule")], [], makePod("p"));
    expect(r.filter).toEqual({ n1: "node(s) had untolerated taint {k: v}", n2: "" });
  });

  it("reports the first untolerated taint and an empty value as blank", () => {
    const r = evaluate([makeNode("cp").zone("a").taint("node-role.kubernetes.io/control-plane", undefined, "NoSchedule"), makeNode("w").zone("a")], [], makePod("p").nodeSelector({ "kubernetes.io/hostname": "cp" }));
    expect(r.message).toBe("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.");
  });
});

describe("TaintToleration score", () => {
  it("counts intolerable PreferNoSchedule taints, reversed: fewer scores higher", () => {
    const r = evaluate(
      [makeNode("n1").zone("a").taint("a", "1", "PreferNoSchedule").taint("b", "1", "PreferNoSchedule"), makeNode("n2").zone("a").taint("a", "1", "PreferNoSchedule"), makeNode("n3").zone("a")],
      [],
      makePod("p"),
    );
    expect(r.scores["n1"]!["TaintToleration"]).toBe(0);
    expect(r.scores["n2"]!["TaintToleration"]).toBe(50);
    expect(r.scores["n3"]!["TaintToleration"]).toBe(100);
  });

  it("a toleration for PreferNoSchedule removes the penalty", () => {
    const r = evaluate([makeNode("n1").zone("a").taint("a", "1", "PreferNoSchedule"), makeNode("n2").zone("a")], [], makePod("p").toleration({ key: "a", operator: "Exists", effect: "PreferNoSchedule" }));
    expect(r.scores["n1"]!["TaintToleration"]).toBe(100);
  });
});
