/**
 * Traffic host names, data services, backups and objectives: resolved against the clusters, zones,
 * sites and workloads they name.
 * @module
 */
import type { K8sObject } from "../../k8s/object.js";
import { cronMaxIntervalMs } from "../cron.js";
import type { Backup, Cluster, DataService, ResolvedObjectives, TrafficHostname } from "../fleet.js";
import type { FleetSpec } from "../schema/fleet.js";
import { parseDuration } from "../units.js";
import type { NormalizeContext } from "./context.js";
import type { Topology } from "./topology.js";

const SERVING_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Service", "Job", "CronJob", "Pod"]);
/** Replication lag assumed for an async replica that does not state one. */
export const DEFAULT_ASYNC_LAG_MS = 5_000;
/** Restore time assumed when a backup does not state one. */
export const DEFAULT_RESTORE_MS = 30 * 60_000;

export function normalizeTraffic(spec: FleetSpec, clusters: Cluster[], objects: K8sObject[], ctx: NormalizeContext): { resolverCacheMs: number; provider: string; hostnames: TrafficHostname[] } {
  const t = spec.traffic;
  if (!t) return { resolverCacheMs: 30_000, provider: "hactl", hostnames: [] };
  const clusterNames = clusters.map((c) => c.name);
  ctx.duplicates(t.hostnames, (h) => h.name.toLowerCase().replace(/\.$/, ""), (i) => ["spec", "traffic", "hostnames", i, "name"], "hostname");
  const hostnames = t.hostnames.map((h, hi): TrafficHostname => {
    const at = ["spec", "traffic", "hostnames", hi];
    h.targets.forEach((target, ti) => {
      if (!clusterNames.includes(target.cluster)) ctx.unresolved([...at, "targets", ti, "cluster"], "cluster", target.cluster, clusterNames);
    });
    if (h.allDown === "fallback" && !(h.fallback && h.fallback.length > 0)) {
      ctx.error([...at, "allDown"], "missing-field", "allDown: fallback needs `fallback` addresses", { suggestion: "add fallback: [198.51.100.5] (e.g. a static maintenance page)" });
    }
    if (h.fallback && h.allDown !== "fallback") {
      ctx.warn([...at, "fallback"], "ignored-field", `fallback addresses are only answered with allDown: fallback (this host name has allDown: ${h.allDown})`);
    }
    if (h.strategy === "weighted" && h.targets.every((x) => (x.weight ?? 1) === 0)) {
      ctx.error([...at, "targets"], "out-of-range", "every target has weight 0: the weighted strategy could never answer");
    }
    if (h.workload) resolveWorkload(objects, h.workload, [...at, "workload"], ctx);
    const interval = parseDuration(h.healthCheck.interval)!;
    const timeout = parseDuration(h.healthCheck.timeout)!;
    if (timeout > interval) {
      ctx.warn([...at, "healthCheck", "timeout"], "conflict", `the probe timeout (${h.healthCheck.timeout}) is longer than the interval (${h.healthCheck.interval}); probes will overlap`);
    }
    return {
      spec: h,
      name: h.name.replace(/\.$/, "").toLowerCase(),
      strategy: h.strategy,
      ttlMs: parseDuration(h.ttl)!,
      detectionMs: interval * h.healthCheck.fall,
      targets: h.targets,
    };
  });
  return { resolverCacheMs: parseDuration(t.resolverCache)!, provider: t.provider, hostnames };
}

export function normalizeDataServices(spec: FleetSpec, clusters: Cluster[], topo: Topology, objects: K8sObject[], ctx: NormalizeContext): DataService[] {
  const list = spec.dataServices ?? [];
  ctx.duplicates(list, (d) => d.name, (i) => ["spec", "dataServices", i, "name"], "data service");
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const backupNames = (spec.backups ?? []).map((b) => b.name);
  const where = (loc: { cluster: string; zone?: string }, path: (string | number)[]) => {
    const c = byName.get(loc.cluster);
    if (!c) {
      ctx.unresolved([...path, "cluster"], "cluster", loc.cluster, [...byName.keys()]);
      return { cluster: loc.cluster, zone: loc.zone };
    }
    if (loc.zone !== undefined) {
      const z = topo.zoneByName.get(loc.zone);
      if (!z) {
        ctx.unresolved([...path, "zone"], "zone", loc.zone, c.zones);
        return { cluster: loc.cluster, zone: loc.zone };
      }
      if (!c.zones.includes(loc.zone)) {
        ctx.error([...path, "zone"], "unresolved-reference", `cluster "${c.name}" has no nodes in zone "${loc.zone}"`, {
          suggestion: `zones of ${c.name}: ${c.zones.join(", ")}`,
        });
      }
      return { cluster: c.name, zone: loc.zone, site: z.site };
    }
    return { cluster: c.name, site: c.sites.length === 1 ? c.sites[0] : undefined };
  };
  return list.map((d, di) => {
    const at = ["spec", "dataServices", di];
    if (d.workload) resolveWorkload(objects, d.workload, [...at, "workload"], ctx);
    if (d.backup !== undefined && !backupNames.includes(d.backup)) ctx.unresolved([...at, "backup"], "backup", d.backup, backupNames);
    const primary = where(d.primary, [...at, "primary"]);
    const replicas = d.replicas.map((r, ri) => {
      if (r.mode === "sync" && r.lag !== undefined) {
        ctx.warn([...at, "replicas", ri, "lag"], "ignored-field", "a synchronous replica has no replication lag (commits wait for it)", { suggestion: "remove lag, or set mode: async" });
      }
      return {
        ...where(r, [...at, "replicas", ri]),
        mode: r.mode,
        lagMs: r.mode === "sync" ? 0 : r.lag ? parseDuration(r.lag)! : DEFAULT_ASYNC_LAG_MS,
        count: r.count,
      };
    });
    return {
      spec: d,
      name: d.name,
      engine: d.engine,
      failover: d.failover,
      failoverMs: d.failoverTime ? parseDuration(d.failoverTime) : undefined,
      primary,
      replicas,
    };
  });
}

export function normalizeBackups(spec: FleetSpec, clusters: Cluster[], topo: Topology, ctx: NormalizeContext): Backup[] {
  const list = spec.backups ?? [];
  ctx.duplicates(list, (b) => b.name, (i) => ["spec", "backups", i, "name"], "backup");
  const clusterNames = clusters.map((c) => c.name);
  const dataNames = (spec.dataServices ?? []).map((d) => d.name);
  const out: Backup[] = [];
  list.forEach((b, bi) => {
    const at = ["spec", "backups", bi];
    const interval = cronMaxIntervalMs(b.schedule);
    if ("error" in interval) {
      ctx.error([...at, "schedule"], "invalid-format", `invalid schedule "${b.schedule}": ${interval.error}`, { expected: 'a 5-field cron schedule such as "0 */6 * * *", or @hourly / @daily / @every 6h' });
    }
    if (!topo.siteByName.has(b.location.site)) ctx.unresolved([...at, "location", "site"], "site", b.location.site, [...topo.siteByName.keys()]);
    (b.scope.clusters ?? []).forEach((c, i) => {
      if (!clusterNames.includes(c)) ctx.unresolved([...at, "scope", "clusters", i], "cluster", c, clusterNames);
    });
    (b.scope.dataServices ?? []).forEach((d, i) => {
      if (!dataNames.includes(d)) ctx.unresolved([...at, "scope", "dataServices", i], "data service", d, dataNames);
    });
    if (b.lastRestoreTest && Date.parse(b.lastRestoreTest) > ctx.now.getTime()) {
      ctx.warn([...at, "lastRestoreTest"], "future-date", `the last restore test (${b.lastRestoreTest}) is in the future`);
    }
    out.push({
      spec: b,
      name: b.name,
      tool: b.tool,
      schedule: b.schedule,
      maxIntervalMs: "ms" in interval ? interval.ms : Infinity,
      durationMs: parseDuration(b.duration)!,
      restoreMs: b.restoreTime ? parseDuration(b.restoreTime)! : DEFAULT_RESTORE_MS,
      site: b.location.site,
      clusters: b.scope.clusters ?? clusterNames,
      namespaces: b.scope.namespaces,
      dataServices: b.scope.dataServices ?? [],
      volumes: b.scope.volumes,
      lastRestoreTest: b.lastRestoreTest,
    });
  });
  return out;
}

export function normalizeObjectives(spec: FleetSpec, topo: Topology, clusters: Cluster[], objects: K8sObject[], ctx: NormalizeContext): ResolvedObjectives {
  const o = spec.objectives;
  const rtoMs = parseDuration(o.rto)!;
  const rpoMs = parseDuration(o.rpo)!;
  const known = new Set<string>();
  for (const obj of objects) if (SERVING_KINDS.has(obj.kind)) known.add(obj.metadata.name);
  for (const d of spec.dataServices ?? []) known.add(d.name);
  for (const h of spec.traffic?.hostnames ?? []) known.add(h.name);
  const services = (o.services ?? []).map((s, i) => {
    const matches =
      (spec.dataServices ?? []).some((d) => d.name === s.name) ||
      (spec.traffic?.hostnames ?? []).some((h) => h.name === s.name) ||
      objects.some((obj) => SERVING_KINDS.has(obj.kind) && obj.metadata.name === s.name && (s.namespace === undefined || obj.metadata.namespace === s.namespace));
    if (!matches) {
      ctx.unresolved(["spec", "objectives", "services", i, "name"], "service", s.namespace ? `${s.namespace}/${s.name}` : s.name, [...known]);
    }
    return {
      name: s.name,
      namespace: s.namespace,
      rtoMs: s.rto ? parseDuration(s.rto)! : rtoMs,
      rpoMs: s.rpo ? parseDuration(s.rpo)! : rpoMs,
      critical: s.critical ?? false,
    };
  });
  if (o.dataResidency) {
    topo.sites.forEach((s, i) => {
      if (s.jurisdiction === undefined) {
        ctx.warn(["spec", "sites", i], "missing-field", `objectives.dataResidency is set but site "${s.name}" has no jurisdiction`, {
          suggestion: `add jurisdiction: ${o.dataResidency![0]} (or the site's actual jurisdiction)`,
        });
      }
    });
  }
  const providerZones = o.providerZones ?? topo.sites.some((s) => s.declaredZones && s.zones.length >= 2);
  const edge = o.edge ?? (topo.sites.some((s) => s.kind === "edge") || clusters.some((c) => c.distribution === "kubeedge"));
  return {
    spec: o,
    rtoMs,
    rpoMs,
    budget: o.budget,
    geoRedundancy: o.geoRedundancy,
    dataResidency: o.dataResidency,
    providerZones,
    edge,
    services,
  };
}

function resolveWorkload(objects: K8sObject[], ref: { namespace?: string; name: string }, path: (string | number)[], ctx: NormalizeContext): void {
  const found = objects.some(
    (o) => SERVING_KINDS.has(o.kind) && o.metadata.name === ref.name && (ref.namespace === undefined || o.metadata.namespace === ref.namespace),
  );
  if (!found) {
    const known = [...new Set(objects.filter((o) => SERVING_KINDS.has(o.kind)).map((o) => o.metadata.name))];
    ctx.unresolved([...path, "name"], "workload", ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name, known);
  }
}
