/**
 * Traffic host names: the GSLB marks a target down after `interval × fall` of failed health checks
 * (up again after `interval × rise`), changes its answers by strategy (failover: the first healthy
 * target by priority; round-robin, weighted, geo: each client group keeps its own target while it is
 * healthy), and clients follow only when their cached answer expires: record TTL plus resolver and
 * client caching. A standby of an active-passive placement serves only after its promotion (hot,
 * warm, cold; manual adds the decision time). Clients stuck on a dead target are down: the host name
 * counts as unavailable while any client group is. Facts: ../shared/knowledge/gslb-and-multicluster.md.
 * @module
 */
import { formatDuration, parseDuration } from "../../model/units.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { ClientGroup, HostSim } from "../state/service-state.js";
import type { Segment } from "../types.js";

export function hostSim(ds: DrillSim, name: string): HostSim {
  let hs = ds.hosts.get(name);
  if (hs) return hs;
  const def = ds.fleet.traffic.hostnames.find((h) => h.name === name)!;
  const svc = ds.registry.byId.get(`hostname/${name}`)!;
  const tw = ds.tweaks.hostnames?.get(name);
  const interval = parseDuration(def.spec.healthCheck.interval) ?? 10_000;
  const placement = svc.placement?.mode === "active-passive" ? svc.placement : undefined;
  const targets = def.targets.map((t) => {
    const standby = placement !== undefined && placement.clusters.indexOf(t.cluster) > 0;
    return { cluster: t.cluster, healthy: true, gslbUp: true, flipAt: -1, promotedAt: standby ? Infinity : -Infinity, standby };
  });
  const order = def.targets.map((t, i) => ({ i, p: t.priority ?? i })).sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.i);
  let groups: ClientGroup[];
  if (def.strategy === "failover") groups = [{ share: 1, prefer: order, cached: order[0] ?? -1, switchAt: -1, next: order[0] ?? -1 }];
  else {
    const weights = def.targets.map((t) => (def.strategy === "weighted" ? (t.weight ?? 1) : 1));
    const sum = weights.reduce((a, b) => a + b, 0) || 1;
    groups = def.targets.map((_, i) => ({ share: weights[i]! / sum, prefer: [i, ...order.filter((j) => j !== i)], cached: i, switchAt: -1, next: i }));
  }
  hs = { def, ttlMs: tw?.ttlMs ?? def.ttlMs, detectionMs: tw?.detectionMs ?? def.detectionMs, riseMs: interval * def.spec.healthCheck.rise, targets, groups, chain: [] };
  ds.hosts.set(name, hs);
  // Created on first touch, possibly after the failure: start from the state before it.
  hs.targets.forEach((t, i) => {
    t.healthy = baselineHealthy(ds, hs!, i);
    t.gslbUp = t.healthy;
  });
  for (const g of hs.groups) g.cached = g.next = answer(hs, g);
  return hs;
}

/** Whether a target served before the scenario: running workload, not a standby waiting for promotion. */
function baselineHealthy(ds: DrillSim, hs: HostSim, i: number): boolean {
  const t = hs.targets[i]!;
  if (t.standby) return false;
  const member = ds.registry.byId.get(`hostname/${hs.def.name}`)!.members.find((m) => m.cluster === t.cluster);
  return !member || (ds.clusters.get(t.cluster)?.model.workloads.get(member.workload)?.baseline ?? 0) > 0;
}

/** Whether a target really serves now. */
function targetHealthy(ds: DrillSim, hs: HostSim, i: number): boolean {
  const t = hs.targets[i]!;
  if (ds.failedTargets.has(`${hs.def.name}|${t.cluster}`) || ds.failedClusters.has(t.cluster)) return false;
  if (ds.sim.now < t.promotedAt) return false;
  const cs = ds.clusters.get(t.cluster);
  if (!cs) return false;
  const member = ds.registry.byId.get(`hostname/${hs.def.name}`)!.members.find((m) => m.cluster === t.cluster);
  if (member) return (cs.workloads.get(member.workload)?.serving ?? cs.model.workloads.get(member.workload)?.baseline ?? 0) > 0;
  // No workload named (or a cold standby not deployed before promotion): the cluster's ingress nodes.
  return cs.model.cluster.nodes.some((n) => n.role !== "control-plane" && cs.nodes.get(n.name)?.powered !== false && !ds.zoneDown(n.zone));
}

function answer(hs: HostSim, g: ClientGroup): number {
  for (const i of g.prefer) if (hs.targets[i]!.gslbUp) return i;
  // Every target is down: Route 53 style answers all (clients keep trying the first), else NODATA or a fallback.
  return hs.def.spec.allDown === "all" ? (g.prefer[0] ?? -1) : -1;
}

/** Re-checks target health; schedules what the GSLB and the clients will see. */
export function reactHost(ds: DrillSim, id: string): void {
  const hs = hostSim(ds, id.slice("hostname/".length));
  const svc = ds.registry.byId.get(id)!;
  hs.targets.forEach((t, i) => {
    const h = targetHealthy(ds, hs, i);
    if (h === t.healthy) return;
    t.healthy = h;
    const at = ds.sim.now + (h ? hs.riseMs : hs.detectionMs);
    t.flipAt = at;
    ds.sim.at(at, () => {
      if (t.flipAt !== at || t.healthy !== h) return;
      t.gslbUp = h;
      ds.sim.note("traffic", t.cluster, () => `GSLB marks ${hs.def.name} target ${t.cluster} ${h ? "healthy" : "down"} (${h ? `${formatDuration(hs.riseMs)} of passing checks` : `${formatDuration(hs.detectionMs)} of failed checks: interval × fall`})`);
      answersChanged(ds, hs, id);
    });
    // The active cluster of an active-passive placement failed: the standbys get promoted.
    const p = svc.placement;
    if (!h && p?.mode === "active-passive" && p.clusters[0] === t.cluster) {
      for (const s of hs.targets) {
        if (!s.standby || Number.isFinite(s.promotedAt)) continue;
        s.promotedAt = ds.sim.now + hs.detectionMs + p.promotionMs;
        ds.sim.note("traffic", s.cluster, () => `${p.name}: active cluster ${t.cluster} down; ${p.standby} standby ${s.cluster} promoted in ${formatDuration(hs.detectionMs + p.promotionMs)} (detection + ${p.failover} promotion ${formatDuration(p.promotionMs)})`);
        ds.sim.at(s.promotedAt, () => ds.touch(id));
      }
    }
  });
}

function answersChanged(ds: DrillSim, hs: HostSim, id: string): void {
  const cache = ds.fleet.traffic.resolverCacheMs;
  const p = ds.registry.byId.get(id)?.placement;
  for (const g of hs.groups) {
    const a = answer(hs, g);
    if (a === g.next) continue;
    g.next = a;
    g.switchAt = ds.sim.now + hs.ttlMs + cache;
    const at = g.switchAt;
    ds.sim.at(at, () => {
      if (g.switchAt !== at) return;
      g.cached = g.next;
      const t = hs.targets[g.cached];
      const chain: Segment[] = [
        { mechanism: "traffic", label: `GSLB detection ${formatDuration(hs.detectionMs)} (interval × fall)`, ms: hs.detectionMs },
        ...(t?.standby && p
          ? [
              { mechanism: "traffic" as const, label: `${p.standby} standby promotion ${formatDuration(p.promotionMs)} (${p.failover} failover)`, ms: p.promotionMs },
              { mechanism: "traffic" as const, label: `standby health checks pass ${formatDuration(hs.riseMs)} (interval × rise)`, ms: hs.riseMs },
            ]
          : []),
        { mechanism: "traffic", label: `DNS TTL ${formatDuration(hs.ttlMs)}`, ms: hs.ttlMs },
        { mechanism: "traffic", label: `resolver cache ${formatDuration(cache)}`, ms: cache },
      ];
      hs.chain = chain;
      ds.sim.note("traffic", t?.cluster, () => `clients of ${hs.def.name}${hs.groups.length > 1 ? ` (${Math.round(g.share * 100)}%)` : ""} now reach ${t ? t.cluster : "no target"} (TTL ${formatDuration(hs.ttlMs)} + resolver cache ${formatDuration(cache)} after the answer changed)`);
      ds.touch(id, chain);
    });
  }
  ds.touch(id);
}

/** Down while some client group's cached target does not serve; degraded while a target is unhealthy. */
export function hostLevel(ds: DrillSim, id: string): 0 | 1 | 2 {
  const hs = hostSim(ds, id.slice("hostname/".length));
  for (const g of hs.groups) if (g.cached < 0 || !hs.targets[g.cached]!.healthy) return 0;
  return hs.targets.every((t) => t.healthy || t.standby) ? 2 : 1;
}

/** Share of clients cut off now (for messages). */
export function hostAffectedShare(ds: DrillSim, id: string): number {
  const hs = hostSim(ds, id.slice("hostname/".length));
  return hs.groups.filter((g) => g.cached < 0 || !hs.targets[g.cached]!.healthy).reduce((a, g) => a + g.share, 0);
}
