/**
 * What-ifs leave no trace: after any sequence of node failures, evictions, cordons and batch
 * scheduling undone by restore, the twin decides exactly as a freshly placed one — the drill's
 * sweeps and shards rely on it (node changes invalidate caches per node, not per cluster).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOSTNAME, ZONE, makeCluster, makeNode, makePod } from "./testing/builders.js";
import { createTwin, type Twin } from "./twin.js";

const gen = fc.record({
  nodes: fc.integer({ min: 6, max: 200 }),
  zones: fc.integer({ min: 1, max: 3 }),
  workloads: fc.array(fc.record({ replicas: fc.integer({ min: 1, max: 40 }), cpu: fc.integer({ min: 50, max: 900 }), spread: fc.constantFrom("none", "zone", "host", "zone-honor"), anti: fc.boolean() }), { minLength: 1, maxLength: 5 }),
  ops: fc.array(fc.record({ node: fc.nat(), kind: fc.constantFrom("fail", "cordon", "taint") }), { minLength: 1, maxLength: 6 }),
  probe: fc.nat(),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function build(g: { nodes: number; zones: number; workloads: { replicas: number; cpu: number; spread: string; anti: boolean }[]; seed: number }): Twin {
  const nodes = Array.from({ length: g.nodes }, (_, i) => makeNode(`n${i}`).zone(`z${i % g.zones}`).cpu(8).pods(40).obj());
  const objects = g.workloads.map((w, i) => {
    const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: `${w.cpu}m` });
    if (w.spread !== "none") p.spread(1, w.spread === "host" ? HOSTNAME : ZONE, w.spread === "zone-honor" ? { nodeTaintsPolicy: "Honor" } : {});
    if (w.anti) p.podAntiAffinity({ app: `w${i}` }, HOSTNAME);
    return p.deployment(w.replicas);
  });
  const t = createTwin(makeCluster(nodes, objects), { seed: g.seed });
  t.placeAll();
  return t;
}

/** The drill's node failure: NotReady, pods evicted, replacements scheduled as one batch. */
function failNode(t: Twin, node: string): string[] {
  t.setNotReady(node, { noExecute: false });
  const reps = t.podsOn(node).map((p) => t.evict(p.ref, { schedule: false })?.pod).filter((r): r is string => r !== undefined);
  const r = t.scheduleMany(reps);
  return [...r.results.map((x) => `${x.pod}@${x.node}`), ...r.unschedulable.map((p) => `${p.ref}:${p.message}`)];
}

describe("twin what-ifs", () => {
  it("after any undone what-ifs the twin decides like a fresh one", () => {
    fc.assert(
      fc.property(gen, (g) => {
        const used = build(g);
        const names = used.nodes().map((n) => n.name);
        for (const op of g.ops) {
          const s = used.snapshot();
          const node = names[op.node % names.length]!;
          if (op.kind === "fail") failNode(used, node);
          else if (op.kind === "cordon") {
            used.cordon(node);
            used.retryPending();
          } else used.taint(node, { key: "x", effect: "NoExecute" });
          used.restore(s);
          used.release(s);
        }
        const probe = names[g.probe % names.length]!;
        const fresh = build(g);
        expect(used.pods()).toEqual(fresh.pods());
        expect(failNode(used, probe)).toEqual(failNode(fresh, probe));
        // Independent of every cache: nothing new lands on the NotReady node, and a pod that fits nowhere
        // blames the taint on exactly the tainted nodes (stale per-node filter results would show here).
        for (const t of [used, fresh]) {
          expect(t.podsOn(probe).every((p) => p.phase === "Terminating")).toBe(true);
          const tainted = t.nodes().filter((n) => n.taints.some((x) => x.effect === "NoSchedule")).length;
          const huge = { name: "huge", labels: { app: "huge" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "1000" } } }] } };
          const m = /(\d+) node\(s\) had untolerated taint/.exec(t.addPod(huge).pending?.message ?? "");
          expect(Number(m?.[1] ?? 0)).toBe(tainted);
        }
      }),
      { numRuns: 40 },
    );
  });
});
