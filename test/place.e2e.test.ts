/** `hactl place` end to end: the built CLI as a process, on a fixture fleet and on the examples. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./helpers/cli.js";

const FLEET = "test/fixtures/place/fleet.yaml";

interface Placement {
  fleet: string;
  clusters: { cluster: string; summary: { pods: number; running: number; pending: number }; pending: { ref: string; message: string; preemption?: string }[]; pods: { ref: string; node?: string; zone?: string }[]; workloads: { ref: string; zones: Record<string, number> }[]; volumes: { claim: string; zone?: string }[]; simplifications: string[] }[];
}

describe("hactl place", () => {
  it("places every cluster and reports Pending pods in kube-scheduler's words", async () => {
    const r = await runCli(["place", "-f", FLEET, "-o", "json"]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Placement;
    expect(p.clusters.map((c) => c.cluster)).toEqual(["prod", "edge"]);
    const prod = p.clusters[0]!;
    expect(prod.summary).toMatchObject({ pods: 16, running: 15, pending: 1 });
    expect(prod.pending[0]!.message).toBe("0/9 nodes are available: 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 6 Insufficient cpu.");
    expect(prod.pending[0]!.preemption).toBe("preemption: 0/9 nodes are available: 9 Preemption is not helpful for scheduling.");
    expect(prod.workloads.find((w) => w.ref === "Deployment/shop/web")!.zones).toEqual({ "dc1-a": 2, "dc1-b": 2, "dc1-c": 2 });
    // WaitForFirstConsumer: each claim is bound in the zone of its pod.
    for (const v of prod.volumes) {
      const pod = prod.pods.find((x) => x.ref === `shop/${v.claim.replace(/^data-/, "")}`)!;
      expect(v.zone).toBe(pod.zone);
    }
    expect(prod.simplifications.some((s) => s.includes("ImageLocality"))).toBe(true);
  });

  it("the same --seed gives the same placement", async () => {
    const a = await runCli(["place", "-f", FLEET, "-o", "json", "--seed", "7"]);
    const b = await runCli(["place", "-f", FLEET, "-o", "json", "--seed", "7"]);
    expect(a.stdout).toBe(b.stdout);
  });

  it("prints tables with zones, nodes, workloads and Pending pods", async () => {
    const r = await runCli(["place", "-f", FLEET, "--cluster", "prod", "-o", "table"]);
    expect(r.code).toBe(0);
    for (const s of ["Zones", "Nodes", "Workloads", "Pending (1)", "shop/reports-", "Simplifications"]) expect(r.stdout).toContain(s);
    expect(r.stdout).not.toContain("cluster edge");
  });

  it("--explain shows every filter's verdict and the scores for one pod", async () => {
    const r = await runCli(["place", "-f", FLEET, "--cluster", "prod", "--explain", "shop/db-1", "-o", "json"]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as { pod: string; selected: string; filters: { node: string; filters: Record<string, string>; feasible: boolean }[] };
    expect(e.pod).toBe("shop/db-1");
    expect(e.filters).toHaveLength(9);
    expect(e.filters.find((f) => f.node === "cp-1")!.filters["TaintToleration"]).toBe("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    const table = await runCli(["place", "-f", FLEET, "--cluster", "prod", "--explain", "shop/db-1", "-o", "table"]);
    expect(table.stdout).toContain("PreFilter");
    expect(table.stdout).toContain("Score");
  });

  it("-o yaml works", async () => {
    const r = await runCli(["place", "-f", FLEET, "--cluster", "edge", "-o", "yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cluster: edge");
  });

  it("--fail-on warning exits 1 when pods stay Pending", async () => {
    expect((await runCli(["place", "-f", FLEET, "-o", "json", "--fail-on", "warning"])).code).toBe(1);
    expect((await runCli(["place", "-f", FLEET, "--cluster", "edge", "-o", "json", "--fail-on", "warning"])).code).toBe(0);
  });

  it.each([
    [["--cluster", "nope"], "--cluster \"nope\" is not a cluster of the fleet"],
    [["--explain", "web"], "is not namespace/name"],
    [["--explain", "shop/nope", "--cluster", "prod"], 'no pod "shop/nope"'],
    [["--seed", "x"], "--seed \"x\" is not a whole number"],
  ])("rejects bad flags %j with exit 2", async (flags, message) => {
    const r = await runCli(["place", "-f", FLEET, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  const examples = existsSync(join(ROOT, "examples")) ? readdirSync(join(ROOT, "examples")).filter((d) => existsSync(join(ROOT, "examples", d, "fleet.yaml"))) : [];
  it.each(examples)("places examples/%s", async (ex) => {
    const r = await runCli(["place", "-f", `examples/${ex}/fleet.yaml`, "-o", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Placement;
    for (const c of out.clusters) {
      expect(c.summary.pods).toBeGreaterThan(0);
      for (const p of c.pending) expect(p.message).toMatch(/^0\/\d+ nodes are available: |^not created yet|^pod has scheduling gates/);
    }
  });
});
