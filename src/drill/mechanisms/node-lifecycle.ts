/**
 * The node lifecycle controller (kube-controller-manager, pkg/controller/nodelifecycle). Every
 * `--node-monitor-period` (5 s) it checks each node's lease; one not renewed for the grace period
 * (40 s up to 1.31, 50 s from 1.32) goes Ready=Unknown, its pods are marked NotReady (they leave the
 * endpoints) and it gets the NoSchedule taint. At the next pass — the controller acts on the condition
 * it observed — the node joins its zone's NoExecute tainting queue, rate-limited per zone: Normal and
 * FullDisruption zones at `--node-eviction-rate` (0.1 node/s), PartialDisruption zones (≥ 55 % and
 * more than 2 NotReady) at the secondary rate if the zone has more than 50 nodes, else not at all; when
 * every zone is fully disrupted the controller assumes it is cut off itself, removes the NoExecute
 * taints and stops. The taint eviction controller then deletes each pod when its tolerationSeconds
 * (300 s by default, a pod's own toleration wins) run out. Facts: ../shared/knowledge/failure-timings.md.
 * @module
 */
import { TIMING_SOURCES } from "../../catalog/kubernetes-timing.js";
import { formatDuration } from "../../model/units.js";
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from "../../twin/index.js";
import type { ClusterSim, NodeState, Tainter, ZoneState } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Segment } from "../types.js";
import { reconciling, whenReconciling } from "./control-plane.js";
import { evictPods, podsGone, retryPending } from "./controllers.js";
import { removeEndpoints } from "./endpoints.js";
import { startPod } from "./pod-start.js";

/** kubelet renews its node lease every 25 % of nodeLeaseDurationSeconds (40 s): 10 s. */
const LEASE_RENEW_INTERVAL_MS = 10_000;
/** doNoExecuteTaintingPass runs every 100 ms (NodeEvictionPeriod). */
const TAINT_PASS_MS = 100;

/** First monitor pass at or after `t` (strictly after when `strict`). */
function passAfter(cs: ClusterSim, t: number, strict: boolean): number {
  const p = cs.model.timing.nodeMonitorPeriodMs;
  const a = cs.monitorAnchor;
  const k = Math.ceil((t - a) / p);
  const at = a + k * p;
  return strict && at <= t ? at + p : at;
}

function graceLabel(cs: ClusterSim): string {
  const t = cs.model.timing;
  const origin = cs.model.cluster.timingOrigin["nodeMonitorGracePeriodMs"];
  return `node-monitor-grace-period ${formatDuration(t.nodeMonitorGracePeriodMs)} (${origin ? `set in the ${origin} timing` : `${cs.model.cluster.version.text} default`})`;
}

/**
 * A node's kubelet stops renewing its lease (crash, power loss, cut off from the API) at `now`. In a
 * worst-case drill the lease was renewed just then, right after a monitor pass; a sampled drill draws
 * when it was last renewed.
 */
export function leaseStops(ds: DrillSim, cs: ClusterSim, ns: NodeState): void {
  if (!ns.renewing) return;
  ns.renewing = false;
  ns.lastRenewal = ds.sim.opts.worst ? ds.sim.now : ds.sim.now - ds.sim.rng.next() * LEASE_RENEW_INTERVAL_MS;
  scheduleDetection(ds, cs, ns, ds.sim.now);
}

function scheduleDetection(ds: DrillSim, cs: ClusterSim, ns: NodeState, failedAt: number, probeAt?: number): void {
  if (ns.ready !== "True") return;
  const G = cs.model.timing.nodeMonitorGracePeriodMs;
  // probeTimestamp: the pass that observed the last renewal, or the current leader's first pass.
  const probe = probeAt ?? Math.max(passAfter(cs, ns.lastRenewal, ds.sim.opts.worst), cs.monitorAnchor);
  const at = Math.max(passAfter(cs, probe + G, false), ds.sim.now);
  const gen = ns.generation;
  ds.sim.at(at, () => {
    if (ns.generation !== gen || ns.renewing || ns.ready !== "True") return;
    // A controller without API writes does nothing; its successor starts over (onNewLeader).
    if (!reconciling(ds, cs)) return;
    markNotReady(ds, cs, ns, failedAt);
  });
}

function markNotReady(ds: DrillSim, cs: ClusterSim, ns: NodeState, failedAt: number): void {
  const info = cs.model.nodes.get(ns.name)!;
  ns.ready = "Unknown";
  ns.notReadyAt = ds.sim.now;
  ns.chain = [{ mechanism: "node-lifecycle", label: `${graceLabel(cs)} + node monitor pass`, ms: ds.sim.now - failedAt }];
  if (!info.excluded) cs.notReady.set(info.zoneKey, (cs.notReady.get(info.zoneKey) ?? 0) + 1);
  cs.model.twin.setNotReady(ns.name, { noExecute: false });
  const pods = cs.podsOn(ns.name);
  ds.sim.note("node-lifecycle", cs.name, () => `node ${ns.name} Ready=Unknown: lease not renewed for the ${graceLabel(cs)}; ${pods.length} pod(s) marked NotReady, NoSchedule taint`);
  removeEndpoints(ds, cs, pods);
  requestDisruptionCheck(ds, cs);
  // processTaintBaseEviction acts on the condition observed at the start of a pass: the next one.
  const gen = ns.generation;
  ds.sim.after(cs.model.timing.nodeMonitorPeriodMs, () => {
    if (ns.generation === gen) queueForTaint(ds, cs, ns);
  });
  if (ds.tweaks.fencingAfterMs !== undefined) {
    ds.sim.after(ds.tweaks.fencingAfterMs, () => {
      if (ns.generation === gen && !ns.renewing) outOfService(ds, cs, ns, `fencing automation ${formatDuration(ds.tweaks.fencingAfterMs!)} after NotReady`);
    });
  }
}

function zoneState(cs: ClusterSim, zoneKey: string): ZoneState {
  const size = cs.zoneSize(zoneKey);
  const notReady = cs.notReady.get(zoneKey) ?? 0;
  const ready = size - notReady;
  if (ready === 0 && notReady > 0) return "FullDisruption";
  if (notReady > 2 && notReady / size >= cs.model.timing.unhealthyZoneThreshold) return "PartialDisruption";
  return "Normal";
}

function qpsFor(cs: ClusterSim, zoneKey: string, state: ZoneState): number {
  const t = cs.model.timing;
  if (state === "PartialDisruption") return cs.zoneSize(zoneKey) > t.largeClusterSizeThreshold ? t.secondaryNodeEvictionRate : 0;
  return t.nodeEvictionRate;
}

function tainter(cs: ClusterSim, zoneKey: string): Tainter {
  let t = cs.tainters.get(zoneKey);
  if (!t) {
    t = { queue: [], qps: cs.model.timing.nodeEvictionRate, tokens: 1, last: 0, nextPass: -1 };
    cs.tainters.set(zoneKey, t);
  }
  return t;
}

/** `SwapLimiter`: a fresh token bucket (full, burst 1) at the zone state's rate. */
function setLimiter(ds: DrillSim, cs: ClusterSim, zoneKey: string, qps: number): void {
  const t = tainter(cs, zoneKey);
  t.qps = qps;
  t.tokens = qps > 0 ? 1 : 0;
  t.last = ds.sim.now;
  runTainter(ds, cs, zoneKey);
}

const zoneName = (k: string) => k.slice(k.lastIndexOf("\u0000") + 2) || "(no zone)";

/** Zone states are computed once per monitor pass, after every node was looked at: once per instant here. */
function requestDisruptionCheck(ds: DrillSim, cs: ClusterSim): void {
  if (cs.disruptionQueued) return;
  cs.disruptionQueued = true;
  ds.sim.at(ds.sim.now, () => {
    cs.disruptionQueued = false;
    handleDisruption(ds, cs);
  });
}

/** `handleDisruption`: zone states after a change, and the eviction rate each gets. */
export function handleDisruption(ds: DrillSim, cs: ClusterSim): void {
  const t = cs.model.timing;
  const next = new Map<string, ZoneState>();
  for (const k of cs.model.zones.keys()) next.set(k, zoneState(cs, k));
  const allAre = next.size > 0 && [...next.values()].every((s) => s === "FullDisruption");
  const allWere = cs.masterDisruption;
  if (allAre && !allWere) {
    cs.masterDisruption = true;
    ds.sim.note("node-lifecycle", cs.name, () => `every zone is fully disrupted: the node lifecycle controller assumes it is cut off itself, removes NoExecute taints and stops evictions (pods keep running, nothing fails over)`);
    for (const ns of cs.nodes.values()) if (ns.noExecute) untaint(cs, ns);
    for (const k of next.keys()) setLimiter(ds, cs, k, 0);
    for (const k of next.keys()) cs.zoneStates.set(k, "FullDisruption");
    return;
  }
  if (allWere && !allAre) {
    cs.masterDisruption = false;
    ds.sim.note("node-lifecycle", cs.name, () => "some zone has Ready nodes again: evictions resume");
    for (const [k, s] of next) {
      cs.zoneStates.set(k, s);
      setLimiter(ds, cs, k, qpsFor(cs, k, s));
    }
    for (const ns of cs.nodes.values()) if (ns.ready !== "True") queueForTaint(ds, cs, ns);
    return;
  }
  if (allAre) return;
  for (const [k, s] of next) {
    const old = cs.zoneStates.get(k) ?? "Normal";
    if (old === s) continue;
    cs.zoneStates.set(k, s);
    const qps = qpsFor(cs, k, s);
    ds.sim.note("node-lifecycle", cs.name, () =>
      `zone ${zoneName(k)} is ${s} (${cs.notReady.get(k) ?? 0} of ${cs.zoneSize(k)} nodes NotReady): ${qps > 0 ? `NoExecute taints at ${qps} node/s` : `evictions stop (zone of ${cs.zoneSize(k)} ≤ --large-cluster-size-threshold ${t.largeClusterSizeThreshold})`}`,
    );
    setLimiter(ds, cs, k, qps);
  }
}

function queueForTaint(ds: DrillSim, cs: ClusterSim, ns: NodeState): void {
  if (ns.ready === "True" || ns.noExecute) return;
  const info = cs.model.nodes.get(ns.name)!;
  const tr = tainter(cs, info.zoneKey);
  if (!tr.queue.includes(ns.name)) tr.queue.push(ns.name);
  runTainter(ds, cs, info.zoneKey);
}

/** `doNoExecuteTaintingPass` for one zone: taints queued nodes as tokens allow. */
function runTainter(ds: DrillSim, cs: ClusterSim, zoneKey: string): void {
  const tr = tainter(cs, zoneKey);
  const now = ds.sim.now;
  tr.tokens = Math.min(1, tr.tokens + ((now - tr.last) / 1000) * tr.qps);
  tr.last = now;
  while (tr.queue.length > 0 && tr.tokens >= 1 - 1e-9) {
    const ns = cs.nodes.get(tr.queue.shift()!)!;
    if (ns.ready === "True" || ns.noExecute) continue;
    if (!reconciling(ds, cs)) {
      tr.queue.unshift(ns.name);
      return;
    }
    tr.tokens -= 1;
    taint(ds, cs, ns, zoneKey);
  }
  if (tr.queue.length === 0 || tr.qps <= 0) return;
  const wait = ((1 - tr.tokens) / tr.qps) * 1000;
  const at = Math.ceil((now + wait) / TAINT_PASS_MS) * TAINT_PASS_MS;
  if (tr.nextPass > now && tr.nextPass <= at) return;
  tr.nextPass = at;
  ds.sim.at(at, () => runTainter(ds, cs, zoneKey));
}

function untaint(cs: ClusterSim, ns: NodeState): void {
  const twin = cs.model.twin;
  twin.untaint(ns.name, TAINT_UNREACHABLE, "NoExecute", { retryPending: false });
  twin.untaint(ns.name, TAINT_NOT_READY, "NoExecute", { retryPending: false });
  ns.noExecute = false;
  ns.generation++;
}

/** The NoExecute taint lands: the taint eviction controller evicts each pod when its toleration runs out. */
function taint(ds: DrillSim, cs: ClusterSim, ns: NodeState, zoneKey: string): void {
  const key = ns.ready === "False" ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  const d = cs.model.twin.taint(ns.name, { key, effect: "NoExecute" }, { replace: false });
  ns.noExecute = true;
  const state = cs.zoneStates.get(zoneKey) ?? "Normal";
  const queued: Segment = { mechanism: "node-lifecycle", label: `NoExecute taint (next monitor pass, zone ${state} rate limit)`, ms: ds.sim.now - ns.notReadyAt };
  const chain = [...ns.chain, queued];
  ds.sim.note("node-lifecycle", cs.name, () => `node ${ns.name} tainted ${key}:NoExecute (zone ${zoneName(zoneKey)} ${state}, ${tainter(cs, zoneKey).qps} node/s)`);
  if (d.evicted.length > 0) evictPods(ds, cs, d.evicted, chain, !ns.reachable || !ns.powered);
  const bySeconds = new Map<number, string[]>();
  for (const { pod, seconds } of d.tolerating) {
    const w = cs.pod(pod).workload;
    const s = ds.tweaks.tolerationSeconds?.get(`${cs.name}|${w}`) ?? seconds;
    const list = bySeconds.get(s) ?? [];
    list.push(pod);
    bySeconds.set(s, list);
  }
  const gen = ns.generation;
  const dflt = key === TAINT_UNREACHABLE ? cs.model.timing.unreachableTolerationSeconds : cs.model.timing.notReadyTolerationSeconds;
  for (const [s, pods] of [...bySeconds].sort((a, b) => a[0] - b[0])) {
    const own = s !== dflt || pods.some((p) => ds.tweaks.tolerationSeconds?.has(`${cs.name}|${cs.pod(p).workload}`));
    const seg: Segment = { mechanism: "taint-eviction", label: own ? `tolerationSeconds ${s} (the pod's own)` : `${s}s default toleration (${TIMING_SOURCES["unreachableTolerationSeconds"]!.split(" default")[0]})`, ms: s * 1000 };
    ds.sim.after(s * 1000, () => {
      if (ns.generation !== gen) return;
      whenReconciling(ds, cs, "taint eviction", () => {
        if (ns.generation !== gen) return;
        // Only pods still there (a StatefulSet pod recreated elsewhere under the same name is not this one).
        const still = pods.filter((p) => cs.model.twin.podNode(p) === ns.name && !cs.pods.get(p)?.terminating);
        if (still.length === 0) return;
        ds.sim.note("taint-eviction", cs.name, () => `${still.length} pod(s) on ${ns.name} evicted: ${seg.label} expired`);
        evictPods(ds, cs, still, [...chain, seg], !ns.reachable || !ns.powered);
      });
    });
  }
}

/**
 * node.kubernetes.io/out-of-service (non-graceful node shutdown, GA 1.28): pods on the node are
 * force-deleted and their volumes detached at once, so StatefulSets recreate their pods elsewhere.
 */
export function outOfService(ds: DrillSim, cs: ClusterSim, ns: NodeState, why: string): void {
  if (ns.outOfService) return;
  ns.outOfService = true;
  whenReconciling(ds, cs, "out-of-service taint", () => {
    const twin = cs.model.twin;
    twin.taint(ns.name, { key: "node.kubernetes.io/out-of-service", value: "nodeshutdown", effect: "NoExecute" }, { replace: false });
    const refs = cs.podsOn(ns.name).filter((r) => !twin.podBrief(r)?.workload.startsWith("DaemonSet/"));
    const seg: Segment = { mechanism: "controllers", label: `node.kubernetes.io/out-of-service taint (${why})`, ms: ds.sim.now - (Number.isFinite(ns.notReadyAt) ? ns.notReadyAt : ds.sim.now) };
    ds.sim.note("controllers", cs.name, () => `node ${ns.name} gets node.kubernetes.io/out-of-service (${why}): ${refs.length} pod(s) force-deleted, volumes detached`);
    for (const r of refs) if (!cs.pod(r).terminating) evictPods(ds, cs, [r], [...ns.chain, seg], true);
    podsGone(ds, cs, refs, [...ns.chain, seg], "node.kubernetes.io/out-of-service");
  });
}

/** The kubelet renews its lease again (node back, partition healed): Ready at the next pass. */
export function leaseResumes(ds: DrillSim, cs: ClusterSim, ns: NodeState, restarted: boolean): void {
  if (ns.renewing) return;
  ns.renewing = true;
  ns.generation++;
  const gen = ns.generation;
  const at = passAfter(cs, ds.sim.now, false);
  ds.sim.at(at, () => {
    if (ns.generation !== gen || !ns.renewing) return;
    whenReconciling(ds, cs, "node Ready", () => nodeReady(ds, cs, ns, restarted));
  });
}

function nodeReady(ds: DrillSim, cs: ClusterSim, ns: NodeState, restarted: boolean): void {
  const info = cs.model.nodes.get(ns.name)!;
  const wasNotReady = ns.ready !== "True";
  ns.ready = "True";
  ns.noExecute = false;
  ns.outOfService = false;
  ns.notReadyAt = Infinity;
  if (wasNotReady && !info.excluded) cs.notReady.set(info.zoneKey, Math.max(0, (cs.notReady.get(info.zoneKey) ?? 1) - 1));
  const twin = cs.model.twin;
  twin.setReady(ns.name, { retryPending: false });
  twin.untaint(ns.name, "node.kubernetes.io/out-of-service", "NoExecute", { retryPending: false });
  const refs = cs.podsOn(ns.name);
  const gone = refs.filter((r) => cs.pods.get(r)?.terminating);
  const stay = refs.filter((r) => !cs.pods.get(r)?.terminating);
  ds.sim.note("node-lifecycle", cs.name, () => `node ${ns.name} Ready again: ${gone.length} evicted pod(s) finish terminating, ${stay.length} pod(s) ${restarted ? "restart" : "serve again"}`);
  if (wasNotReady) requestDisruptionCheck(ds, cs);
  const back: Segment = { mechanism: "node-lifecycle", label: `node ${ns.name} back`, ms: 0 };
  if (gone.length > 0) podsGone(ds, cs, gone, [back], "the kubelet confirmed the deletion");
  for (const r of stay) {
    const p = cs.pod(r);
    if (restarted) {
      p.chain = [back];
      cs.setListed(p, false);
      startPod(ds, cs, r, ns.name);
    } else if (ns.clientSide && p.started) {
      cs.setLive(p, true, [back]);
      if (!p.listed) cs.setListed(p, true, [back]);
    }
  }
  retryPending(ds, cs);
}

/**
 * A new kube-controller-manager leader knows no node yet: it removes the NoExecute taints of every
 * node it "adds" (their toleration clocks restart when it taints them again), and nodes still Ready in
 * the API get a fresh probe timestamp — their grace period starts over.
 */
export function onNewLeader(ds: DrillSim, cs: ClusterSim): void {
  cs.monitorAnchor = ds.sim.now;
  cs.masterDisruption = false;
  cs.zoneStates.clear();
  cs.tainters.clear();
  let tainted = 0;
  const requeue: NodeState[] = [];
  for (const ns of cs.nodes.values()) {
    if (ns.noExecute) {
      untaint(cs, ns);
      tainted++;
    }
    if (ns.ready !== "True") requeue.push(ns);
    else if (!ns.renewing) {
      // "Missing timestamp for Node. Assuming now as a timestamp": probed at this first pass.
      ns.generation++;
      scheduleDetection(ds, cs, ns, ds.sim.now, ds.sim.now);
    }
  }
  ds.sim.note("node-lifecycle", cs.name, () => `new kube-controller-manager leader: node health starts over${tainted > 0 ? `; NoExecute taints removed from ${tainted} node(s), their toleration clocks restart when they are tainted again` : ""}`);
  handleDisruption(ds, cs);
  for (const ns of requeue) {
    ns.notReadyAt = ds.sim.now;
    queueForTaint(ds, cs, ns);
  }
}
