/**
 * `hactl plan`: objectives and topology → the recommended architecture with reasons, expected
 * RTO/RPO, complexity and cost, the alternatives, and where the described fleet deviates.
 * @module
 */
import type { Fleet } from "../model/fleet.js";
import { classifyFleet, isEdgeCluster } from "./classify.js";
import { findDeviations } from "./deviations.js";
import { recommend } from "./recommend.js";
import type { PlanInputs, PlanResult } from "./types.js";

export type * from "./types.js";
export { recommend } from "./recommend.js";
export { classifyFleet } from "./classify.js";

/** The decision inputs of a fleet: its objectives, sites and the RTT between its non-edge sites. */
export function planInputs(fleet: Fleet): PlanInputs {
  const o = fleet.objectives;
  // Sites that host nothing still count: they are where the fleet could grow (e.g. a witness site).
  // Sites that only hold backups do not: they are where data is kept, not candidate data centres — a
  // bucket's distance says nothing about whether etcd can span the data centres, and a bucket is not
  // a second site to run clusters in.
  const hosting = new Set(fleet.clusters.flatMap((c) => c.sites));
  const backupOnly = new Set(fleet.backups.map((b) => b.site).filter((s) => !hosting.has(s)));
  const coreSites = fleet.sites.filter((s) => s.kind !== "edge" && !backupOnly.has(s.name));
  const siteRtt: PlanInputs["siteRtt"] = [];
  for (let i = 0; i < coreSites.length; i++) {
    for (let j = i + 1; j < coreSites.length; j++) {
      const r = fleet.rtt(coreSites[i]!.name, coreSites[j]!.name);
      siteRtt.push({ a: coreSites[i]!.name, b: coreSites[j]!.name, ms: r.ms, origin: r.origin });
    }
  }
  const edge = o.edge || fleet.clusters.some((c) => isEdgeCluster(fleet, c));
  return {
    rtoMs: o.rtoMs,
    rpoMs: o.rpoMs,
    budget: o.budget,
    geoRedundancy: o.geoRedundancy,
    providerZones: o.providerZones,
    edge,
    sites: fleet.sites.filter((s) => !backupOnly.has(s.name)).map((s) => ({ name: s.name, kind: s.kind, zones: s.zones.length, jurisdiction: s.jurisdiction })),
    siteRtt,
  };
}

/** Plans one fleet. Pure. `overrides` replace objective inputs for what-if questions (`--rpo 0`). */
export function planFleet(fleet: Fleet, overrides: Partial<PlanInputs> = {}): PlanResult {
  const inputs = { ...planInputs(fleet), ...overrides };
  const { decision, alternatives } = recommend(inputs);
  const described = classifyFleet(fleet);
  const deviations = findDeviations(fleet, inputs, decision, alternatives, described);
  return { fleet: fleet.name, inputs, recommended: decision, alternatives, described, deviations };
}

/** Plans from inputs alone (no fleet described yet), e.g. for `hactl plan --init`. */
export function planFromInputs(inputs: PlanInputs, name = "starter"): PlanResult {
  const { decision, alternatives } = recommend(inputs);
  return { fleet: name, inputs, recommended: decision, alternatives, deviations: [] };
}
