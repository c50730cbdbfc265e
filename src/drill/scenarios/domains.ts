/**
 * The scenarios of a sweep: every single failure domain — each node, zone, site, cluster, etcd member
 * and API endpoint (its active instance) — then the scenarios the fleet declares. The order is stable
 * (the fleet's order), so shard k/N and merge give the same result as one sweep.
 * @module
 */
import type { FailureTarget, Fleet, Scenario } from "../../model/fleet.js";
import { describeTarget } from "./describe.js";

export interface SweepScenario {
  scenario: Scenario;
  /** `node`, `zone`, `site`, `cluster`, `etcd-member`, `endpoint` or `declared`. */
  domain: string;
  /** Whether the objectives ask the fleet to survive it (see {@link inScope}). */
  inScope: boolean;
}

/**
 * Failures the objectives cover: a node, an etcd member, an API endpoint instance and a zone of a site
 * with several zones always; a whole site or cluster only when geo-redundancy is preferred or
 * required (a single-DC fleet promises nothing for the loss of its DC — the sweep still reports it as
 * exposure), a whole cluster only then and when the fleet has another cluster; declared scenarios always.
 */
export function inScope(fleet: Fleet, domain: string, target?: FailureTarget): boolean {
  const geo = fleet.objectives.geoRedundancy !== "none";
  if (domain === "site") return geo;
  // Losing a whole cluster (a failed upgrade, a corrupted etcd) can only be survived with another cluster.
  if (domain === "cluster") return geo && fleet.clusters.length >= 2;
  if (domain === "zone" && target?.kind === "zone") {
    const site = fleet.site(fleet.zone(target.zone)?.site ?? "");
    return geo || (site !== undefined && site.declaredZones && site.zones.length >= 2);
  }
  return true;
}

/** Every single failure domain of the fleet (of `cluster` only, when given) plus the declared scenarios. */
export function sweepScenarios(fleet: Fleet, cluster?: string): SweepScenario[] {
  const out: SweepScenario[] = [];
  const single = (name: string, target: FailureTarget, domain: string): SweepScenario => ({
    scenario: { name, description: `${describeTarget(target)} fails`, steps: [{ atMs: 0, action: "fail", target }] },
    domain,
    inScope: inScope(fleet, domain, target),
  });
  const clusters = fleet.clusters.filter((c) => !cluster || c.name === cluster);
  const multi = fleet.clusters.length > 1;
  for (const c of clusters) for (const n of c.nodes) out.push(single(multi ? `node/${c.name}/${n.name}` : `node/${n.name}`, { kind: "node", cluster: c.name, node: n.name }, "node"));
  const zones = [...new Set(clusters.flatMap((c) => c.zones))];
  const sites = [...new Set(clusters.flatMap((c) => c.sites))];
  for (const z of zones) {
    const site = fleet.site(fleet.zone(z)?.site ?? "");
    // A site without declared zones is one zone: its site scenario covers it (and its backups).
    if (site && !site.declaredZones) continue;
    out.push(single(`zone/${z}`, { kind: "zone", zone: z }, "zone"));
  }
  for (const s of sites) out.push(single(`site/${s}`, { kind: "site", site: s }, "site"));
  for (const c of clusters) out.push(single(`cluster/${c.name}`, { kind: "cluster", cluster: c.name }, "cluster"));
  for (const c of clusters) {
    if (c.controlPlane.managed) continue;
    for (const m of c.controlPlane.etcd.members) out.push(single(`etcd/${c.name}/${m.name}`, { kind: "etcd-member", cluster: c.name, member: m.name }, "etcd-member"));
  }
  for (const c of clusters) out.push(single(`endpoint/${c.name}`, { kind: "endpoint", cluster: c.name, instances: 1 }, "endpoint"));
  for (const s of fleet.scenarios) {
    if (cluster && !s.steps.some((st) => !("cluster" in st.target) || st.target.cluster === cluster)) continue;
    out.push({ scenario: s, domain: "declared", inScope: true });
  }
  return out;
}
