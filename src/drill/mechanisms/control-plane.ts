/**
 * The control plane: etcd quorum (floor(n/2)+1 members on one side) and Raft leader election (1–2 s),
 * kube-apiservers, the API endpoint (VIP or load balancer failover by kind; a single-node endpoint is
 * down until repaired) and the kube-controller-manager / kube-scheduler leaders (lease 15 s + retry
 * 2 s ≈ 17 s takeover). Without etcd quorum the API refuses writes: nothing reconciles, nothing is
 * rescheduled in that cluster. Work that needs the control plane waits in `deferred` until it is back.
 * Facts: ../shared/knowledge/failure-timings.md ("Control plane").
 * @module
 */
import { etcdElectionWindowMs, leaderTakeoverMs } from "../../catalog/kubernetes-timing.js";
import { formatDuration } from "../../model/units.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Place } from "../state/model.js";
import type { Segment } from "../types.js";

/** The seeds' limit for etcd: members further apart than this churn leaders and slow every write. */
export const STRETCHED_ETCD_MS = 10;

/** RTT from the etcd leader to the nearest quorum of the other members (a commit waits for it). */
export function commitRtt(ds: DrillSim, cs: ClusterSim): number {
  const leader = cs.etcd[cs.cp.etcdLeader];
  if (!leader || cs.etcd.length < 2) return 0;
  const rtts = cs.etcd.filter((m) => m !== leader).map((m) => ds.reach.rtt(leader.zone, m.zone)).sort((a, b) => a - b);
  return rtts[Math.floor(cs.etcd.length / 2) - 1] ?? 0;
}

/** etcd members are live and on one side: the side holding a quorum, or -1. */
export function quorumSide(ds: DrillSim, cs: ClusterSim): number {
  if (cs.quorumMemo.stamp === ds.stamp) return cs.quorumMemo.side;
  const side = computeQuorumSide(ds, cs);
  cs.quorumMemo = { stamp: ds.stamp, side };
  return side;
}

function computeQuorumSide(ds: DrillSim, cs: ClusterSim): number {
  const n = cs.etcd.length;
  if (n === 0) return 0;
  const need = Math.floor(n / 2) + 1;
  const perSide = new Map<number, number>();
  cs.etcd.forEach((m, i) => {
    if (!cs.cp.etcdUp[i] || memberDown(ds, cs, m)) return;
    const side = ds.reach.sideOf({ ...m, controlPlane: true });
    perSide.set(side, (perSide.get(side) ?? 0) + 1);
  });
  for (const [side, count] of perSide) if (count >= need) return side;
  return -1;
}

function memberDown(ds: DrillSim, cs: ClusterSim, p: Place): boolean {
  if (ds.failedClusters.has(cs.name) || ds.zoneDown(p.zone)) return true;
  return p.node !== undefined && cs.nodes.get(p.node)?.powered === false;
}

/** etcd members up (for messages). */
export function etcdLive(ds: DrillSim, cs: ClusterSim): number {
  return cs.etcd.filter((m, i) => cs.cp.etcdUp[i] && !memberDown(ds, cs, m)).length;
}

/** Some kube-apiserver runs on the quorum side (memoised like the quorum side: every controller action asks). */
function apiServerOn(ds: DrillSim, cs: ClusterSim, side: number): boolean {
  const memo = cs.apiServerMemo;
  if (memo.stamp === ds.stamp && memo.side === side) return memo.on;
  const on = computeApiServerOn(ds, cs, side);
  memo.stamp = ds.stamp;
  memo.side = side;
  memo.on = on;
  return on;
}

function computeApiServerOn(ds: DrillSim, cs: ClusterSim, side: number): boolean {
  const m = cs.model;
  if (m.managed) return m.endpoint.instances.some((i) => !memberDown(ds, cs, i) && ds.reach.sideOf({ ...i, controlPlane: true }) === side);
  return m.cluster.controlPlane.nodes.some((n) => cs.nodes.get(n.name)?.powered !== false && !ds.zoneDown(n.zone) && ds.reach.sideOf({ node: n.name, zone: n.zone, site: n.site, controlPlane: true }) === side);
}

/** The API accepts writes (etcd quorum and leader, an apiserver with it). */
export function apiWritable(ds: DrillSim, cs: ClusterSim): boolean {
  if (ds.failedClusters.has(cs.name)) return false;
  const side = quorumSide(ds, cs);
  if (side < 0 || !apiServerOn(ds, cs, side)) return false;
  return ds.sim.now >= cs.cp.electingUntil;
}

/** Clients and kubelets reach the API through its endpoint. */
export function endpointServing(ds: DrillSim, cs: ClusterSim): boolean {
  if (ds.sim.now < cs.cp.endpointBackAt) return false;
  const i = cs.endpoint.instances[cs.cp.endpointHolder];
  return i !== undefined && cs.cp.endpointUp[cs.cp.endpointHolder] === true && !memberDown(ds, cs, i);
}

/** Some API endpoint instance lives on `side` (serving, or taking over within its failover time). */
export function endpointReachable(ds: DrillSim, cs: ClusterSim, side: number): boolean {
  return cs.endpoint.instances.some((x, i) => cs.cp.endpointUp[i] && !memberDown(ds, cs, x) && ds.reach.sideOf({ ...x, controlPlane: true }) === side);
}

/** The side kubelets must be on to reach the API (-1: none). */
export function apiSide(ds: DrillSim, cs: ClusterSim): number {
  if (!apiWritable(ds, cs) || !endpointServing(ds, cs)) return -1;
  return quorumSide(ds, cs);
}

/** Controllers run: writable API and an active kube-controller-manager leader. */
export function reconciling(ds: DrillSim, cs: ClusterSim): boolean {
  return apiWritable(ds, cs) && ds.sim.now >= cs.cp.kcmFrom;
}

export function schedulingActive(ds: DrillSim, cs: ClusterSim): boolean {
  return apiWritable(ds, cs) && ds.sim.now >= cs.cp.schedulerFrom;
}

/** The control plane as a service: API writable and reachable, controllers and scheduler active. */
export function controlPlaneLevel(ds: DrillSim, cs: ClusterSim): 0 | 1 | 2 {
  if (!apiWritable(ds, cs) || !endpointServing(ds, cs) || !reconciling(ds, cs) || !schedulingActive(ds, cs)) return 0;
  const degraded = cs.cp.churn || etcdLive(ds, cs) < cs.etcd.length || cs.endpoint.instances.some((_, i) => !cs.cp.endpointUp[i]);
  return degraded ? 1 : 2;
}

/** Why the control plane is down now (for unbounded verdicts). */
export function controlPlaneBlocker(ds: DrillSim, cs: ClusterSim): string | undefined {
  if (ds.failedClusters.has(cs.name)) return `cluster ${cs.name} is lost`;
  const side = quorumSide(ds, cs);
  if (side < 0) return `etcd quorum lost (${etcdLive(ds, cs)} of ${cs.etcd.length} members${ds.reach.partitioned ? " on any one side of the partition" : ""}; ${Math.floor(cs.etcd.length / 2) + 1} needed): the API refuses writes`;
  if (!apiServerOn(ds, cs, side)) return "no kube-apiserver runs on the side that holds etcd quorum";
  if (!endpointServing(ds, cs)) return cs.endpoint.kind === "single-node" ? `API endpoint is the single node ${cs.endpoint.instances[0]?.name}: down until it is repaired` : `no API endpoint instance (${cs.endpoint.kind}) is left`;
  if (ds.sim.now < cs.cp.kcmFrom) return "no kube-controller-manager can take the leader lease";
  if (ds.sim.now < cs.cp.schedulerFrom) return "no kube-scheduler can take the leader lease";
  return undefined;
}

/** Re-evaluates after a change: runs deferred work when controllers are back, tells node lifecycle. */
export function controlPlaneChanged(ds: DrillSim, cs: ClusterSim, cause?: Segment[]): void {
  ds.touchCluster(cs.name, cause);
  const writable = apiWritable(ds, cs);
  if (writable !== cs.apiWritable) {
    cs.apiWritable = writable;
    if (!writable) {
      // Leaders renew their leases through the API: after renewDeadline without writes they step down.
      const deadline = cs.model.timing.leaderElection.renewDeadlineMs;
      ds.sim.after(deadline, () => {
        if (apiWritable(ds, cs) || (cs.cp.kcmFrom === Infinity && cs.cp.schedulerFrom === Infinity)) return;
        cs.cp.kcmFrom = Infinity;
        cs.cp.schedulerFrom = Infinity;
        cs.cp.leaderLostAt = ds.sim.now;
        ds.sim.note("control-plane", cs.name, () => `kube-controller-manager and kube-scheduler lose their leases (no API writes for the renew deadline ${formatDuration(deadline)})`);
      });
    } else leadersReturn(ds, cs);
  }
  ds.hooks?.onApiReachability(ds, cs);
  if (reconciling(ds, cs) && cs.deferred.length > 0) {
    const work = cs.deferred.splice(0);
    ds.sim.note("control-plane", cs.name, () => `controllers resume: ${work.length} deferred action(s) (${[...new Set(work.map((w) => w.label))].slice(0, 3).join(", ")})`);
    for (const w of work) w.run();
  }
}

/** Runs `run` now if controllers reconcile, else once they do. */
export function whenReconciling(ds: DrillSim, cs: ClusterSim, label: string, run: () => void): void {
  if (reconciling(ds, cs)) run();
  else cs.deferred.push({ label, run });
}

/** Where a leader runs: a control-plane node, or `zone:<name>` inside a managed control plane. */
export function leaderDown(ds: DrillSim, cs: ClusterSim, where: string | undefined): boolean {
  if (where === undefined) return true;
  if (ds.failedClusters.has(cs.name)) return true;
  if (where.startsWith("zone:")) return ds.zoneDown(where.slice(5));
  const n = cs.model.nodes.get(where);
  if (cs.nodes.get(where)?.powered === false || (n !== undefined && ds.zoneDown(n.zone))) return true;
  // Cut off from etcd quorum, a leader cannot renew its lease through its local apiserver.
  if (ds.reach.partitioned && n) {
    const q = quorumSide(ds, cs);
    return q < 0 || ds.reach.sideOf({ node: n.name, zone: n.zone, site: n.site, controlPlane: true }) !== q;
  }
  return false;
}

/** Places a new leader can run: live control-plane nodes, or live zones of a managed control plane. */
function leaderCandidates(ds: DrillSim, cs: ClusterSim): string[] {
  const where = cs.model.managed ? [...new Set(cs.endpoint.instances.map((i) => `zone:${i.zone}`))] : cs.model.cluster.controlPlane.nodes.map((n) => n.name);
  return where.filter((w) => !leaderDown(ds, cs, w));
}

/**
 * After a control-plane node or a managed zone went down: the kube-controller-manager and
 * kube-scheduler leaders that ran there are replaced once their lease expires (≈ 17 s).
 */
export function leadersLost(ds: DrillSim, cs: ClusterSim): void {
  const t = cs.model.timing;
  const cp = cs.cp;
  const takeover = leaderTakeoverMs(t);
  for (const what of ["kcm", "scheduler"] as const) {
    const where = what === "kcm" ? cp.kcmNode : cp.schedulerNode;
    const from = what === "kcm" ? cp.kcmFrom : cp.schedulerFrom;
    if (!leaderDown(ds, cs, where)) continue;
    // Without etcd quorum no candidate can take the lease: leadersReturn runs when writes are back.
    const next = quorumSide(ds, cs) >= 0 ? leaderCandidates(ds, cs)[0] : undefined;
    if (!next && from === Infinity) continue;
    cs.cp.leaderLostAt = ds.sim.now;
    const at = next ? ds.sim.now + takeover : Infinity;
    if (what === "kcm") {
      cp.kcmNode = next;
      cp.kcmFrom = at;
    } else {
      cp.schedulerNode = next;
      cp.schedulerFrom = at;
    }
    const label = what === "kcm" ? "kube-controller-manager" : "kube-scheduler";
    ds.sim.note("control-plane", cs.name, () =>
      next
        ? `${label} leader lost; ${next.replace(/^zone:/, "a replica in zone ")} takes the lease in ${formatDuration(takeover)} (lease ${formatDuration(t.leaderElection.leaseDurationMs)} + retry ${formatDuration(t.leaderElection.retryPeriodMs)})`
        : `${label} leader lost and no replica is left to take over`,
    );
    if (next)
      ds.sim.at(at, () => {
        if (what === "kcm") ds.hooks?.onNewControllerLeader(ds, cs);
        controlPlaneChanged(ds, cs, [{ mechanism: "control-plane", label: `${label} leader election: lease ${formatDuration(t.leaderElection.leaseDurationMs)} + retry ${formatDuration(t.leaderElection.retryPeriodMs)}`, ms: takeover }]);
      });
  }
}

/** Leaders come back when a control-plane node returns and none is active. */
export function leadersReturn(ds: DrillSim, cs: ClusterSim): void {
  const t = cs.model.timing;
  for (const what of ["kcm", "scheduler"] as const) {
    // Only when no leader holds or awaits the lease (Infinity; -Infinity is "active since before the drill").
    if ((what === "kcm" ? cs.cp.kcmFrom : cs.cp.schedulerFrom) !== Infinity) continue;
    const next = leaderCandidates(ds, cs)[0];
    if (!next) continue;
    // A candidate acquires the lease at its next retry, once the old holder's lease has expired.
    const at = Math.max(ds.sim.now + t.leaderElection.retryPeriodMs, cs.cp.leaderLostAt + leaderTakeoverMs(t));
    if (what === "kcm") {
      cs.cp.kcmNode = next;
      cs.cp.kcmFrom = at;
    } else {
      cs.cp.schedulerNode = next;
      cs.cp.schedulerFrom = at;
    }
    ds.sim.at(at, () => {
      if (what === "kcm") ds.hooks?.onNewControllerLeader(ds, cs);
      controlPlaneChanged(ds, cs, [{ mechanism: "control-plane", label: `${what === "kcm" ? "kube-controller-manager" : "kube-scheduler"} takes the expired lease at its next retry (${formatDuration(t.leaderElection.retryPeriodMs)})`, ms: t.leaderElection.retryPeriodMs }]);
    });
  }
}

/** etcd members fail (`indexes`); the leader's loss starts a Raft election, losing quorum stops writes. */
export function etcdMembersDown(ds: DrillSim, cs: ClusterSim, indexes: number[], why: string): void {
  for (const i of indexes) cs.cp.etcdUp[i] = false;
  ds.stamp++;
  const after = quorumSide(ds, cs);
  if (after < 0 && !cs.quorumLostNoted) {
    cs.quorumLostNoted = true;
    ds.sim.note("control-plane", cs.name, () => `etcd quorum lost (${etcdLive(ds, cs)} of ${cs.etcd.length} members left, ${Math.floor(cs.etcd.length / 2) + 1} needed) after ${why}: the API refuses writes, nothing reconciles or reschedules`);
  } else if (after >= 0 && indexes.includes(cs.cp.etcdLeader)) electLeader(ds, cs, why);
  controlPlaneChanged(ds, cs);
}

/** A Raft election among the live members: writes wait a randomised [T, 2T) election timeout. */
export function electLeader(ds: DrillSim, cs: ClusterSim, why: string): void {
  const [min, max] = etcdElectionWindowMs(cs.model.timing);
  // Members ≥ 10 ms apart (a stretched etcd): the vote needs a round trip to a quorum on top.
  const rtt = commitRtt(ds, cs);
  const ms = ds.sim.pick(min, max) + (rtt >= STRETCHED_ETCD_MS ? Math.round(rtt) : 0);
  const next = cs.etcd.findIndex((m, i) => cs.cp.etcdUp[i] && !memberDown(ds, cs, m));
  cs.cp.etcdLeader = Math.max(0, next);
  cs.cp.electingUntil = ds.sim.now + ms;
  ds.sim.note("control-plane", cs.name, () => `etcd leader lost (${why}): Raft election ${formatDuration(ms)} (election timeout ${formatDuration(min)} randomised up to ${formatDuration(max)}); writes wait`);
  ds.sim.at(cs.cp.electingUntil, () => {
    ds.sim.note("control-plane", cs.name, () => `etcd leader elected (${cs.etcd[cs.cp.etcdLeader]?.name}); API writes resume`);
    controlPlaneChanged(ds, cs, [{ mechanism: "control-plane", label: `etcd leader election ${formatDuration(ms)} (Raft election timeout ${formatDuration(min)}–${formatDuration(max)})`, ms }]);
  });
}

/** API endpoint instances fail; the endpoint fails over by kind (VIP ≈ 3 s, keepalived ≈ 3.6 s, LB ≈ 10 s). */
export function endpointInstancesDown(ds: DrillSim, cs: ClusterSim, indexes: number[], why: string): void {
  const cp = cs.cp;
  for (const i of indexes) cp.endpointUp[i] = false;
  const inst = cs.endpoint.instances;
  const holderDown = !cp.endpointUp[cp.endpointHolder] || memberDown(ds, cs, inst[cp.endpointHolder]!);
  if (holderDown) {
    const next = inst.findIndex((x, i) => cp.endpointUp[i] && !memberDown(ds, cs, x));
    const ms = cs.endpoint.failoverMs;
    if (next >= 0 && Number.isFinite(ms)) {
      cp.endpointHolder = next;
      cp.endpointBackAt = ds.sim.now + ms;
      ds.sim.note("control-plane", cs.name, () => `API endpoint (${cs.endpoint.kind}) lost its active instance (${why}); ${inst[next]!.name} takes over in ${formatDuration(ms)}`);
      ds.sim.at(cp.endpointBackAt, () => {
        ds.sim.note("control-plane", cs.name, () => `API endpoint answers again on ${inst[next]!.name}`);
        controlPlaneChanged(ds, cs, [{ mechanism: "control-plane", label: `API endpoint failover ${formatDuration(ms)} (${cs.endpoint.kind})`, ms }]);
      });
    } else {
      ds.sim.note("control-plane", cs.name, () => `API endpoint (${cs.endpoint.kind}) is down (${why})${cs.endpoint.kind === "single-node" ? ": a single-node endpoint stays down until the node is repaired" : ": no instance is left"}`);
    }
  }
  controlPlaneChanged(ds, cs);
}
