import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ARCHITECTURES } from "../catalog/architectures.js";
import { recommend } from "./recommend.js";
import type { PlanInputs } from "./types.js";

const MIN = 60_000;

function inputs(o: Partial<PlanInputs> & { siteCount?: number; zones?: number; rttMs?: number; edgeSites?: number } = {}): PlanInputs {
  const { siteCount = 1, zones = 1, rttMs, edgeSites = 0, ...rest } = o;
  const sites = Array.from({ length: siteCount }, (_, i) => ({ name: `s${i + 1}`, kind: "datacenter", zones }));
  for (let i = 0; i < edgeSites; i++) sites.push({ name: `edge${i + 1}`, kind: "edge", zones: 1 });
  const siteRtt: PlanInputs["siteRtt"] = [];
  for (let i = 0; i < siteCount; i++)
    for (let j = i + 1; j < siteCount; j++) siteRtt.push({ a: `s${i + 1}`, b: `s${j + 1}`, ms: rttMs ?? Infinity, origin: rttMs === undefined ? "unknown" : "declared" });
  return { rtoMs: 5 * MIN, rpoMs: MIN, budget: "medium", geoRedundancy: "none", providerZones: zones > 1, edge: edgeSites > 0, sites, siteRtt, ...rest };
}

// One row per case of the seeds' decision tree and matrix (seed 000), plus the case-4 variants.
const CASES: { name: string; input: PlanInputs; expected: string; core?: string }[] = [
  { name: "case 1: one DC is enough, no zones", input: inputs(), expected: "single-cluster" },
  { name: "case 1 even with a second site when geo-redundancy is not asked", input: inputs({ siteCount: 2, rttMs: 30 }), expected: "single-cluster" },
  { name: "case 2: provider with zones", input: inputs({ zones: 3, rtoMs: 30_000, rpoMs: 0 }), expected: "multi-zone" },
  { name: "case 3: geo required, RPO 0, RTT < 10 ms → stretched (forced)", input: inputs({ siteCount: 3, rttMs: 4, rpoMs: 0, rtoMs: 30_000, budget: "high", geoRedundancy: "required" }), expected: "stretched" },
  { name: "case 4: RTT ≥ 10 ms and a short RTO → active-active", input: inputs({ siteCount: 2, rttMs: 25, rtoMs: 30_000, geoRedundancy: "required" }), expected: "active-active" },
  { name: "case 4: RTT < 10 ms but RPO > 0 → multi-cluster, not stretched", input: inputs({ siteCount: 3, rttMs: 3, rtoMs: 30_000, geoRedundancy: "required", budget: "high" }), expected: "active-active" },
  { name: "case 4: RTO 10 min → automatic active-passive", input: inputs({ siteCount: 2, rttMs: 30, rtoMs: 10 * MIN, geoRedundancy: "required" }), expected: "active-passive" },
  { name: "case 4: RTO 30 min → manual active-passive", input: inputs({ siteCount: 2, rttMs: 30, rtoMs: 30 * MIN, geoRedundancy: "required" }), expected: "active-passive-manual" },
  { name: "case 4: low budget cannot afford active-active", input: inputs({ siteCount: 2, rttMs: 30, rtoMs: 30_000, geoRedundancy: "required", budget: "low" }), expected: "active-passive" },
  { name: "case 4: geo preferred with two sites and a medium budget", input: inputs({ siteCount: 2, rttMs: 40, rtoMs: 10 * MIN, geoRedundancy: "preferred" }), expected: "active-passive" },
  { name: "geo preferred on a low budget stays in one site", input: inputs({ siteCount: 2, zones: 3, rttMs: 40, geoRedundancy: "preferred", budget: "low" }), expected: "multi-zone" },
  { name: "case 5: edge sites → hybrid/edge with a single-cluster core", input: inputs({ edgeSites: 3 }), expected: "hybrid-edge", core: "single-cluster" },
  { name: "case 5: edge sites with a geo-redundant core", input: inputs({ edgeSites: 2, siteCount: 2, rttMs: 20, rtoMs: 10 * MIN, geoRedundancy: "required" }), expected: "hybrid-edge", core: "active-passive" },
];

describe("recommend", () => {
  it.each(CASES)("$name", ({ input, expected, core }) => {
    const { decision, alternatives } = recommend(input);
    expect(decision.architecture).toBe(expected);
    if (core) expect(decision.core).toBe(core);
    expect(decision.reasons.length).toBeGreaterThan(0);
    expect(alternatives.filter((a) => a.verdict === "recommended").map((a) => a.architecture)).toContain(expected);
    expect(alternatives).toHaveLength(Object.keys(ARCHITECTURES).length);
  });

  it("rules out stretched clusters at ≥ 10 ms and says why", () => {
    const { alternatives } = recommend(inputs({ siteCount: 2, rttMs: 18, geoRedundancy: "required", rpoMs: 0 }));
    const stretched = alternatives.find((a) => a.architecture === "stretched")!;
    expect(stretched.verdict).toBe("ruled-out");
    expect(stretched.reason).toMatch(/18 ms apart; etcd needs < 10 ms/);
  });

  it("treats an unknown RTT between sites as too far for etcd", () => {
    const { decision } = recommend(inputs({ siteCount: 3, rpoMs: 0, budget: "high", geoRedundancy: "required" }));
    expect(decision.architecture).not.toBe("stretched");
    expect(decision.reasons.join(" ")).toMatch(/unknown RTT/);
  });

  it("notes that RPO 0 across distant sites is out of reach", () => {
    const { decision } = recommend(inputs({ siteCount: 2, rttMs: 30, rpoMs: 0, rtoMs: 30_000, geoRedundancy: "required" }));
    expect(decision.fit.rpo).not.toBe("meets");
    expect(decision.fit.notes.join(" ")).toMatch(/RPO 0 across sites up to 30 ms apart is not reachable/);
  });

  it("asks for a witness when a stretched cluster has only two sites", () => {
    const { decision } = recommend(inputs({ siteCount: 2, rttMs: 3, rpoMs: 0, budget: "high", geoRedundancy: "required" }));
    expect(decision.architecture).toBe("stretched");
    expect(decision.fit.notes.join(" ")).toMatch(/witness in a third site/);
  });

  it("flags a single site when geo-redundancy is required", () => {
    const { decision } = recommend(inputs({ geoRedundancy: "required", rtoMs: 10 * MIN }));
    expect(decision.mustSurvive).toBe("site");
    expect(decision.fit.notes.join(" ")).toMatch(/needs a second site/);
  });

  it("judges fit against the matrix ranges", () => {
    expect(recommend(inputs({ zones: 3, rtoMs: 30_000 })).decision.fit.rto).toBe("at-risk"); // < 1 min vs 30s
    expect(recommend(inputs({ zones: 3, rtoMs: 2 * MIN })).decision.fit.rto).toBe("meets");
    expect(recommend(inputs({ rtoMs: 30_000 })).decision.fit.rto).toBe("misses"); // single DC: 1–5 min
  });

  it("always recommends something that survives what the objectives require", () => {
    const arb = fc.record({
      rtoMs: fc.integer({ min: 0, max: 60 * MIN }),
      rpoMs: fc.constantFrom(0, 10_000, MIN, 10 * MIN),
      budget: fc.constantFrom("low", "medium", "high") as fc.Arbitrary<PlanInputs["budget"]>,
      geoRedundancy: fc.constantFrom("none", "preferred", "required") as fc.Arbitrary<PlanInputs["geoRedundancy"]>,
      siteCount: fc.integer({ min: 1, max: 4 }),
      zones: fc.integer({ min: 1, max: 3 }),
      rttMs: fc.option(fc.double({ min: 0.5, max: 80, noNaN: true }), { nil: undefined }),
      edgeSites: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(arb, (o) => {
        const { decision } = recommend(inputs(o));
        const core = decision.core ?? decision.architecture;
        if (decision.mustSurvive === "site") expect(ARCHITECTURES[core as keyof typeof ARCHITECTURES].survives).toContain("site");
        if (core === "stretched") expect(o.rttMs !== undefined && o.rttMs < 10 && o.rpoMs === 0).toBe(true);
        if (o.edgeSites > 0) expect(decision.architecture).toBe("hybrid-edge");
      }),
    );
  });
});
