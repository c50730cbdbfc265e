import { describe, expect, it } from "vitest";
import { makeNode, makePod } from "../../testing/builders.js";
import { evaluate } from "../../testing/harness.js";

const nodes = () => [makeNode("n1").zone("a").label("disk", "ssd").label("cores", "16"), makeNode("n2").zone("b").label("disk", "hdd").label("cores", "4"), makeNode("n3").zone("c")];
const MISMATCH = "node(s) didn't match Pod's node affinity/selector";

describe("NodeAffinity filter", () => {
  it.each([
    { name: "nodeSelector", pod: makePod("p").nodeSelector({ disk: "ssd" }), feasible: ["n1"] },
    { name: "In", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In", values: ["ssd", "hdd"] }] }] } } }), feasible: ["n1", "n2"] },
    { name: "NotIn matches nodes without the label", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "NotIn", values: ["ssd"] }] }] } } }), feasible: ["n2", "n3"] },
    { name: "Exists", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "Exists" }] }] } } }), feasible: ["n1", "n2"] },
    { name: "DoesNotExist", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "DoesNotExist" }] }] } } }), feasible: ["n3"] },
    { name: "Gt compares integers", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["8"] }] }] } } }), feasible: ["n1"] },
    { name: "Lt compares integers", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "cores", operator: "Lt", values: ["8"] }] }] } } }), feasible: ["n2"] },
    {
      name: "terms are ORed",
      pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] }, { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["c"] }] }] } } }),
      feasible: ["n1", "n3"],
    },
    {
      name: "expressions in a term are ANDed",
      pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In", values: ["ssd", "hdd"] }, { key: "cores", operator: "Lt", values: ["8"] }] }] } } }),
      feasible: ["n2"],
    },
    { name: "nodeSelector AND affinity", pod: makePod("p").nodeSelector({ disk: "ssd" }).nodeAffinityIn("topology.kubernetes.io/zone", ["b"]), feasible: [] },
    { name: "matchFields metadata.name", pod: makePod("p").set("affinity", { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n3"] }] }] } } }), feasible: ["n3"] },
  ])("$name", ({ pod, feasible }) => {
    const r = evaluate(nodes(), [], pod);
    expect(r.feasible).toEqual(feasible);
    for (const n of ["n1", "n2", "n3"].filter((x) => !feasible.includes(x))) expect(r.filter[n]).toBe(MISMATCH);
  });
});

describe("NodeAffinity score", () => {
  it("sums matching preferred weights, normalised to the best node", () => {
    const r = evaluate(nodes(), [], makePod("p").preferNode(80, "disk", ["ssd"]).preferNode(20, "topology.kubernetes.io/zone", ["a", "b"]));
    expect(r.scores["n1"]!["NodeAffinity"]).toBe(100);
    expect(r.scores["n2"]!["NodeAffinity"]).toBe(20);
    expect(r.scores["n3"]!["NodeAffinity"]).toBe(0);
    expect(r.selected).toBe("n1");
  });
});
