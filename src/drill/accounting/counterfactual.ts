/**
 * The change that would meet a missed objective, with the number it gives: candidate changes follow
 * from what dominated the recovery (a toleration, a stuck StatefulSet pod, a DNS TTL, a missing
 * replica, a lost etcd quorum ...), and each is checked by running the same scenario again with the
 * change applied. The first candidate that meets the objective wins; else the one that helps most.
 * @module
 */
import { field, type K8sObject } from "../../k8s/object.js";
import type { Backup, DataService, Scenario } from "../../model/fleet.js";
import { formatDuration } from "../../model/units.js";
import { runScenario, type RunOptions } from "../run.js";
import type { DrillSim, Tweaks } from "../state/drill-sim.js";
import type { DrillModel, EtcdInfo } from "../state/model.js";
import type { Fix, ServiceOutcome } from "../types.js";
import { ServiceRegistry, type ServiceDef } from "./services.js";

interface Candidate {
  change: string;
  tweaks?: Tweaks;
  /** Replaced objects of one cluster (a manifest change: the cluster is placed again). */
  objects?: { cluster: string; objects: K8sObject[] };
}

/** Clusters with more pods than this are not placed again for a manifest change (it would cost seconds). */
const REPLACE_LIMIT_PODS = 20_000;
const TOLERATION_FIX_SECONDS = 30;
const FENCING_AFTER_MS = 60_000;

export function findFix(model: DrillModel, registry: ServiceRegistry, scenario: Scenario, opts: RunOptions, ds: DrillSim, out: ServiceOutcome): Fix | undefined {
  const def = registry.byId.get(out.id);
  if (!def) return undefined;
  let best: Fix | undefined;
  for (const c of candidates(model, ds, def, out)) {
    let m = model;
    let reg = registry;
    if (c.objects) {
      const pods = model.cluster(c.objects.cluster).twin.pods().length;
      if (pods > REPLACE_LIMIT_PODS) continue;
      m = model.withObjects(c.objects.cluster, c.objects.objects);
      reg = new ServiceRegistry(m.fleet, m);
    }
    const r = runScenario(m, reg, scenario, { ...opts, timeline: false }, c.tweaks ?? {}).result.services.find((s) => s.id === out.id);
    const rtoMs = r?.rtoMs ?? 0;
    const rpoMs = r?.rpoMs ?? 0;
    const meets = rtoMs <= def.objective.rtoMs && rpoMs <= def.objective.rpoMs;
    const parts = [`RTO ${formatDuration(rtoMs)}`];
    if (rpoMs !== out.rpoMs || out.rpoMs > def.objective.rpoMs) parts.push(`RPO ${rpoMs === Infinity ? "everything" : formatDuration(rpoMs)}`);
    const fix: Fix = { change: c.change, rtoMs, rpoMs, meets, text: `${c.change} → ${parts.join(", ")}` };
    if (meets) return fix;
    // Helps: no figure gets worse, one gets better.
    const better = rtoMs <= out.rtoMs && rpoMs <= out.rpoMs && (rtoMs < out.rtoMs || rpoMs < out.rpoMs);
    if (better && (!best || rtoMs + rpoMs < best.rtoMs + best.rpoMs)) best = fix;
  }
  return best;
}

function candidates(model: DrillModel, ds: DrillSim, def: ServiceDef, out: ServiceOutcome): Candidate[] {
  const list: Candidate[] = [];
  const o = def.objective;
  const text = `${out.unbounded ?? ""} ${out.mechanism} ${out.rpoBasis}`;
  const members = def.members;
  const rtoMissed = out.rtoMs > o.rtoMs;
  if (rtoMissed) {
    const toleration = out.chain.find((s) => s.mechanism === "taint-eviction");
    if (toleration && toleration.ms > TOLERATION_FIX_SECONDS * 1000 && members.length > 0) {
      const t = new Map(members.map((m) => [`${m.cluster}|${m.workload}`, TOLERATION_FIX_SECONDS]));
      list.push({ change: `tolerationSeconds: ${TOLERATION_FIX_SECONDS} for node.kubernetes.io/unreachable and not-ready on ${names(members)}`, tweaks: { tolerationSeconds: t } });
    }
    if (text.includes("at most one pod per identity") || text.includes("at-most-one") || out.chain.some((s) => s.label.includes("force detach")) || text.includes("PartialDisruption")) {
      list.push({ change: `automate node.kubernetes.io/out-of-service ${formatDuration(FENCING_AFTER_MS)} after a node goes NotReady (fencing, non-graceful node shutdown)`, tweaks: { fencingAfterMs: FENCING_AFTER_MS } });
    }
    if (text.includes("topology spread")) {
      for (const m of members) {
        const objs = honorTaints(model, m.cluster, m.workload);
        if (objs) list.push({ change: `nodeTaintsPolicy: Honor on the DoNotSchedule topologySpreadConstraints of ${m.workload} (a dead zone's tainted nodes stop counting as a domain)`, objects: { cluster: m.cluster, objects: objs } });
      }
    }
    if (def.kind === "hostname" && def.hostname) {
      const cache = ds.fleet.traffic.resolverCacheMs;
      const ttl = Math.max(5_000, Math.min(def.hostname.ttlMs, 10_000));
      if (ttl < def.hostname.ttlMs) list.push({ change: `ttl: ${formatDuration(ttl)} on ${def.name}`, tweaks: { hostnames: new Map([[def.name, { ttlMs: ttl }]]) } });
      list.push({ change: `ttl: ${formatDuration(ttl)} and health checks every 5s with fall 2 on ${def.name} (resolver cache ${formatDuration(cache)} stays)`, tweaks: { hostnames: new Map([[def.name, { ttlMs: ttl, detectionMs: 10_000 }]]) } });
    }
    if (def.kind === "data" && def.data) {
      const d = ds.dataService(def.data);
      if (d.failover === "manual") list.push({ change: `failover: automatic on ${d.name}`, tweaks: { dataServices: new Map([[d.name, { ...d, failover: "automatic" }]]) } });
      if (text.includes("no live replica") || text.includes("every copy") || text.includes("restore")) list.push(addSyncReplica(ds, d));
      if (text.includes("leader key") && !d.spec.failsafeMode) list.push({ change: `failsafeMode: true on ${d.name} (Patroni failsafe_mode)`, tweaks: { dataServices: new Map([[d.name, { ...d, spec: { ...d.spec, failsafeMode: true } }]]) } });
    }
    if (text.includes("etcd quorum lost")) for (const c of def.clusters) {
      const w = witness(ds, c);
      if (w) list.push({ change: `add an etcd member (witness) in ${w.site}${w.zone !== w.site ? ` zone ${w.zone}` : ""} for cluster ${c}`, tweaks: { etcdMembers: new Map([[c, [w]]]) } });
    }
    if (text.includes("API endpoint")) for (const c of def.clusters) {
      const cs = ds.clusters.get(c);
      const cp = cs?.model.cluster.controlPlane.nodes ?? [];
      if (cp.length >= 2) list.push({ change: `endpoint: { kind: kube-vip } on the ${cp.length} control-plane nodes of ${c}`, tweaks: { endpoints: new Map([[c, { kind: "kube-vip", failoverMs: 3_000, instances: cp.map((n) => ({ name: n.name, node: n.name, zone: n.zone, site: n.site })) }]]) } });
    }
    for (const m of members) {
      const info = model.cluster(m.cluster).workloads.get(m.workload);
      if (info && info.desired === 1 && (info.kind === "Deployment" || info.kind === "StatefulSet")) {
        const objs = moreReplicas(model, m.cluster, m.workload);
        if (objs) list.push({ change: `replicas: 2 with a required hostname anti-affinity on ${m.workload}`, objects: { cluster: m.cluster, objects: objs } });
      }
    }
  }
  if (out.rpoMs > o.rpoMs) {
    if (def.kind === "data" && def.data) {
      const d = ds.dataService(def.data);
      if (d.replicas.some((r) => r.mode === "async") && out.rpoBasis.includes("promoted")) {
        list.push({ change: `mode: sync for the replicas of ${d.name} (synchronous commit)`, tweaks: { dataServices: new Map([[d.name, { ...d, replicas: d.replicas.map((r) => ({ ...r, mode: "sync" as const, lagMs: 0 })) }]]) } });
      }
      if (!out.rpoBasis.includes("promoted")) list.push(addSyncReplica(ds, d));
    }
    const b = /backup ([a-z0-9.-]+) \(/.exec(out.rpoBasis)?.[1];
    const backup = b ? ds.fleet.backups.find((x) => x.name === b) : undefined;
    // A schedule can only help when the objective leaves room for one run's duration.
    if (backup && o.rpoMs - backup.durationMs >= 60_000) {
      const every = o.rpoMs - backup.durationMs;
      if (every < backup.maxIntervalMs) list.push({ change: `schedule ${backup.name} every ${formatDuration(every)} (was ${backup.schedule})`, tweaks: { backups: new Map<string, Backup>([[backup.name, { ...backup, maxIntervalMs: every }]]) } });
    }
  }
  return list;
}

function names(members: readonly { workload: string }[]): string {
  return [...new Set(members.map((m) => m.workload))].join(", ");
}

/**
 * A replica that would have survived: synchronous in another live zone of the primary's cluster, or —
 * when the primary's whole cluster or site is gone — asynchronous in another live cluster.
 */
function addSyncReplica(ds: DrillSim, d: DataService): Candidate {
  const c = ds.fleet.cluster(d.primary.cluster);
  const zone = c?.zones.find((z) => z !== d.primary.zone && !ds.zoneDown(z));
  if (zone && !ds.failedClusters.has(d.primary.cluster)) {
    const replica = { cluster: d.primary.cluster, zone, site: ds.fleet.zone(zone)?.site, mode: "sync" as const, lagMs: 0, count: 1 };
    return { change: `add a synchronous replica of ${d.name} in zone ${zone}`, tweaks: { dataServices: new Map([[d.name, { ...d, replicas: [...d.replicas, replica] }]]) } };
  }
  const other = ds.fleet.clusters.find((x) => x.name !== d.primary.cluster && !ds.failedClusters.has(x.name) && x.zones.some((z) => !ds.zoneDown(z)));
  const target = other?.name ?? d.primary.cluster;
  const replica = { cluster: target, mode: "async" as const, lagMs: 5_000, count: 1 };
  return { change: `add an asynchronous replica of ${d.name} in cluster ${target} (lag ≈ 5s)`, tweaks: { dataServices: new Map([[d.name, { ...d, replicas: [...d.replicas, replica] }]]) } };
}

/** A witness etcd member in a site (else zone) that holds no member yet and did not fail. */
function witness(ds: DrillSim, cluster: string): EtcdInfo | undefined {
  const cs = ds.clusters.get(cluster);
  if (!cs) return undefined;
  const used = new Set(cs.etcd.map((m) => m.site));
  const site = ds.fleet.sites.find((s) => !used.has(s.name) && !ds.failedSites.has(s.name) && s.kind !== "edge");
  if (site) return { name: "witness", zone: site.zones[0]!, site: site.name };
  const zones = new Set(cs.etcd.map((m) => m.zone));
  const z = ds.fleet.zones.find((x) => !zones.has(x.name) && !ds.zoneDown(x.name));
  // No free place in the fleet: a witness in a third site the fleet does not declare yet.
  return z ? { name: "witness", zone: z.name, site: z.site } : { name: "witness", zone: "a third site", site: "a third site" };
}

function patchWorkload(model: DrillModel, cluster: string, ref: string, patch: (spec: Record<string, unknown>, body: Record<string, unknown>) => boolean): K8sObject[] | undefined {
  const objs = model.cluster(cluster).cluster.objects;
  const i = objs.findIndex((o) => `${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}` === ref || `${o.kind}/${o.metadata.name}` === ref);
  if (i < 0) return undefined;
  const body = structuredClone(objs[i]!.body);
  const spec = field(body, "spec", "template", "spec") as Record<string, unknown> | undefined;
  if (!spec || !patch(spec, body)) return undefined;
  const out = [...objs];
  out[i] = { ...objs[i]!, body };
  return out;
}

function honorTaints(model: DrillModel, cluster: string, ref: string): K8sObject[] | undefined {
  return patchWorkload(model, cluster, ref, (spec) => {
    const tsc = Array.isArray(spec["topologySpreadConstraints"]) ? (spec["topologySpreadConstraints"] as Record<string, unknown>[]) : [];
    let changed = false;
    for (const c of tsc) {
      if ((c["whenUnsatisfiable"] ?? "DoNotSchedule") === "DoNotSchedule" && c["nodeTaintsPolicy"] !== "Honor") {
        c["nodeTaintsPolicy"] = "Honor";
        changed = true;
      }
    }
    return changed;
  });
}

function moreReplicas(model: DrillModel, cluster: string, ref: string): K8sObject[] | undefined {
  return patchWorkload(model, cluster, ref, (spec, body) => {
    (body["spec"] as Record<string, unknown>)["replicas"] = 2;
    const labels = (field(body, "spec", "template", "metadata", "labels") ?? {}) as Record<string, string>;
    const affinity = (spec["affinity"] ?? {}) as Record<string, unknown>;
    spec["affinity"] = { ...affinity, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }] } };
    return true;
  });
}
