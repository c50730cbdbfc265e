/**
 * Property tests of the block-summary cycles (src/twin/framework/block_window.ts) against the
 * plugin-by-plugin path that `explain` runs: for every pod, the same node (or the same FitError), and
 * — because each test schedules pod after pod on one twin — the same random draws and rotating start
 * index. Clusters are large enough (≥ 128 nodes) for blocks to apply, and cover each kind of block
 * cycle: no spreading, a DoNotSchedule constraint over a few domains, the system default spreading
 * with many of the template's pods per block; and what-ifs undone by restore (summaries of the state
 * a snapshot saw are kept apart from a what-if's).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTwin, type Twin } from "../src/twin/index.js";
import { HOSTNAME, ZONE, makeCluster, makeNode, makePod } from "../src/twin/testing/builders.js";
import type { K8sObject } from "../src/k8s/object.js";
import { checkBlockSummaries } from "../src/twin/framework/block_summaries.js";
import { afterAll, beforeAll } from "vitest";

// Every refresh (the journal's few positions, or every position) is compared with a summary made from scratch.
beforeAll(() => checkBlockSummaries(true));
afterAll(() => checkBlockSummaries(false));

const runs = (n: number) => n * Number(process.env["HACTL_FC_RUNS"] ?? 1);

/** Schedules every Pending pod in queue order, each first explained (plugin by plugin, then undone), and compares. */
function scheduleComparing(t: Twin): void {
  for (const p of t.pending()) {
    const e = t.explain(p.ref);
    const r = t.schedule(p.ref);
    expect(r.node, p.ref).toBe(e.selected);
    expect(r.pending?.message, p.ref).toBe(e.pending?.message);
  }
}

const nodesGen = fc.record({
  nodes: fc.integer({ min: 128, max: 400 }),
  zones: fc.integer({ min: 1, max: 10 }),
  cpu: fc.integer({ min: 1, max: 6 }),
  pods: fc.integer({ min: 4, max: 40 }),
  taintEvery: fc.integer({ min: 0, max: 9 }),
  cordonEvery: fc.integer({ min: 0, max: 13 }),
  unlabelledEvery: fc.integer({ min: 0, max: 40 }),
  bigEvery: fc.integer({ min: 0, max: 9 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  pct: fc.constantFrom(0, 0, 10, 40, 100),
});

type NodesGen = typeof nodesGen extends fc.Arbitrary<infer T> ? T : never;

function nodes(g: NodesGen) {
  return Array.from({ length: g.nodes }, (_, i) => {
    // Some bigger nodes: a node running the template's pods can still have the best resource score of its block.
    const big = g.bigEvery > 0 && i % g.bigEvery === 0 ? 3 : 1;
    const b = makeNode(`n${i}`).cpu(g.cpu * big).memory(big * 2 ** 34).pods(g.pods).label("disk", i % 5 === 0 ? "hdd" : "ssd");
    if (g.unlabelledEvery === 0 || i % g.unlabelledEvery !== 7) b.zone(`z${i % g.zones}`);
    if (g.taintEvery > 0 && i % (g.taintEvery * 5) === 3) b.taint("dedicated", "x", "NoSchedule");
    if (g.cordonEvery > 0 && i % (g.cordonEvery * 7) === 5) b.unschedulable();
    return b.obj();
  });
}

const workloadGen = fc.record({
  replicas: fc.integer({ min: 1, max: 80 }),
  cpuMilli: fc.integer({ min: 0, max: 1500 }),
  memMi: fc.integer({ min: 0, max: 2048 }),
  maxSkew: fc.integer({ min: 1, max: 3 }),
  minDomains: fc.constantFrom(undefined, 1, 3, 12),
  taintsPolicy: fc.constantFrom("Honor", "Ignore"),
  tolerate: fc.boolean(),
  ssd: fc.boolean(),
});

describe("block summaries", () => {
  it("without spreading (bare pods) pick the node the plugin-by-plugin path picks", () => {
    fc.assert(
      fc.property(nodesGen, fc.array(workloadGen, { minLength: 1, maxLength: 4 }), (g, ws) => {
        const objects: K8sObject[] = [];
        ws.forEach((w, i) => {
          for (let r = 0; r < Math.min(w.replicas, 30); r++) {
            const p = makePod(`w${i}-${r}`).label("app", `w${i}`).req({ cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` });
            if (w.tolerate) p.toleration({ key: "dedicated", operator: "Exists", effect: "NoSchedule" });
            if (w.ssd) p.nodeSelector({ disk: "ssd" });
            objects.push(p.obj());
          }
        });
        scheduleComparing(createTwin(makeCluster(nodes(g), objects), { seed: g.seed, percentageOfNodesToScore: g.pct }));
      }),
      { numRuns: runs(20) },
    );
  });

  it("with a DoNotSchedule zone constraint pick the node the plugin-by-plugin path picks", () => {
    fc.assert(
      fc.property(nodesGen, fc.array(workloadGen, { minLength: 1, maxLength: 4 }), (g, ws) => {
        const objects = ws.map((w, i) => {
          const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` });
          p.spread(w.maxSkew, ZONE, { nodeTaintsPolicy: w.taintsPolicy, minDomains: w.minDomains });
          if (w.tolerate) p.toleration({ key: "dedicated", operator: "Exists", effect: "NoSchedule" });
          if (w.ssd) p.nodeSelector({ disk: "ssd" });
          return p.deployment(w.replicas);
        });
        scheduleComparing(createTwin(makeCluster(nodes(g), objects), { seed: g.seed, percentageOfNodesToScore: g.pct }));
      }),
      { numRuns: runs(20) },
    );
  });

  it("with default spreading and many of the template's pods per block pick the node the plugin-by-plugin path picks", () => {
    fc.assert(
      fc.property(nodesGen, fc.array(workloadGen, { minLength: 1, maxLength: 3 }), (g, ws) => {
        // Small requests and many replicas: nodes run several pods of one Deployment, blocks list them apart (or overflow).
        const objects = ws.map((w, i) => {
          const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${Math.round(w.cpuMilli / 20)}m`, memory: `${Math.round(w.memMi / 20)}Mi` });
          if (w.tolerate) p.toleration({ key: "dedicated", operator: "Exists", effect: "NoSchedule" });
          return p.deployment(w.replicas * 6);
        });
        scheduleComparing(createTwin(makeCluster(nodes({ ...g, pods: g.pods + 40 }), objects), { seed: g.seed, percentageOfNodesToScore: g.pct }));
      }),
      { numRuns: runs(15) },
    );
  });

  const opGen = fc.array(fc.record({ node: fc.nat(), kind: fc.constantFrom("fail", "cordon", "taint", "nested"), pods: fc.nat() }), { minLength: 1, maxLength: 6 });

  /** The drill's node failure: NotReady, pods evicted (Terminating on the unreachable node), replacements as one batch. */
  function failNode(t: Twin, node: string): string[] {
    t.setNotReady(node, { noExecute: false });
    const reps = t.podsOn(node).filter((p) => p.phase === "Running").map((p) => t.evict(p.ref, { schedule: false })?.pod).filter((r): r is string => r !== undefined);
    const r = t.scheduleMany(reps);
    return [...r.results.map((x) => `${x.pod}@${x.node}`), ...r.unschedulable.map((p) => `${p.ref}:${p.message}`)];
  }

  function build(g: NodesGen, ws: { replicas: number; cpuMilli: number; maxSkew: number; taintsPolicy: string }[]): Twin {
    const objects = ws.map((w, i) => {
      const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${Math.max(50, Math.round(w.cpuMilli / 4))}m` });
      if (i % 3 === 1) p.spread(w.maxSkew, ZONE, { nodeTaintsPolicy: w.taintsPolicy });
      if (i % 3 === 2) p.podAntiAffinity({ app: `w${i}` }, HOSTNAME);
      return p.deployment(w.replicas * 2);
    });
    const t = createTwin(makeCluster(nodes({ ...g, pods: g.pods + 20 }), objects), { seed: g.seed, percentageOfNodesToScore: g.pct });
    t.placeAll();
    return t;
  }

  it("stay exact across what-ifs undone by restore, nested or not (the drill's sweeps)", () => {
    fc.assert(
      fc.property(nodesGen, fc.array(workloadGen, { minLength: 2, maxLength: 5 }), opGen, fc.nat(), (g, ws, ops, probe) => {
        const used = build(g, ws);
        const names = used.nodes().map((n) => n.name);
        const base = used.snapshot();
        for (const op of ops) {
          const s = used.snapshot();
          const node = names[op.node % names.length]!;
          if (op.kind === "fail") failNode(used, node);
          else if (op.kind === "cordon") {
            used.cordon(node);
            used.retryPending();
          } else if (op.kind === "taint") used.taint(node, { key: "x", effect: "NoExecute" });
          else {
            failNode(used, node);
            const inner = used.snapshot();
            failNode(used, names[(op.node + op.pods + 1) % names.length]!);
            used.restore(inner);
            used.release(inner);
            failNode(used, names[(op.node + 7) % names.length]!);
          }
          used.restore(s);
          used.release(s);
        }
        used.restore(base);
        used.release(base);
        const fresh = build(g, ws);
        expect(used.pods()).toEqual(fresh.pods());
        const node = names[probe % names.length]!;
        expect(failNode(used, node)).toEqual(failNode(fresh, node));
        // New pods of every kind, explained and scheduled on both.
        for (const t of [used, fresh]) {
          const extra = makePod("extra").label("app", "extra").req({ cpu: "200m" }).spread(1, ZONE);
          const o = extra.obj();
          for (let i = 0; i < 5; i++) t.addPod({ name: `extra-${i}`, labels: o.metadata.labels, spec: o.body["spec"] as Record<string, unknown> }, { schedule: false });
          scheduleComparing(t);
        }
        expect(used.pods()).toEqual(fresh.pods());
      }),
      { numRuns: runs(15) },
    );
  });

  it("keep block summaries exact through many what-ifs on the same blocks (one request size: every template shares them)", () => {
    const small = fc.record({ nodes: fc.integer({ min: 128, max: 200 }), zones: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 1000 }), kinds: fc.array(fc.constantFrom("plain", "zone", "host"), { minLength: 3, maxLength: 6 }) });
    const many = fc.array(fc.record({ node: fc.nat(), nested: fc.boolean() }), { minLength: 5, maxLength: 20 });
    fc.assert(
      fc.property(small, many, (g, ops) => {
        const nodes = Array.from({ length: g.nodes }, (_, i) => makeNode(`n${i}`).zone(`z${i % g.zones}`).cpu(4).pods(30).obj());
        const objects = g.kinds.map((k, i) => {
          const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: "100m", memory: "128Mi" });
          if (k === "zone") p.spread(1, ZONE, { nodeTaintsPolicy: "Honor" });
          if (k === "host") p.spread(2, HOSTNAME);
          return p.deployment(60);
        });
        const t = createTwin(makeCluster(nodes, objects), { seed: g.seed });
        t.placeAll();
        const names = t.nodes().map((n) => n.name);
        for (const op of ops) {
          const s = t.snapshot();
          failNode(t, names[op.node % names.length]!);
          if (op.nested) {
            const inner = t.snapshot();
            failNode(t, names[(op.node + 1) % names.length]!);
            t.restore(inner);
            t.release(inner);
          }
          failNode(t, names[(op.node + 2) % names.length]!);
          t.restore(s);
          t.release(s);
        }
      }),
      { numRuns: runs(15) },
    );
  });
});
