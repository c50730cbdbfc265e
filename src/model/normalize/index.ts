/**
 * Normalisation: a validated Fleet document + the objects of its workload sources → the resolved
 * Fleet graph, with diagnostics for every reference that does not resolve. Pure: no I/O.
 * @module
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Fleet } from "../fleet.js";
import type { SourceDoc } from "../load/yaml-source.js";
import type { FleetDocument } from "../schema/fleet.js";
import { normalizeClusters } from "./clusters.js";
import { NormalizeContext } from "./context.js";
import { normalizeScenarios } from "./scenarios.js";
import { normalizeBackups, normalizeDataServices, normalizeObjectives, normalizeTraffic } from "./services.js";
import { normalizeTopology, warnMissingLatency } from "./topology.js";
import { normalizeWorkloads, type WorkloadBundle } from "./workloads.js";

export type { WorkloadBundle } from "./workloads.js";

export interface NormalizeOptions {
  /** "Now" for date checks (restore tests); injectable for reproducible tests. */
  now?: Date;
}

export function normalizeFleet(
  document: FleetDocument,
  source: SourceDoc,
  bundles: readonly WorkloadBundle[],
  opts: NormalizeOptions = {},
): { fleet: Fleet; diagnostics: Diagnostic[] } {
  const ctx = new NormalizeContext(source, opts.now ?? new Date());
  const spec = document.spec;
  const topo = normalizeTopology(spec, ctx);
  const clusters = normalizeClusters(spec, topo, ctx);
  warnMissingLatency(topo, new Set(clusters.flatMap((c) => c.sites)), ctx);
  const { objects, placements } = normalizeWorkloads(spec, clusters, bundles, ctx);
  const traffic = normalizeTraffic(spec, clusters, objects, ctx);
  const dataServices = normalizeDataServices(spec, clusters, topo, objects, ctx);
  const backups = normalizeBackups(spec, clusters, topo, ctx);
  const objectives = normalizeObjectives(spec, topo, clusters, objects, ctx);
  const scenarios = normalizeScenarios(spec, { clusters, zones: topo.zones, sites: topo.sites, hostnames: traffic.hostnames }, ctx);
  const clusterByName = new Map(clusters.map((c) => [c.name, c]));
  const fleet: Fleet = {
    name: document.metadata.name,
    document,
    source,
    objectives,
    sites: topo.sites,
    zones: topo.zones,
    clusters,
    placement: placements,
    traffic,
    dataServices,
    backups,
    scenarios,
    objects,
    rtt: topo.rtt,
    site: (n) => topo.siteByName.get(n),
    zone: (n) => topo.zoneByName.get(n),
    cluster: (n) => clusterByName.get(n),
  };
  return { fleet, diagnostics: ctx.diagnostics };
}
