/**
 * Property test of the incremental spreading counters (src/twin/state/counters.ts): node classes,
 * the per-domain node counts their counters share, and each counter's per-domain pod counts and
 * global minimum stay equal to a count from scratch through any sequence of node and pod changes
 * (taints, cordons, NotReady, nodes added and removed, evictions, deletions) and snapshot restores.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTwin, type Twin } from "../src/twin/index.js";
import { MAX_INT32 } from "../src/twin/state/counters.js";
import { HOSTNAME, ZONE, makeCluster, makeNode, makePod } from "../src/twin/testing/builders.js";

const runs = (n: number) => n * Number(process.env["HACTL_FC_RUNS"] ?? 1);

/** Every counter of the twin against a recount from the pods and nodes as they are. */
function checkCounters(t: Twin): void {
  const m = t.state.matching;
  const nodes = t.state.nodes;
  for (const c of m.classes) for (let n = 0; n < nodes.size; n++) expect(c.member[n], `class ${c.key} node ${n}`).toBe(nodes.alive[n] === 1 && c.test(n) ? 1 : 0);
  for (const mk of m.keys) {
    for (const ctr of mk.counters) {
      const topo = ctr.topo;
      const domains = Math.max(topo.domains, 1);
      const nodesPer = new Array<number>(domains).fill(0);
      const podsPer = new Array<number>(domains).fill(0);
      for (let n = 0; n < nodes.size; n++) {
        const d = topo.domainOf[n]!;
        if (d < 0) continue;
        const eligible = ctr.cls ? ctr.cls.member[n] === 1 : nodes.alive[n] === 1;
        if (!eligible) continue;
        nodesPer[d]!++;
        podsPer[d]! += ctr.withTerminating ? mk.live[n]! + (mk.term?.[n] ?? 0) : mk.live[n]!;
      }
      let min = MAX_INT32;
      let present = 0;
      for (let d = 0; d < domains; d++) {
        expect(ctr.layout.nodes[d] ?? 0, `${mk.key} nodes in ${topo.names[d]}`).toBe(nodesPer[d]);
        // A domain without counted nodes counts no pods.
        expect(ctr.count[d] ?? 0, `${mk.key} pods in ${topo.names[d]}`).toBe(podsPer[d]);
        if (nodesPer[d]! > 0) {
          present++;
          min = Math.min(min, podsPer[d]!);
        }
      }
      expect(ctr.domains, `${mk.key} domains`).toBe(present);
      expect(ctr.min, `${mk.key} min`).toBe(min);
    }
  }
}

const gen = fc.record({
  nodes: fc.integer({ min: 3, max: 40 }),
  zones: fc.integer({ min: 1, max: 4 }),
  workloads: fc.array(
    fc.record({
      replicas: fc.integer({ min: 1, max: 20 }),
      spread: fc.constantFrom("zone-honor", "zone", "host-honor", "default", "anti", "affinity"),
      ssd: fc.boolean(),
      tolerate: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  ops: fc.array(fc.record({ op: fc.constantFrom("taint", "untaint", "cordon", "uncordon", "notReady", "ready", "remove", "add", "evict", "delete", "snapshot", "restore"), i: fc.nat() }), { minLength: 1, maxLength: 25 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe("spreading counters", () => {
  it("equal a count from scratch after any node and pod changes", () => {
    fc.assert(
      fc.property(gen, (g) => {
        const nodes = Array.from({ length: g.nodes }, (_, i) => {
          const b = makeNode(`n${i}`).cpu(8).pods(30).label("disk", i % 3 === 0 ? "hdd" : "ssd");
          if (i % 11 !== 10) b.zone(`z${i % g.zones}`);
          return b.obj();
        });
        const objects = g.workloads.map((w, i) => {
          const p = makePod(`w${i}`).label("app", `w${i}`).req({ cpu: "100m" });
          if (w.spread === "zone-honor") p.spread(1, ZONE, { nodeTaintsPolicy: "Honor", nodeAffinityPolicy: "Honor" });
          else if (w.spread === "zone") p.spread(2, ZONE, { nodeAffinityPolicy: "Ignore" });
          else if (w.spread === "host-honor") p.spread(1, HOSTNAME, { nodeTaintsPolicy: "Honor" });
          else if (w.spread === "anti") p.podAntiAffinity({ app: `w${i}` }, ZONE);
          else if (w.spread === "affinity") p.podAffinity({ app: "w0" }, ZONE);
          if (w.ssd) p.nodeSelector({ disk: "ssd" });
          if (w.tolerate) p.toleration({ key: "x", operator: "Exists" });
          return p.deployment(w.replicas);
        });
        const t = createTwin(makeCluster(nodes, objects), { seed: g.seed });
        t.placeAll();
        checkCounters(t);
        const snaps: ReturnType<Twin["snapshot"]>[] = [];
        for (const { op, i } of g.ops) {
          const names = t.nodes().map((n) => n.name);
          if (names.length === 0) break;
          const n = names[i % names.length]!;
          const running = t.pods().filter((p) => p.phase !== "Pending");
          switch (op) {
            case "taint":
              t.taint(n, { key: "x", value: String(i % 2), effect: i % 3 === 0 ? "NoExecute" : "NoSchedule" });
              break;
            case "untaint":
              t.untaint(n, "x");
              break;
            case "cordon":
              t.cordon(n);
              break;
            case "uncordon":
              t.uncordon(n);
              break;
            case "notReady":
              t.setNotReady(n, { noExecute: i % 2 === 0 });
              break;
            case "ready":
              t.setReady(n);
              break;
            case "remove":
              t.removeNode(n);
              break;
            case "add":
              t.addNode(makeNode(`extra-${i}-${names.length}`).zone(`z${i % (g.zones + 1)}`).cpu(8).pods(30).label("disk", "ssd").obj());
              break;
            case "evict":
              if (running.length > 0) t.evict(running[i % running.length]!.ref);
              break;
            case "delete":
              if (running.length > 0) t.deletePod(running[i % running.length]!.ref);
              break;
            case "snapshot":
              snaps.push(t.snapshot());
              break;
            case "restore": {
              const s = snaps.pop();
              if (s) {
                t.restore(s);
                t.release(s);
              }
              break;
            }
          }
          checkCounters(t);
        }
      }),
      { numRuns: runs(120) },
    );
  });
});
