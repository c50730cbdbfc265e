/**
 * Properties of the drill: determinism (same seed, same result), sharding (merge of the shards =
 * the whole sweep), and monotonicity — more node failures never shorten an outage in a family where no
 * zone becomes fully disrupted (the control-plane nodes stay up). Kubernetes itself is not monotone
 * beyond it: a small zone at PartialDisruption stops evicting, and losing its last node turns it
 * FullDisruption, which evicts again.
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeSweeps, parseSweepJson, prepareDrill, type SweepResult } from "../../src/drill/index.js";
import { loadInputs } from "../../src/model/load/index.js";
import { ROOT } from "../helpers/cli.js";
import { deployment, fail, fleet, node } from "./fleets.js";

const strip = (r: SweepResult) => ({ ...r, stats: undefined });
/** Through JSON as `hactl drill -o json` writes it and `hactl drill merge` reads it (Infinity ↔ null). */
const viaJson = (r: SweepResult) => parseSweepJson(JSON.stringify(r, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));

describe("drill properties", () => {
  it("same seed, same result (worst-case and sampled timings)", () => {
    const f = fleet({ workersPerZone: 2, objects: [...deployment("web", 4), ...deployment("api", 1)] });
    for (const bounds of ["worst", "sampled"] as const) {
      const a = prepareDrill(f, { seed: 7, bounds }).run({ name: "x", steps: [fail(node("w-1")), fail({ kind: "zone", zone: "b" }, 60_000)] });
      const b = prepareDrill(f, { seed: 7, bounds }).run({ name: "x", steps: [fail(node("w-1")), fail({ kind: "zone", zone: "b" }, 60_000)] });
      expect(a).toEqual(b);
    }
  });

  it("a sweep does not depend on what ran before on the same twins", () => {
    const f = fleet({ workersPerZone: 2, objects: [...deployment("web", 4), ...deployment("api", 1)] });
    const d = prepareDrill(f);
    const first = d.sweep();
    const again = d.sweep();
    expect(strip(again)).toEqual(strip(first));
  });

  it("merge(shards) equals the whole sweep, through JSON, for any shard count", () => {
    const loaded = loadInputs([join(ROOT, "examples", "active-active", "fleet.yaml")], { cwd: ROOT, now: new Date("2026-11-21T00:00:00Z") });
    const d = prepareDrill(loaded.fleets[0]!);
    const whole = viaJson(d.sweep());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.boolean(), (n, reverse) => {
        const shards = Array.from({ length: n }, (_, i) => viaJson(d.sweep({ shard: { index: i + 1, count: n } })));
        const merged = mergeSweeps(reverse ? shards.reverse() : shards);
        expect(strip(merged)).toEqual(strip(whole));
      }),
      { numRuns: 6 },
    );
    expect(() => mergeSweeps([whole, { ...whole, seed: 2 }])).toThrow(/different sweeps/);
  });

  it("more worker failures never shorten an outage (no zone fully disrupted)", () => {
    const workload = fc.record({ replicas: fc.integer({ min: 1, max: 4 }), spread: fc.boolean() });
    const gen = fc.record({
      workloads: fc.array(workload, { minLength: 1, maxLength: 3 }),
      // Workers w-1 … w-9 round-robin over zones a, b, c: w-1, w-4, w-7 are in zone a.
      base: fc.subarray([1, 2, 3, 4, 5, 6], { maxLength: 3 }),
      extra: fc.constantFrom(7, 8, 9),
      seed: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(gen, (g) => {
        const objects = g.workloads.flatMap((w, i) => deployment(`app${i}`, w.replicas, w.spread ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", nodeTaintsPolicy: "Honor", labelSelector: { matchLabels: { app: `app${i}` } } }] } : {}));
        const f = fleet({ workersPerZone: 3, objects });
        const d = prepareDrill(f, { seed: g.seed, fixes: false, timeline: false });
        const small = d.run({ name: "s", steps: g.base.map((n) => fail(node(`w-${n}`))) });
        const big = d.run({ name: "b", steps: [...g.base, g.extra].map((n) => fail(node(`w-${n}`))) });
        for (const s of small.services) {
          const b = big.services.find((x) => x.id === s.id);
          expect(b, s.id).toBeDefined();
          expect(b!.rtoMs, `${s.id} RTO`).toBeGreaterThanOrEqual(s.rtoMs);
          expect(b!.capacityRtoMs, `${s.id} capacity RTO`).toBeGreaterThanOrEqual(s.capacityRtoMs);
          expect(b!.rpoMs, `${s.id} RPO`).toBeGreaterThanOrEqual(s.rpoMs);
        }
      }),
      { numRuns: 40 },
    );
  });
});
