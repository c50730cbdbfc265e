/** Which architecture of the seeds a described fleet actually is, with the evidence. @module */
import { ARCHITECTURES } from "../catalog/architectures.js";
import type { Cluster, Fleet } from "../model/fleet.js";
import type { Described } from "./types.js";

/** True for clusters with role edge, or whose every site is of kind edge. */
export function isEdgeCluster(fleet: Fleet, c: Cluster): boolean {
  if (c.role === "edge") return true;
  const sites = c.sites.map((s) => fleet.site(s));
  return sites.length > 0 && sites.every((s) => s?.kind === "edge");
}

export function classifyFleet(fleet: Fleet): Described {
  const evidence: string[] = [];
  const edge = fleet.clusters.filter((c) => isEdgeCluster(fleet, c));
  const core = fleet.clusters.filter((c) => !edge.includes(c));
  if (fleet.clusters.length === 0) return { architecture: "none", title: "no clusters", evidence };
  if (edge.length > 0) {
    evidence.push(`${edge.length} edge cluster(s): ${edge.map((c) => `${c.name} (${c.distribution} at ${c.sites.join(", ")})`).join(", ")}`);
    if (core.length > 0) evidence.push(`${core.length} core cluster(s): ${core.map((c) => c.name).join(", ")}`);
    return { architecture: "hybrid-edge", title: ARCHITECTURES["hybrid-edge"].title, evidence };
  }
  if (core.length >= 2) {
    evidence.push(`${core.length} clusters: ${core.map((c) => `${c.name} (${c.sites.join(", ")})`).join(", ")}`);
    const modes = fleet.placement.map((p) => p);
    const aa = modes.filter((p) => p.mode === "active-active");
    const ap = modes.filter((p) => p.mode === "active-passive");
    if (aa.length > 0 && aa.length >= ap.length) {
      evidence.push(`placement ${aa.map((p) => `"${p.name}"`).join(", ")} is active-active across ${[...new Set(aa.flatMap((p) => p.clusters))].join(", ")}`);
      return { architecture: "active-active", title: ARCHITECTURES["active-active"].title, evidence };
    }
    if (ap.length > 0) {
      const manual = ap.some((p) => p.failover === "manual");
      evidence.push(
        `placement ${ap.map((p) => `"${p.name}"`).join(", ")} is active-passive (${[...new Set(ap.map((p) => `${p.standby} standby`))].join(", ")}, ${manual ? "manual" : "automatic"} failover)`,
      );
      const id = manual ? "active-passive-manual" : "active-passive";
      return { architecture: id, title: ARCHITECTURES[id].title, evidence };
    }
    const strategies = new Set(fleet.traffic.hostnames.map((h) => h.strategy));
    if (strategies.size > 0 && [...strategies].every((s) => s === "failover")) {
      evidence.push("no placement; every traffic host name uses the failover strategy");
      return { architecture: "active-passive", title: ARCHITECTURES["active-passive"].title, evidence };
    }
    evidence.push(strategies.size > 0 ? `traffic strategies: ${[...strategies].join(", ")}` : "no placement and no traffic: the clusters run the same workloads independently");
    return { architecture: "active-active", title: ARCHITECTURES["active-active"].title, evidence };
  }
  const c = core[0]!;
  const etcdSites = new Set(c.controlPlane.etcd.members.map((m) => m.site));
  if (c.sites.length >= 2) {
    evidence.push(`cluster ${c.name} has nodes in ${c.sites.length} sites (${c.sites.join(", ")})`);
    if (etcdSites.size >= 2) evidence.push(`etcd members in ${etcdSites.size} sites`);
    return { architecture: "stretched", title: ARCHITECTURES.stretched.title, evidence };
  }
  if (c.zones.length >= 2 || (c.controlPlane.managed && (fleet.site(c.sites[0] ?? "")?.zones.length ?? 0) >= 2)) {
    evidence.push(`cluster ${c.name} spans ${c.zones.length} zones (${c.zones.join(", ")}) in site ${c.sites.join(", ")}`);
    return { architecture: "multi-zone", title: ARCHITECTURES["multi-zone"].title, evidence };
  }
  evidence.push(`cluster ${c.name} runs in one zone of site ${c.sites.join(", ") || "(none)"}`);
  return { architecture: "single-cluster", title: ARCHITECTURES["single-cluster"].title, evidence };
}
