/**
 * A service's outcome from its history: unavailable and degraded windows, RTO (failure → serving
 * again), capacity RTO (→ every replica back), RPO (what data is lost, from data services, volumes and
 * backups), the dominating mechanism and the verdict against its objective.
 * @module
 */
import { formatDuration } from "../../model/units.js";
import { bestBackup, etcdBackups, volumeBackups } from "../mechanisms/backups.js";
import { volumeFate } from "../mechanisms/volumes.js";
import type { DrillSim } from "../state/drill-sim.js";
import { claimsOfPod } from "../state/workloads.js";
import type { Segment, ServiceOutcome } from "../types.js";
import type { Change } from "./recorder.js";
import { windowsOf } from "./recorder.js";
import type { ServiceDef } from "./services.js";
import { blocker } from "./status.js";

export function outcomeOf(ds: DrillSim, def: ServiceDef, history: readonly Change[]): ServiceOutcome {
  const w = windowsOf(history);
  const failAt = (t: number) => ds.failureTimes.filter((f) => f <= t).reduce((a, b) => Math.max(a, b), 0);
  const un = w.unavailable;
  const rtoMs = un.length === 0 ? 0 : un[un.length - 1]!.endMs - failAt(un[0]!.startMs);
  const all = [...un, ...w.degraded];
  const start = all.reduce((a, x) => Math.min(a, x.startMs), Infinity);
  const end = all.reduce((a, x) => Math.max(a, x.endMs), -Infinity);
  const capacityRtoMs = all.length === 0 ? 0 : end - failAt(start);
  const chain = (rtoMs > 0 ? w.recovered?.cause : w.restored?.cause) ?? [];
  const stuck = !Number.isFinite(rtoMs) || !Number.isFinite(capacityRtoMs) ? blocker(ds, def) : undefined;
  const rpo = rpoOf(ds, def);
  const o = def.objective;
  const reasons: string[] = [];
  if (rtoMs > o.rtoMs) reasons.push(`RTO ${formatDuration(rtoMs)} > objective ${formatDuration(o.rtoMs)} (${o.source})`);
  if (rpo.ms > o.rpoMs) reasons.push(`RPO ${rpo.ms === Infinity ? "everything" : formatDuration(rpo.ms)} > objective ${formatDuration(o.rpoMs)} (${o.source})`);
  const mechanism = !Number.isFinite(rtoMs) || (rtoMs === 0 && !Number.isFinite(capacityRtoMs)) ? shortBlocker(stuck!) : dominant(chain, rpo.ms > o.rpoMs ? rpo.basis : undefined);
  // A control plane or a workload whose every cluster is gone cannot recover in place.
  const lost = (def.kind === "control-plane" || def.kind === "workload") && def.clusters.every((c) => clusterGone(ds, c));
  if (lost) reasons.splice(0, reasons.length, `every cluster it runs in (${def.clusters.join(", ")}) is lost: it cannot recover there`);
  return {
    id: def.id,
    name: def.name,
    kind: def.kind,
    clusters: def.clusters,
    unavailable: un,
    degraded: w.degraded,
    rtoMs,
    capacityRtoMs,
    rpoMs: rpo.ms,
    rpoBasis: rpo.basis,
    objective: o,
    verdict: lost ? "lost" : reasons.length > 0 ? "missed" : "met",
    reasons,
    mechanism,
    chain,
    ...(stuck ? { unbounded: stuck.text } : {}),
  };
}

/** The segment that cost the most; traffic steps read as one ("GSLB detection 30s + DNS TTL 30s + resolver cache 30s"). */
export function dominant(chain: readonly Segment[], rpo?: string): string {
  if (chain.length === 0) return rpo ?? "";
  const traffic = chain.filter((s) => s.mechanism === "traffic");
  const trafficMs = traffic.reduce((a, s) => a + s.ms, 0);
  const top = chain.reduce((a, s) => (s.ms > a.ms ? s : a));
  if (traffic.length > 1 && trafficMs >= top.ms) return traffic.map((s) => s.label.replace(/ \(.*\)$/, "")).join(" + ");
  return top.label;
}

/** A few words for an unbounded recovery: "StatefulSet at-most-one identity", "Pending: topology spread". */
export function shortBlocker(b: { mechanism: Segment["mechanism"]; text: string }): string {
  const t = b.text;
  if (t.startsWith("Pending:") || t.includes("Pending:")) {
    const reasons: string[] = [];
    if (t.includes("topology spread")) reasons.push("topology spread");
    if (t.includes("Insufficient")) reasons.push(...[...t.matchAll(/Insufficient ([a-z./-]+)/g)].map((m) => `Insufficient ${m[1]}`).filter((x, i, a) => a.indexOf(x) === i));
    if (t.includes("volume node affinity")) reasons.push("volume in a lost zone");
    if (t.includes("affinity/selector") || t.includes("anti-affinity")) reasons.push("pod anti-affinity");
    if (t.includes("didn't match Pod's node affinity")) reasons.push("node affinity");
    return `Pending: ${reasons.length > 0 ? reasons.join(", ") : "unschedulable"}`;
  }
  if (t.includes("at most one pod per identity")) return "StatefulSet at-most-one identity (stuck Terminating)";
  if (t.includes("leader key")) return t.includes("etcd quorum lost") ? "Patroni leader key: etcd quorum lost" : "Patroni leader key: API refuses writes";
  if (t.includes("etcd quorum lost")) return "etcd quorum lost";
  if (t.includes("API endpoint")) return "API endpoint down until repaired";
  if (t.includes("fully disrupted")) return "all zones disrupted: evictions stopped";
  if (t.includes("PartialDisruption")) return "PartialDisruption: evictions stopped";
  if (t.includes("bare Pod")) return "bare Pod: no controller";
  if (t.includes("needs a majority")) return "no majority to elect a primary";
  if (t.includes("no backup") || t.includes("backup")) return "data lost, no usable backup";
  if (t.includes("is lost")) return "cluster lost";
  if (t.includes("every node of cluster")) return "every node of the cluster is down";
  if (t.includes("unavailable:")) return "volume data unreachable";
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** RPO of a service: data services from their failover or restore, stateful workloads from their volumes and backups. */
export function rpoOf(ds: DrillSim, def: ServiceDef): { ms: number; basis: string } {
  if (def.kind === "hostname") return { ms: 0, basis: "traffic only: holds no data" };
  if (def.kind === "data") {
    const s = ds.data.get(def.name);
    return s ? { ms: s.lostMs, basis: s.rpoBasis } : { ms: 0, basis: "primary unaffected" };
  }
  if (def.kind === "control-plane") {
    const cs = ds.cluster(def.controlPlane!);
    const destroyed = cs.etcd.every((m) => ds.failedClusters.has(cs.name) || ds.zoneDown(m.zone));
    if (!destroyed) return { ms: 0, basis: "a member keeps the etcd data (Raft replicates every write to a quorum)" };
    const plan = bestBackup(ds, etcdBackups(ds, cs.name), `the etcd data of ${cs.name}`);
    if ("none" in plan) return { ms: Infinity, basis: `every etcd member is lost and ${plan.none}` };
    return { ms: plan.rpoMs, basis: `every etcd member is lost; ${plan.basis}` };
  }
  let worst = { ms: 0, basis: "stateless: no volumes" };
  for (const m of def.members) {
    const cs = ds.cluster(m.cluster);
    const info = cs.model.workloads.get(m.workload);
    if (!info || (info.claims.length === 0 && info.claimTemplates.length === 0)) continue;
    worst = { ms: 0, basis: "every volume keeps its data" };
    const seen = new Set<string>();
    for (const p of cs.pods.values()) {
      if (p.workload !== m.workload) continue;
      const node = cs.model.twin.podBrief(p.ref)?.node ?? p.node;
      for (const key of claimsOfPod(info, p.name)) {
        if (seen.has(key)) continue;
        seen.add(key);
        const v = cs.model.volumes.get(key);
        if (!v) continue;
        const fate = volumeFate(ds, cs, v, node);
        if (fate.lostMs === 0) continue;
        let ms = fate.lostMs;
        let basis = fate.basis;
        if (ms === Infinity) {
          const plan = bestBackup(ds, volumeBackups(ds, m.cluster, info.namespace), `volume ${key}`);
          ms = "none" in plan ? Infinity : plan.rpoMs;
          basis = `${fate.basis}; ${"none" in plan ? plan.none : plan.basis}`;
        }
        if (ms > worst.ms) worst = { ms, basis: `${key}: ${basis}` };
      }
    }
  }
  return worst;
}

/** Every node of the cluster is down, or the cluster was lost. */
export function clusterGone(ds: DrillSim, cluster: string): boolean {
  if (ds.failedClusters.has(cluster)) return true;
  const cs = ds.clusters.get(cluster);
  if (!cs) return true;
  for (const n of cs.model.nodes.values()) if (cs.nodes.get(n.name)?.powered !== false && !ds.zoneDown(n.zone)) return false;
  return true;
}
