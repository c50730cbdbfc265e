import { describe, expect, it } from "vitest";
import { baseFleet, loadValid, setIn } from "../testing.js";

describe("normalised nodes: well-known labels", () => {
  it("carry kubernetes.io/os=linux like every kubelet sets it, so `nodeSelector: {kubernetes.io/os: linux}` matches", () => {
    const fleet = loadValid(baseFleet());
    const nodes = fleet.clusters[0]!.nodes;
    expect(nodes.length).toBe(6);
    for (const n of nodes) expect(n.labels["kubernetes.io/os"]).toBe("linux");
  });

  it("let a pool declare another OS", () => {
    const f = baseFleet();
    setIn(f, ["spec", "clusters", 0, "nodePools", 1], {
      name: "win",
      count: 1,
      zones: ["a"],
      capacity: { cpu: "4", memory: "16Gi" },
      labels: { "kubernetes.io/os": "windows" },
    });
    const nodes = loadValid(f).clusters[0]!.nodes;
    expect(nodes.find((n) => n.pool === "win")!.labels["kubernetes.io/os"]).toBe("windows");
    expect(nodes.find((n) => n.pool === "workers")!.labels["kubernetes.io/os"]).toBe("linux");
  });
});
