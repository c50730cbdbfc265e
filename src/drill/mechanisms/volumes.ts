/**
 * Volumes: a ReadWriteOnce volume attaches to one node at a time. When its pod was evicted from an
 * unreachable node, the attach/detach controller force-detaches it only after
 * `maxWaitForUnmountDuration` (6 min); a graceful deletion or the out-of-service taint frees it at
 * once. Attaching to the new node takes `volumeAttach`. Zonal volumes cannot follow a pod to another
 * zone (the scheduler's VolumeZone filter keeps the replacement Pending). A volume's data survives
 * while a copy does: storage backends keep `replicas` copies over their failure domain (sync: no loss,
 * async: the replication lag), local and zonal volumes live and die with their node or zone.
 * Facts: ../shared/knowledge/failure-timings.md ("Stateful workloads and volumes").
 * @module
 */
import { DEFAULT_ASYNC_LAG_MS } from "../../model/normalize/services.js";
import { formatDuration } from "../../model/units.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { VolumeInfo } from "../state/model.js";
import type { Segment } from "../types.js";

/** Its pod was evicted from an unreachable node: the volume stays attached there until force detach. */
export function holdUntilForceDetach(ds: DrillSim, cs: ClusterSim, claims: readonly string[], node: string): void {
  const ms = cs.model.timing.volumeForceDetachMs;
  for (const key of claims) {
    const v = cs.model.volumes.get(key);
    if (!v?.rwo) continue;
    const cur = cs.volumes.get(key);
    if (cur && cur.node === node && cur.freeAt <= ds.sim.now + ms) continue;
    cs.volumes.set(key, { node, freeAt: ds.sim.now + ms, freeBecause: { mechanism: "volumes", label: `RWO force detach after ${formatDuration(ms)} (maxWaitForUnmountDuration)`, ms } });
  }
}

/** Its pod terminates gracefully on a live node: the kubelet unmounts it within the grace period. */
export function holdUntilTerminated(ds: DrillSim, cs: ClusterSim, claims: readonly string[], node: string, graceMs: number): void {
  for (const key of claims) {
    if (!cs.model.volumes.get(key)?.rwo) continue;
    cs.volumes.set(key, { node, freeAt: ds.sim.now + graceMs, freeBecause: { mechanism: "volumes", label: `old pod terminates and unmounts (terminationGracePeriodSeconds ${graceMs / 1000})`, ms: graceMs } });
  }
}

/** Its pod is gone (graceful deletion, node back, out-of-service taint): the volume detaches now. */
export function release(ds: DrillSim, cs: ClusterSim, claims: readonly string[], why: string): void {
  for (const key of claims) {
    const cur = cs.volumes.get(key);
    if (cur && cur.freeAt > ds.sim.now) cs.volumes.set(key, { node: cur.node, freeAt: ds.sim.now, freeBecause: { mechanism: "volumes", label: `detached at once (${why})`, ms: 0 } });
  }
}

/**
 * When a pod's volumes are usable on `node`, with the steps it waited for; `blocked` when the data is
 * unreachable (its copies are on failed nodes or zones).
 */
export function attachment(ds: DrillSim, cs: ClusterSim, claims: readonly string[], node: string): { at: number; segments: Segment[]; blocked?: string } {
  let at = ds.sim.now;
  const segments: Segment[] = [];
  let attach = false;
  for (const key of claims) {
    const v = cs.model.volumes.get(key);
    if (!v) continue;
    const fate = volumeFate(ds, cs, v, node);
    if (!fate.available) return { at: Infinity, segments, blocked: `volume ${key} is unavailable: ${fate.basis}` };
    if (!v.rwo) continue;
    attach = true;
    const held = cs.volumes.get(key);
    if (held && held.node !== node && held.freeAt > at) {
      if (held.freeBecause) segments.push({ ...held.freeBecause, ms: held.freeAt - ds.sim.now });
      at = held.freeAt;
    }
    cs.volumes.set(key, { node, freeAt: Infinity });
  }
  if (attach) {
    const ms = cs.model.timing.volumeAttachMs;
    segments.push({ mechanism: "volumes", label: `attach ${formatDuration(ms)}`, ms });
    at += ms;
  }
  return { at, segments };
}

export interface Fate {
  available: boolean;
  /** Data lost in time: 0, the async lag, or Infinity (every copy gone). */
  lostMs: number;
  basis: string;
}

/** Where a volume's data is and whether a copy survives now; `podNode` is where its pod ran. */
export function volumeFate(ds: DrillSim, cs: ClusterSim, v: VolumeInfo, podNode?: string): Fate {
  const nodeUp = (n: string) => cs.nodes.get(n)?.powered !== false && !ds.failedStorage.has(`${cs.name}|${n}`) && !ds.zoneDown(cs.model.nodes.get(n)?.zone ?? "") && !ds.failedClusters.has(cs.name);
  const b = v.backend;
  if (v.node !== undefined || b?.provider === "local") {
    const n = v.node ?? podNode;
    if (n === undefined || nodeUp(n)) return { available: true, lostMs: 0, basis: "local volume on a live node" };
    return { available: false, lostMs: Infinity, basis: `local volume on node ${n}, which failed` };
  }
  if (v.zonal) {
    const z = v.zone ?? (podNode ? cs.model.nodes.get(podNode)?.zone : undefined);
    if (z === undefined || (!ds.zoneDown(z) && !ds.failedClusters.has(cs.name))) return { available: true, lostMs: 0, basis: "zonal volume in a live zone" };
    return { available: false, lostMs: Infinity, basis: `zonal volume in zone ${z}, which failed (it cannot follow the pod to another zone)` };
  }
  if (!b) return { available: !ds.failedClusters.has(cs.name), lostMs: ds.failedClusters.has(cs.name) ? Infinity : 0, basis: "no storage backend declared for its class" };
  const domainOf = (n: string) => {
    const info = cs.model.nodes.get(n);
    return b.failureDomain === "host" ? n : b.failureDomain === "zone" ? (info?.zone ?? n) : (info?.site ?? n);
  };
  const domains = new Map<string, boolean>();
  for (const n of b.nodes) domains.set(domainOf(n), (domains.get(domainOf(n)) ?? false) || nodeUp(n));
  const replicated = b.replicas >= 2 && b.replication !== "none";
  const copies = replicated ? Math.min(b.replicas, domains.size) : 1;
  const failed = [...domains.values()].filter((up) => !up).length;
  if (!replicated) {
    // One copy: on the pod's node when it is a storage node (data locality), else the backend's first node.
    const home = podNode !== undefined && b.nodes.includes(podNode) ? podNode : b.nodes[0];
    if (home === undefined || domains.get(domainOf(home)) !== false) return { available: true, lostMs: 0, basis: `single copy on ${home ?? "the backend"}` };
    return { available: false, lostMs: Infinity, basis: `${b.name} keeps one copy, on ${home}, which failed` };
  }
  if (failed >= copies) return { available: false, lostMs: Infinity, basis: `all ${copies} ${b.name} copies were on failed ${b.failureDomain}s` };
  if (failed === 0) return { available: true, lostMs: 0, basis: `${b.name} (${copies} copies) unaffected` };
  // Async replicas lag behind the copy the pod wrote to first (on its own node's domain when that is a storage node).
  const primaryLost = podNode !== undefined && domains.get(domainOf(podNode)) === false;
  const lag = b.replication === "sync" || !primaryLost ? 0 : (b.replicationLagMs ?? DEFAULT_ASYNC_LAG_MS);
  return { available: true, lostMs: lag, basis: lag === 0 ? `${b.name} keeps a ${b.replication === "sync" ? "synchronous " : ""}copy in a live ${b.failureDomain}` : `${b.name} replicates asynchronously: the last ${formatDuration(lag)} are lost` };
}
