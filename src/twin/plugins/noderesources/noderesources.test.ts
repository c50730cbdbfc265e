import { describe, expect, it } from "vitest";
import { makeNode, makePod } from "../../testing/builders.js";
import { evaluate, on } from "../../testing/harness.js";

const GI = 2 ** 30;
const node = (name: string) => makeNode(name).zone("a").cpu(4).memory(16 * GI).pods(110);

describe("NodeResourcesFit filter", () => {
  it.each<{ name: string; req: Record<string, string | number>; want: string }>([
    { name: "fits", req: { cpu: "1", memory: "4Gi" }, want: "" },
    { name: "too much cpu", req: { cpu: "3500m" }, want: "Insufficient cpu" },
    { name: "too much memory", req: { memory: "15Gi" }, want: "Insufficient memory" },
    { name: "both, every reason kept", req: { cpu: "3500m", memory: "15Gi" }, want: "Insufficient cpu, Insufficient memory" },
    { name: "an extended resource the node lacks", req: { "nvidia.com/gpu": 1 }, want: "Insufficient nvidia.com/gpu" },
  ])("$name", ({ req, want }) => {
    const r = evaluate([node("n1")], [on(makePod("old").req({ cpu: "1", memory: "2Gi" }), "n1")], makePod("p").req(req));
    expect(r.filter["n1"]).toBe(want);
  });

  it("counts pods against the node's pods allocatable", () => {
    const r = evaluate([node("n1").pods(1)], [on(makePod("old"), "n1")], makePod("p"));
    expect(r.message).toBe("0/1 nodes are available: 1 Too many pods.");
  });

  it("uses the init-container / sidecar rule for the pod's request", () => {
    // max(app 1 + sidecar 1, init 3 + sidecar-before-it 0) = 3 cores; overhead adds 0.5.
    const pod = makePod("p")
      .req({ cpu: "1" })
      .initContainer({ name: "init", resources: { requests: { cpu: "3" } } })
      .initContainer({ name: "proxy", restartPolicy: "Always", resources: { requests: { cpu: "1" } } })
      .set("overhead", { cpu: "500m" });
    const r = evaluate([node("n1")], [], pod);
    expect(r.twin.pod("default/p")!.requests["cpu"]).toBe(3.5);
    expect(evaluate([node("n1")], [on(makePod("old").req({ cpu: "1" }), "n1")], pod).filter["n1"]).toBe("Insufficient cpu");
  });

  it("extended resources fit where the node has them", () => {
    const r = evaluate([node("n1").extended("nvidia.com/gpu", 2), node("n2")], [], makePod("p").req({ "nvidia.com/gpu": 1 }));
    expect(r.feasible).toEqual(["n1"]);
  });
});

describe("NodeResourcesFit score (LeastAllocated) and BalancedAllocation", () => {
  it.each([
    // empty node: cpu (4000−1000)·100/4000 = 75, memory (16−4)/16 → 75; balanced fractions 0.25/0.25 → 100
    { node: "n2", fit: 75, balanced: 100 },
    // with 2 cores / 2Gi bound: cpu 25, memory floor(62.5) = 62 → floor(87/2) = 43; fractions 0.75/0.375 → (1 − 0.1875)·100 = 81
    { node: "n1", fit: 43, balanced: 81 },
  ])("scores $node like kube-scheduler", ({ node: n, fit, balanced }) => {
    const r = evaluate([node("n1"), node("n2")], [on(makePod("old").req({ cpu: "2", memory: "2Gi" }), "n1")], makePod("p").req({ cpu: "1", memory: "4Gi" }));
    expect(r.scores[n]!["NodeResourcesFit"]).toBe(fit);
    expect(r.scores[n]!["NodeResourcesBalancedAllocation"]).toBe(balanced);
    expect(r.selected).toBe("n2");
  });

  it("scores a pod without requests with the non-zero defaults (100m, 200Mi)", () => {
    const r = evaluate([node("n1"), node("n2")], [], makePod("p"));
    // cpu floor(97.5) = 97, memory floor((16384 − 200)/16384 · 100) = 98 → floor(97.5) = 97
    expect(r.scores["n1"]!["NodeResourcesFit"]).toBe(97);
  });
});
