/**
 * Property tests of the twin over random clusters and workloads: no placement violates a hard
 * constraint (resources, required (anti-)affinity, DoNotSchedule skew, taints, node selectors); the
 * same seed gives the same placement; snapshot + restore gives back the identical state.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTwin, type Twin } from "../src/twin/index.js";
import { makeCluster, makeNode, makePod, HOSTNAME, ZONE } from "../src/twin/testing/builders.js";
import { toleratesTaint } from "../src/k8s/pod.js";
import type { K8sObject } from "../src/k8s/object.js";

/** HACTL_FC_RUNS multiplies the runs for a longer soak. */
const runs = (n: number) => n * Number(process.env["HACTL_FC_RUNS"] ?? 1);

interface NodeGen {
  zone: number;
  cpu: number;
  memGi: number;
  pods: number;
  disk: "ssd" | "hdd";
  taint: boolean;
  cordoned: boolean;
}

interface WorkloadGen {
  replicas: number;
  cpuMilli: number;
  memMi: number;
  spread: "none" | "zone" | "host";
  maxSkew: number;
  anti: boolean;
  ssdOnly: boolean;
  tolerate: boolean;
  priority: number;
  taintsPolicy: "Honor" | "Ignore";
}

const nodeGen: fc.Arbitrary<NodeGen> = fc.record({
  zone: fc.integer({ min: 0, max: 2 }),
  cpu: fc.integer({ min: 1, max: 8 }),
  memGi: fc.integer({ min: 1, max: 16 }),
  pods: fc.integer({ min: 2, max: 12 }),
  disk: fc.constantFrom("ssd" as const, "hdd" as const),
  taint: fc.boolean(),
  cordoned: fc.boolean(),
});

const workloadGen: fc.Arbitrary<WorkloadGen> = fc.record({
  replicas: fc.integer({ min: 1, max: 8 }),
  cpuMilli: fc.integer({ min: 0, max: 3000 }),
  memMi: fc.integer({ min: 0, max: 4096 }),
  spread: fc.constantFrom("none" as const, "zone" as const, "host" as const),
  maxSkew: fc.integer({ min: 1, max: 2 }),
  anti: fc.boolean(),
  ssdOnly: fc.boolean(),
  tolerate: fc.boolean(),
  priority: fc.constantFrom(0, 0, 100),
  taintsPolicy: fc.constantFrom("Honor" as const, "Ignore" as const),
});

const clusterGen = fc.record({ nodes: fc.array(nodeGen, { minLength: 1, maxLength: 10 }), workloads: fc.array(workloadGen, { minLength: 1, maxLength: 5 }), seed: fc.integer({ min: 0, max: 1000 }) });

function build(g: { nodes: NodeGen[]; workloads: WorkloadGen[]; seed: number }): Twin {
  const nodes = g.nodes.map((n, i) => {
    const b = makeNode(`n${i}`).zone(`z${n.zone}`).cpu(n.cpu).memory(n.memGi * 2 ** 30).pods(n.pods).label("disk", n.disk);
    if (n.taint) b.taint("dedicated", "batch", "NoSchedule");
    if (n.cordoned) b.unschedulable();
    return b.obj();
  });
  const objects: K8sObject[] = g.workloads.map((w, i) => {
    const app = `w${i}`;
    const p = makePod(app).label("app", app).req({ cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` }).priority(w.priority);
    if (w.spread !== "none") p.spread(w.maxSkew, w.spread === "zone" ? ZONE : HOSTNAME, { nodeTaintsPolicy: w.taintsPolicy });
    if (w.anti) p.podAntiAffinity({ app }, HOSTNAME);
    if (w.ssdOnly) p.nodeSelector({ disk: "ssd" });
    if (w.tolerate) p.toleration({ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" });
    return p.deployment(w.replicas);
  });
  const twin = createTwin(makeCluster(nodes, objects), { seed: g.seed });
  twin.placeAll();
  return twin;
}

function checkHardConstraints(twin: Twin, g: { workloads: WorkloadGen[] }): void {
  const nodes = new Map(twin.nodes().map((n) => [n.name, n]));
  const util = new Map(twin.utilisation().map((u) => [u.node, u]));
  for (const u of util.values()) {
    expect(u.cpu.requested).toBeLessThanOrEqual(u.cpu.allocatable + 1e-9);
    expect(u.memory.requested).toBeLessThanOrEqual(u.memory.allocatable);
    expect(u.pods.count).toBeLessThanOrEqual(u.pods.allocatable);
  }
  const running = twin.pods().filter((p) => p.phase === "Running");
  g.workloads.forEach((w, i) => {
    const mine = running.filter((p) => p.workload === `Deployment/default/w${i}`);
    for (const p of mine) {
      const node = nodes.get(p.node!)!;
      // Taints and cordons.
      for (const t of node.taints) {
        if (t.effect === "PreferNoSchedule") continue;
        const tolerated = w.tolerate && toleratesTaint({ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }, t);
        expect(tolerated, `${p.ref} on ${node.name} with taint ${t.key}`).toBe(true);
      }
      expect(node.unschedulable).toBe(false);
      // Node selector.
      if (w.ssdOnly) expect(node.labels["disk"]).toBe("ssd");
    }
    // Required anti-affinity: at most one pod of the workload per host.
    if (w.anti) expect(new Set(mine.map((p) => p.node)).size).toBe(mine.length);
    // DoNotSchedule skew over the domains the constraint counts (nodes matching the selector; tainted ones unless Honor).
    if (w.spread !== "none") {
      const key = w.spread === "zone" ? ZONE : HOSTNAME;
      const counts = new Map<string, number>();
      for (const n of nodes.values()) {
        if (w.ssdOnly && n.labels["disk"] !== "ssd") continue;
        if (w.taintsPolicy === "Honor" && n.taints.some((t) => t.effect !== "PreferNoSchedule") && !w.tolerate) continue;
        counts.set(n.labels[key]!, 0);
      }
      for (const p of mine) {
        const d = nodes.get(p.node!)!.labels[key]!;
        if (counts.has(d)) counts.set(d, counts.get(d)! + 1);
      }
      const values = [...counts.values()];
      if (values.length > 0) expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(w.maxSkew);
    }
  });
}

describe("twin properties", () => {
  it("no placement violates a hard constraint", () => {
    fc.assert(
      fc.property(clusterGen, (g) => {
        checkHardConstraints(build(g), g);
      }),
      { numRuns: runs(150) },
    );
  });

  it("the same seed gives the same result", () => {
    fc.assert(
      fc.property(clusterGen, (g) => {
        const a = build(g);
        const b = build(g);
        expect(a.pods()).toEqual(b.pods());
        expect(a.pending()).toEqual(b.pending());
      }),
      { numRuns: runs(60) },
    );
  });

  it("the fused path (resources + default spreading) picks the node the plugin-by-plugin path picks", () => {
    fc.assert(
      fc.property(clusterGen, (g) => {
        const nodes = g.nodes.map((n, i) => makeNode(`n${i}`).zone(`z${n.zone}`).cpu(n.cpu).memory(n.memGi * 2 ** 30).pods(n.pods).obj());
        const objects = g.workloads.map((w, i) => makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` }).deployment(w.replicas * 3));
        const t = createTwin(makeCluster(nodes, objects), { seed: g.seed, percentageOfNodesToScore: g.seed % 2 === 0 ? 0 : 30 });
        for (const p of t.pending()) {
          const e = t.explain(p.ref);
          expect(t.schedule(p.ref).node).toBe(e.selected);
        }
      }),
      { numRuns: runs(80) },
    );
  });

  it("block summaries (≥ 128 nodes) pick the node the plugin-by-plugin path picks", () => {
    const big = fc.record({
      nodes: fc.integer({ min: 128, max: 420 }),
      zones: fc.integer({ min: 1, max: 4 }),
      cpu: fc.integer({ min: 1, max: 4 }),
      taintEvery: fc.integer({ min: 0, max: 9 }),
      workloads: fc.array(fc.record({ replicas: fc.integer({ min: 1, max: 60 }), cpuMilli: fc.integer({ min: 0, max: 1500 }), memMi: fc.integer({ min: 0, max: 2048 }) }), { minLength: 1, maxLength: 4 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      pct: fc.constantFrom(0, 10, 40, 100),
    });
    fc.assert(
      fc.property(big, (g) => {
        const nodes = Array.from({ length: g.nodes }, (_, i) => {
          const b = makeNode(`n${i}`).zone(`z${i % g.zones}`).cpu(g.cpu).pods(20);
          if (g.taintEvery > 0 && i % (g.taintEvery * 7) === 3) b.taint("dedicated", "x", "NoSchedule");
          return b.obj();
        });
        const objects = g.workloads.map((w, i) => makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` }).deployment(w.replicas));
        const t = createTwin(makeCluster(nodes, objects), { seed: g.seed, percentageOfNodesToScore: g.pct });
        for (const p of t.pending()) {
          const e = t.explain(p.ref);
          const r = t.schedule(p.ref);
          expect(r.node).toBe(e.selected);
          expect(r.pending?.message).toBe(e.pending?.message);
        }
        // Both paths advanced the rotating start index the same way: a second twin scheduled only by explain+schedule agrees.
      }),
      { numRuns: runs(25) },
    );
  });

  it("the scoring fast paths pick the node the plugin-by-plugin path picks", () => {
    fc.assert(
      fc.property(clusterGen, (g) => {
        const t = build({ ...g, workloads: [] });
        g.workloads.forEach((w, i) => {
          const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` });
          if (w.spread !== "none") p.spread(w.maxSkew, w.spread === "zone" ? ZONE : HOSTNAME, { when: "ScheduleAnyway" });
          if (w.anti) p.preferredPodAntiAffinity(50, { app: `w${i}` }, HOSTNAME);
          for (let r = 0; r < w.replicas; r++) {
            const o = p.obj();
            t.addPod({ name: `w${i}-${r}`, labels: o.metadata.labels, spec: o.body["spec"] as Record<string, unknown> }, { schedule: false });
            const e = t.explain(`default/w${i}-${r}`);
            expect(t.schedule(`default/w${i}-${r}`).node).toBe(e.selected);
          }
        });
      }),
      { numRuns: runs(60) },
    );
  });

  const opGen = fc.array(
    fc.record({ op: fc.constantFrom("cordon", "taint", "notReady", "remove", "evict", "add", "delete"), i: fc.nat() }),
    { minLength: 1, maxLength: 6 },
  );

  function apply(t: Twin, ops: { op: string; i: number }[]): void {
    for (const { op, i } of ops) {
      const nodes = t.nodes();
      const pods = t.pods().filter((p) => p.phase !== "Pending");
      if (nodes.length === 0) return;
      const n = nodes[i % nodes.length]!.name;
      switch (op) {
        case "cordon":
          t.cordon(n);
          break;
        case "taint":
          t.taint(n, { key: "x", value: String(i % 3), effect: i % 2 ? "NoExecute" : "NoSchedule" });
          break;
        case "notReady":
          t.setNotReady(n, { noExecute: i % 2 === 0 });
          break;
        case "remove":
          t.removeNode(n);
          break;
        case "evict":
          if (pods.length > 0) t.evict(pods[i % pods.length]!.ref);
          break;
        case "delete":
          if (pods.length > 0) t.deletePod(pods[i % pods.length]!.ref);
          break;
        case "add":
          t.addNode(makeNode(`extra-${i}-${nodes.length}`).zone(`z${i % 3}`).cpu(4).label("disk", "ssd").obj());
          break;
      }
    }
  }

  it("snapshot + restore returns the identical state, and the future does not notice the detour", () => {
    fc.assert(
      fc.property(clusterGen, opGen, opGen, (g, detour, after) => {
        const t = build(g);
        const state = () => JSON.stringify([t.pods(), t.nodes(), t.pending(), t.volumes(), t.workloads()]);
        const before = state();
        const s = t.snapshot();
        apply(t, detour);
        t.restore(s);
        expect(state()).toBe(before);
        t.release(s);
        const fresh = build(g);
        apply(t, after);
        apply(fresh, after);
        expect(t.pods()).toEqual(fresh.pods());
        expect(t.pending()).toEqual(fresh.pending());
        checkHardConstraintsAfterOps(t);
      }),
      { numRuns: runs(80) },
    );
  });
});

/** After failures, pods may sit on NotReady/cordoned nodes; resources still hold. */
function checkHardConstraintsAfterOps(t: Twin): void {
  for (const u of t.utilisation()) {
    expect(u.cpu.requested).toBeLessThanOrEqual(u.cpu.allocatable + 1e-9);
    expect(u.pods.count).toBeLessThanOrEqual(u.pods.allocatable);
  }
}
