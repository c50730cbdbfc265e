/**
 * Data services: when the primary's pod (or location) is lost, the HA manager promotes a live replica
 * after the engine's failover window (Patroni ~30–40 s, MongoDB ~12 s, Sentinel ~30 s+, from the
 * catalog or the fleet's failoverTime; a manual failover adds the manual decision time). Engines that
 * need a quorum promote only while a majority of members lives. A sync replica loses nothing; an async
 * one loses its lag. With no replica, the data service waits for its pod when its volume survives,
 * else it is restored from the newest reachable backup. Facts: ../shared/knowledge/failure-timings.md.
 * @module
 */
import { DATA_ENGINES, failoverWindowMs, kubernetesDcs } from "../../catalog/data-engines.js";
import { MANUAL_FAILOVER_EXTRA_MS } from "../../model/normalize/workloads.js";
import { formatDuration } from "../../model/units.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { DataMember, DataSim } from "../state/service-state.js";
import { claimsOfPod } from "../state/workloads.js";
import type { Segment } from "../types.js";
import { bestBackup, dataServiceBackups } from "./backups.js";
import { apiWritable, controlPlaneBlocker, quorumSide } from "./control-plane.js";
import { nodeOnSide } from "./nodes.js";
import { volumeFate } from "./volumes.js";

/** The data service's state, created on first touch: members mapped onto the StatefulSet's pods. */
export function dataSim(ds: DrillSim, name: string): DataSim {
  let s = ds.data.get(name);
  if (s) return s;
  const def = ds.dataService(ds.fleet.dataServices.find((d) => d.name === name)!);
  const svc = ds.registry.byId.get(`data/${name}`);
  const used = new Set<string>();
  const pick = (cluster: string, zone?: string): string | undefined => {
    const w = svc?.members.find((m) => m.cluster === cluster)?.workload;
    const cs = ds.clusters.get(cluster);
    const info = w ? cs?.model.workloads.get(w) : undefined;
    if (!cs || !info || info.kind !== "StatefulSet") return undefined;
    const refs = Array.from({ length: Math.max(info.desired, 1) }, (_, i) => `${info.namespace}/${info.name}-${i}`).filter((r) => !used.has(r) && cs.model.twin.pod(r));
    const ref = (zone ? refs.find((r) => cs.model.twin.pod(r)?.zone === zone) : undefined) ?? refs[0];
    if (ref) used.add(ref);
    return ref;
  };
  const members: DataMember[] = [{ label: "primary", mode: "primary", lagMs: 0, ...def.primary, pod: pick(def.primary.cluster, def.primary.zone) }];
  for (const r of def.replicas)
    for (let i = 0; i < r.count; i++)
      members.push({ label: r.mode === "sync" ? `sync replica in ${r.cluster}` : `async replica in ${r.cluster} (lag ${formatDuration(r.lagMs)})`, mode: r.mode, lagMs: r.lagMs, cluster: r.cluster, zone: r.zone, site: r.site, pod: pick(r.cluster, r.zone) });
  s = { def, members, primary: 0, lastPrimary: 0, pendingUntil: -Infinity, lostMs: 0, rpoBasis: "no data lost", chain: [], restored: false, demoted: false, dcsLostAt: -1, keyWaitSince: -1 };
  ds.data.set(name, s);
  return s;
}

export function memberAlive(ds: DrillSim, m: DataMember): boolean {
  if (ds.failedClusters.has(m.cluster)) return false;
  const cs = ds.clusters.get(m.cluster);
  if (m.pod && cs) {
    const p = cs.pods.get(m.pod);
    if (p) return p.live && !p.terminating;
    return cs.model.twin.podBrief(m.pod)?.node !== undefined;
  }
  if (m.zone && ds.zoneDown(m.zone)) return false;
  if (m.site && ds.failedSites.has(m.site)) return false;
  return !cs || [...cs.model.nodes.values()].some((n) => cs.nodes.get(n.name)?.powered !== false && !ds.zoneDown(n.zone));
}

/** Re-checks a data service after something it depends on changed. */
export function reactData(ds: DrillSim, id: string): void {
  const s = dataSim(ds, id.slice("data/".length));
  if (ds.sim.now < s.pendingUntil) return;
  if (s.primary >= 0) {
    if (memberAlive(ds, s.members[s.primary]!)) return leaderKey(ds, id, s);
    const lost = s.members[s.primary]!;
    s.lastPrimary = s.primary;
    s.primary = -1;
    s.demoted = false;
    s.dcsLostAt = -1;
    ds.sim.note("data-services", lost.cluster, () => `${s.def.name}: ${lost.label}${lost.pod ? ` (${lost.pod})` : ""} lost`);
  }
  recover(ds, id, s);
}

/** A member can write its key to its cluster's API: etcd quorum, an apiserver with it, and the member on that side of a partition. */
function leaderKeyWritable(ds: DrillSim, m: DataMember): boolean {
  if (ds.failedClusters.has(m.cluster)) return false;
  const cs = ds.clusters.get(m.cluster);
  if (!cs) return true;
  if (!apiWritable(ds, cs)) return false;
  if (!ds.reach.partitioned || !m.pod) return true;
  const node = cs.model.twin.podBrief(m.pod)?.node;
  return node === undefined || !cs.model.nodes.has(node) || nodeOnSide(ds, cs, node, quorumSide(ds, cs));
}

/** Why a member's leader key cannot be written: its cluster's API refuses writes, or it is cut off from it. */
function dcsBlocker(ds: DrillSim, m: DataMember): string {
  const cs = ds.clusters.get(m.cluster);
  const why = ds.failedClusters.has(m.cluster) ? "the cluster is lost" : ((cs && controlPlaneBlocker(ds, cs)) ?? "the member is cut off from the side that holds etcd quorum");
  return `its leader key lives in the Kubernetes API of ${m.cluster} (Patroni's kubernetes DCS), and ${why}`;
}

/**
 * The running primary renews its leader key through its cluster's API. When it cannot, Patroni retries
 * for retry_timeout and, unless failsafe_mode keeps it (every member still answers), demotes Postgres to
 * read-only in its next HA loop; once writes return, the next loop takes the key again.
 */
function leaderKey(ds: DrillSim, id: string, s: DataSim): void {
  const dcs = kubernetesDcs(s.def);
  if (!dcs) return;
  const m = s.members[s.primary]!;
  if (!leaderKeyWritable(ds, m)) {
    if (s.demoted) return;
    if (s.dcsLostAt >= 0) {
      // Kept by failsafe_mode: only while every member answers.
      if (ds.sim.now >= s.dcsLostAt + dcs.retryTimeoutMs && !failsafeHolds(ds, s)) demote(ds, id, s, m);
      return;
    }
    const lostAt = ds.sim.now;
    s.dcsLostAt = lostAt;
    const ms = ds.sim.pick(dcs.retryTimeoutMs, dcs.retryTimeoutMs + dcs.loopWaitMs);
    ds.sim.at(lostAt + ms, () => {
      if (s.dcsLostAt !== lostAt || s.demoted || s.primary < 0 || s.members[s.primary] !== m) return;
      if (failsafeHolds(ds, s)) {
        ds.sim.note("data-services", m.cluster, () => `${s.def.name}: the leader key cannot be renewed; failsafe_mode keeps the primary (every member answers its REST API)`);
        return;
      }
      demote(ds, id, s, m);
    });
    return;
  }
  if (s.dcsLostAt < 0) return;
  const since = s.dcsLostAt;
  s.dcsLostAt = -1;
  if (!s.demoted) return;
  const ms = ds.sim.pick(0, dcs.loopWaitMs);
  const back = ds.sim.now + ms;
  ds.sim.at(back, () => {
    if (s.dcsLostAt >= 0 || !s.demoted || s.primary < 0 || s.members[s.primary] !== m) return;
    s.demoted = false;
    s.blocker = undefined;
    s.chain = [{ mechanism: "data-services", label: `Patroni leader key: primary read-only while the Kubernetes API of ${m.cluster} refused writes, leader again in the next HA loop (loop_wait ${formatDuration(dcs.loopWaitMs)})`, ms: back - since }];
    ds.sim.note("data-services", m.cluster, () => `${s.def.name}: ${m.label} takes the leader key again and serves writes`);
    ds.touch(id, s.chain);
  });
}

function failsafeHolds(ds: DrillSim, s: DataSim): boolean {
  return s.def.spec.failsafeMode === true && s.members.every((x) => memberAlive(ds, x));
}

function demote(ds: DrillSim, id: string, s: DataSim, m: DataMember): void {
  s.demoted = true;
  s.blocker = `${s.def.name}: Patroni demoted the primary to read-only — ${dcsBlocker(ds, m)}${s.def.spec.failsafeMode ? " (failsafe_mode needs every member to answer)" : ""}`;
  ds.sim.note("data-services", m.cluster, () => `${s.def.name}: cannot renew its leader key for retry_timeout; Postgres demoted to read-only`);
  ds.touch(id);
}

function candidates(ds: DrillSim, s: DataSim): number[] {
  return s.members
    .map((m, i) => ({ m, i }))
    .filter(({ m, i }) => i !== s.lastPrimary && m.mode !== "primary" && memberAlive(ds, m))
    .sort((a, b) => a.m.lagMs - b.m.lagMs || a.i - b.i)
    .map(({ i }) => i);
}

/**
 * Who votes on a failover: Redis Sentinel's sentinels (a workload named *sentinel* beside the data
 * service), else the data members themselves (MongoDB, Galera, Kafka's controllers ...).
 */
function voters(ds: DrillSim, s: DataSim): { live: number; total: number; what: string } {
  const d = s.def;
  if (d.engine === "redis-sentinel" || d.spec.operator === "sentinel") {
    const cs = ds.clusters.get(d.primary.cluster);
    const ns = d.spec.workload?.namespace;
    const w = cs && [...cs.model.workloads.values()].find((x) => x.name.includes("sentinel") && (ns === undefined || x.namespace === ns) && x.ref !== s.members[0]?.pod);
    if (cs && w) {
      const pods = Array.from({ length: w.desired }, (_, i) => `${w.namespace}/${w.name}-${i}`).filter((r) => cs.model.twin.pod(r));
      const total = w.kind === "StatefulSet" && pods.length > 0 ? pods.length : w.desired;
      const live = w.kind === "StatefulSet" && pods.length > 0 ? pods.filter((r) => memberAlive(ds, { label: "", mode: "async", lagMs: 0, cluster: cs.name, pod: r })).length : (cs.workloads.get(w.ref)?.serving ?? w.baseline);
      return { live, total, what: `sentinels (${w.name})` };
    }
  }
  return { live: s.members.filter((m) => memberAlive(ds, m)).length, total: s.members.length, what: "members" };
}

function recover(ds: DrillSim, id: string, s: DataSim): void {
  const d = s.def;
  const profile = DATA_ENGINES[d.engine] ?? DATA_ENGINES["other"]!;
  const cands = candidates(ds, s);
  if (cands.length > 0) {
    const v = voters(ds, s);
    if (profile.quorum && v.live <= v.total / 2) {
      s.blocker = `${d.engine} needs a majority to elect a new primary: ${v.live} of ${v.total} ${v.what} live`;
      ds.sim.note("data-services", d.primary.cluster, () => `${d.name}: no failover, ${s.blocker}`);
      return;
    }
    const dcs = kubernetesDcs(d);
    // The leader key expired while no replica could write it: the first HA loop with API writes takes it.
    const keyWait = dcs !== undefined && s.keyWaitSince >= 0;
    const [min, max] = keyWait ? [0, dcs.loopWaitMs] : failoverWindowMs(d.engine, d.failoverMs);
    const ms = ds.sim.pick(min, max);
    const manual = d.failover === "manual" && !keyWait ? MANUAL_FAILOVER_EXTRA_MS : 0;
    const chain: Segment[] = keyWait
      ? [...s.chain, { mechanism: "data-services", label: `Patroni leader key: no replica could take it until the Kubernetes API of ${d.primary.cluster} accepted writes again, then the next HA loop`, ms: ds.sim.now + ms - s.keyWaitSince }]
      : [{ mechanism: "data-services", label: `${d.engine} failover ${formatDuration(ms)} (${d.failoverMs !== undefined ? "failoverTime" : profile.source})`, ms }];
    if (manual) chain.unshift({ mechanism: "data-services", label: `manual failover: people notice, decide and act ${formatDuration(manual)}`, ms: manual });
    s.pendingUntil = ds.sim.now + ms + manual;
    s.blocker = undefined;
    ds.sim.note("data-services", d.primary.cluster, () => `${d.name}: primary lost, ${d.failover} failover to a replica in ${formatDuration(ms + manual)}`);
    ds.sim.at(s.pendingUntil, () => {
      const all = candidates(ds, s);
      if (all.length === 0) return recover(ds, id, s);
      const c = all.find((i) => dcs === undefined || leaderKeyWritable(ds, s.members[i]!));
      if (c === undefined) {
        // Patroni: a replica promotes only after writing the leader key; it retries in every HA loop.
        if (s.keyWaitSince < 0) {
          s.keyWaitSince = ds.sim.now;
          s.chain = chain;
        }
        s.blocker = `${d.name}: no replica can take the leader key — ${dcsBlocker(ds, s.members[all[0]!]!)}`;
        ds.sim.note("data-services", d.primary.cluster, () => `${d.name}: no failover yet, ${s.blocker}`);
        return;
      }
      s.keyWaitSince = -1;
      const m = s.members[c]!;
      const old = s.members[s.lastPrimary];
      if (old && !old.label.startsWith("former")) old.label = `former ${old.label}`;
      s.primary = c;
      s.demoted = false;
      s.dcsLostAt = -1;
      m.mode = "primary";
      if (m.lagMs > s.lostMs) {
        s.lostMs = m.lagMs;
        s.rpoBasis = `promoted an ${m.label}: writes not yet replicated are lost`;
      } else if (s.lostMs === 0) s.rpoBasis = `promoted a ${m.label.replace(/^async/, "an async")}: no acknowledged write is lost`;
      s.chain = chain;
      ds.sim.note("data-services", m.cluster, () => `${d.name}: ${m.label}${m.pod ? ` (${m.pod})` : ""} promoted, serves writes`);
      ds.touch(id, chain);
    });
    return;
  }
  // No replica: the old primary comes back if its data survived, else restore from a backup.
  const primary = s.members[s.lastPrimary]!;
  if (memberAlive(ds, primary)) {
    s.primary = s.lastPrimary;
    s.blocker = undefined;
    ds.touch(id, ds.clusters.get(primary.cluster)?.pods.get(primary.pod ?? "")?.chain);
    return;
  }
  const dataSurvives = primaryDataSurvives(ds, primary);
  if (dataSurvives) {
    const cs = ds.clusters.get(primary.cluster);
    const w = cs?.pods.get(primary.pod ?? "")?.workload;
    s.blocker = `no live replica; waiting for ${primary.pod ?? "its primary"} to come back (${(w && cs?.workloads.get(w)?.blocker?.text) ?? "its pod is not running"})`;
    return;
  }
  const plan = bestBackup(ds, dataServiceBackups(ds, d), d.name);
  if ("none" in plan) {
    s.lostMs = Infinity;
    s.rpoBasis = `every copy is lost and ${plan.none}`;
    s.blocker = s.rpoBasis;
    return;
  }
  // Restore where it ran, else into any live cluster that runs its workload (a standby of its placement).
  const ref = d.spec.workload;
  const running = ref ? [...ds.clusters.values()].filter((cs) => [...cs.model.workloads.values()].some((w) => w.name === ref.name && (ref.namespace === undefined || w.namespace === ref.namespace))).map((cs) => cs.name) : [];
  const target = [primary.cluster, ...s.members.map((m) => m.cluster), ...running].find((c) => !ds.failedClusters.has(c) && ds.clusters.get(c)?.model.cluster.nodes.some((n) => ds.clusters.get(c)?.nodes.get(n.name)?.powered !== false && !ds.zoneDown(n.zone)));
  if (!target) {
    s.lostMs = Math.max(s.lostMs, plan.rpoMs);
    s.rpoBasis = `every copy is lost; ${plan.basis}`;
    s.blocker = `every copy is lost and no cluster of ${d.name} is left to restore ${plan.backup.name} into`;
    return;
  }
  const ms = plan.segments.reduce((a, x) => a + x.ms, 0);
  s.pendingUntil = ds.sim.now + ms;
  s.blocker = undefined;
  ds.sim.note("backups", target, () => `${d.name}: every copy is lost; restore from ${plan.backup.name} into ${target} (${formatDuration(ms)})`);
  ds.sim.at(s.pendingUntil, () => {
    s.members = [{ label: `restored from ${plan.backup.name}`, mode: "primary", lagMs: 0, cluster: target }];
    s.primary = 0;
    s.lastPrimary = 0;
    s.restored = true;
    s.lostMs = Math.max(s.lostMs, plan.rpoMs);
    s.rpoBasis = `every copy was lost; ${plan.basis}`;
    s.chain = plan.segments;
    ds.sim.note("backups", target, () => `${d.name}: restored from ${plan.backup.name}; data since the last backup is lost`);
    ds.touch(id, plan.segments);
  });
}

/** The old primary's volumes still hold its data (replicated storage, a live node or zone). */
function primaryDataSurvives(ds: DrillSim, m: DataMember): boolean {
  if (ds.failedClusters.has(m.cluster) || !m.pod) return false;
  const cs = ds.clusters.get(m.cluster)!;
  const v = cs.model.twin.pod(m.pod);
  const info = v ? cs.model.workloads.get(v.workload) : undefined;
  if (!info) return false;
  const claims = claimsOfPod(info, v!.name);
  if (claims.length === 0) return false;
  return claims.every((c) => {
    const vol = cs.model.volumes.get(c);
    return !vol || volumeFate(ds, cs, vol, v!.node).lostMs !== Infinity;
  });
}

/** Level of a data service: down without a primary, degraded while members are missing. */
export function dataLevel(ds: DrillSim, id: string): 0 | 1 | 2 {
  const s = dataSim(ds, id.slice("data/".length));
  if (s.primary < 0 || s.demoted || ds.sim.now < s.pendingUntil || !memberAlive(ds, s.members[s.primary]!)) return 0;
  return s.members.every((m) => memberAlive(ds, m)) && !s.restored ? 2 : 1;
}
