/**
 * Applies one scenario step to the world: what fails (or comes back) at that moment, handed to the
 * mechanisms that react to it. Every target kind of spec.scenarios lands here.
 * @module
 */
import type { FailureTarget, ScenarioStep } from "../../model/fleet.js";
import { formatDuration } from "../../model/units.js";
import { commitRtt, controlPlaneChanged, electLeader, endpointInstancesDown, etcdMembersDown, leadersLost, leadersReturn, quorumSide, STRETCHED_ETCD_MS } from "../mechanisms/control-plane.js";
import { drainNode } from "../mechanisms/eviction-api.js";
import { outOfService } from "../mechanisms/node-lifecycle.js";
import { controlPlaneLost, nodesDown, nodesUp, refreshLeases } from "../mechanisms/nodes.js";
import { shutdownNode } from "../mechanisms/shutdown.js";
import { volumeFate } from "../mechanisms/volumes.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import { Reachability } from "../state/reach.js";
import { describeTarget } from "./describe.js";

export function applyStep(ds: DrillSim, step: ScenarioStep): void {
  const t = step.target;
  // Whatever a step changes (zones, sites, members, partitions) invalidates memoised quorum sides.
  ds.stamp++;
  if (step.action === "out-of-service") {
    if (t.kind !== "node") return;
    const cs = ds.cluster(t.cluster);
    outOfService(ds, cs, cs.node(t.node), "applied by an operator");
    return;
  }
  if (step.action === "fail") {
    ds.failureTimes.push(ds.sim.now);
    fail(ds, t);
  } else recover(ds, t);
}

function nodesIn(cs: ClusterSim, pred: (n: { zone: string; site: string }) => boolean): string[] {
  return [...cs.model.nodes.values()].filter(pred).map((n) => n.name);
}

function fail(ds: DrillSim, t: FailureTarget): void {
  const what = describeTarget(t);
  switch (t.kind) {
    case "node":
      return nodesDown(ds, ds.cluster(t.cluster), [t.node], "crashed");
    case "shutdown":
      return shutdownNode(ds, ds.cluster(t.cluster), t.node, t.gracePeriodMs);
    case "drain":
      return drainNode(ds, ds.cluster(t.cluster), t.node);
    case "zone":
    case "site": {
      if (t.kind === "zone") ds.failedZones.add(t.zone);
      else ds.failedSites.add(t.site);
      const hit = (p: { zone: string; site: string }) => (t.kind === "zone" ? p.zone === t.zone : p.site === t.site);
      ds.sim.note("failure", undefined, () => `${what} fails: every node, etcd member and endpoint instance there stops${t.kind === "site" ? "; backups stored there are gone" : ""}`);
      for (const cs of ds.clusters.values()) {
        const names = nodesIn(cs, hit);
        if (names.length > 0) nodesDown(ds, cs, names, `lost with ${what}`);
        if (cs.etcd.some(hit) || cs.endpoint.instances.some(hit)) controlPlaneLost(ds, cs, hit, what);
        ds.touchCluster(cs.name);
      }
      return;
    }
    case "cluster": {
      ds.failedClusters.add(t.cluster);
      const cs = ds.cluster(t.cluster);
      ds.sim.note("failure", cs.name, () => `cluster ${cs.name} is lost: nodes, control plane and storage`);
      nodesDown(ds, cs, [...cs.model.nodes.keys()], "lost with the cluster");
      controlPlaneLost(ds, cs, () => true, what);
      for (const c of ds.clusters.keys()) ds.touchCluster(c);
      return;
    }
    case "etcd-member": {
      const cs = ds.cluster(t.cluster);
      const i = cs.etcd.findIndex((m) => m.name === t.member);
      if (i >= 0) etcdMembersDown(ds, cs, [i], `${what} failed`);
      return;
    }
    case "endpoint": {
      const cs = ds.cluster(t.cluster);
      const order = [cs.cp.endpointHolder, ...cs.endpoint.instances.map((_, i) => i).filter((i) => i !== cs.cp.endpointHolder)].filter((i) => cs.cp.endpointUp[i]);
      endpointInstancesDown(ds, cs, order.slice(0, t.instances), `${what} failed`);
      return;
    }
    case "storage-node":
      ds.failedStorage.add(`${t.cluster}|${t.node}`);
      return storageChanged(ds, ds.cluster(t.cluster), `storage on ${t.node} failed`);
    case "gslb-target":
      ds.failedTargets.add(`${t.hostname}|${t.cluster}`);
      ds.sim.note("failure", t.cluster, () => `${what} stops answering health checks`);
      ds.touch(`hostname/${t.hostname}`);
      return;
    case "partition":
      ds.reach.groups = t.groups.map((g) => [...g]);
      ds.stamp++;
      ds.sim.note("failure", undefined, () => `network partition: ${t.groups.map((g) => `[${g.join(", ")}]`).join(" | ")} | everything else`);
      return partitionChanged(ds);
    case "latency":
      ds.reach.spikes.set(Reachability.key(t.between[0], t.between[1]), t.rttMs);
      ds.sim.note("failure", undefined, () => `RTT between ${t.between[0]} and ${t.between[1]} rises to ${formatDuration(t.rttMs)}`);
      return latencyChanged(ds);
  }
}

function recover(ds: DrillSim, t: FailureTarget): void {
  const what = describeTarget(t);
  ds.sim.note("failure", undefined, () => `${what} is back`);
  switch (t.kind) {
    case "node":
    case "shutdown":
      return nodesUp(ds, ds.cluster(t.cluster), [t.node]);
    case "drain": {
      const cs = ds.cluster(t.cluster);
      cs.model.twin.uncordon(t.node, { retryPending: false });
      cs.node(t.node).cordoned = false;
      return;
    }
    case "zone":
    case "site":
    case "cluster": {
      if (t.kind === "zone") ds.failedZones.delete(t.zone);
      else if (t.kind === "site") ds.failedSites.delete(t.site);
      else ds.failedClusters.delete(t.cluster);
      const hit = (p: { zone: string; site: string }) => (t.kind === "zone" ? p.zone === t.zone : t.kind === "site" ? p.site === t.site : true);
      for (const cs of ds.clusters.values()) {
        if (t.kind === "cluster" && cs.name !== t.cluster) continue;
        cs.etcd.forEach((m, i) => {
          if (hit(m)) cs.cp.etcdUp[i] = true;
        });
        ds.stamp++;
        cs.endpoint.instances.forEach((x, i) => {
          if (hit(x)) cs.cp.endpointUp[i] = true;
        });
        const names = nodesIn(cs, hit);
        if (names.length > 0) nodesUp(ds, cs, names);
        leadersReturn(ds, cs);
        controlPlaneChanged(ds, cs);
      }
      return;
    }
    case "etcd-member": {
      const cs = ds.cluster(t.cluster);
      const i = cs.etcd.findIndex((m) => m.name === t.member);
      if (i >= 0) cs.cp.etcdUp[i] = true;
      ds.stamp++;
      return controlPlaneChanged(ds, cs);
    }
    case "endpoint": {
      const cs = ds.cluster(t.cluster);
      cs.cp.endpointUp = cs.cp.endpointUp.map(() => true);
      return controlPlaneChanged(ds, cs);
    }
    case "storage-node":
      ds.failedStorage.delete(`${t.cluster}|${t.node}`);
      return storageChanged(ds, ds.cluster(t.cluster), `storage on ${t.node} is back`);
    case "gslb-target":
      ds.failedTargets.delete(`${t.hostname}|${t.cluster}`);
      ds.touch(`hostname/${t.hostname}`);
      return;
    case "partition":
      ds.reach.groups = [];
      ds.stamp++;
      return partitionChanged(ds);
    case "latency":
      ds.reach.spikes.delete(Reachability.key(t.between[0], t.between[1]));
      return latencyChanged(ds);
  }
}

/** Pods whose volumes became unreachable stop serving (I/O errors); those whose volumes are back serve again. */
function storageChanged(ds: DrillSim, cs: ClusterSim, why: string): void {
  let changed = 0;
  for (const [ref, claims] of cs.model.claimsByPod()) {
    const v = cs.model.twin.podBrief(ref);
    if (!v?.node) continue;
    const ok = claims.every((c) => {
      const vol = cs.model.volumes.get(c);
      return !vol || volumeFate(ds, cs, vol, v.node).available;
    });
    const p = cs.pod(ref);
    const n = cs.node(v.node);
    const live = ok && n.powered && n.clientSide && p.started && !p.terminating;
    if (p.live !== live) {
      cs.setLive(p, live, live ? [{ mechanism: "volumes", label: why, ms: 0 }] : undefined);
      changed++;
    }
  }
  ds.sim.note("volumes", cs.name, () => `${why}: ${changed} pod(s) ${changed === 1 ? "changes" : "change"} whether its volumes are reachable`);
  ds.touchCluster(cs.name);
}

/**
 * After a partition starts or ends: which side keeps etcd quorum (and so the API and the controllers),
 * which kubelets still reach it, and which pods clients still reach (clients are with the most nodes).
 */
function partitionChanged(ds: DrillSim): void {
  for (const cs of ds.clusters.values()) {
    const q = quorumSide(ds, cs);
    const clientSide = largestSide(ds, cs, q);
    cs.clientSide = clientSide;
    const leader = cs.etcd[cs.cp.etcdLeader];
    if (q >= 0 && leader && ds.reach.sideOf({ ...leader, controlPlane: true }) !== q) electLeader(ds, cs, "the leader is on the minority side");
    const inst = cs.endpoint.instances;
    const holder = inst[cs.cp.endpointHolder];
    if (q >= 0 && holder && ds.reach.sideOf({ ...holder, controlPlane: true }) !== q) {
      const next = inst.findIndex((x, i) => cs.cp.endpointUp[i] && ds.reach.sideOf({ ...x, controlPlane: true }) === q);
      if (next >= 0) {
        cs.cp.endpointHolder = next;
        cs.cp.endpointBackAt = ds.sim.now + cs.endpoint.failoverMs;
        ds.sim.at(cs.cp.endpointBackAt, () => controlPlaneChanged(ds, cs));
      }
    }
    for (const info of cs.model.nodes.values()) {
      const side = ds.reach.sideOf({ node: info.name, zone: info.zone, site: info.site, controlPlane: info.controlPlane });
      const ns = cs.node(info.name);
      const onClientSide = side === clientSide;
      if (ns.clientSide === onClientSide) continue;
      ns.clientSide = onClientSide;
      for (const ref of cs.podsOn(info.name)) {
        const p = cs.pod(ref);
        if (!onClientSide) cs.setLive(p, false);
        else if (ns.powered && p.started && !p.terminating) cs.setLive(p, true, [{ mechanism: "failure", label: "partition healed", ms: 0 }]);
      }
    }
    if (leaderOffSide(ds, cs, q)) leadersLost(ds, cs);
    refreshLeases(ds, cs, true);
    controlPlaneChanged(ds, cs);
  }
}

function leaderOffSide(ds: DrillSim, cs: ClusterSim, q: number): boolean {
  const n = cs.cp.kcmNode ? cs.model.nodes.get(cs.cp.kcmNode) : undefined;
  return q >= 0 && n !== undefined && ds.reach.sideOf({ node: n.name, zone: n.zone, site: n.site, controlPlane: true }) !== q;
}

/**
 * Where clients are during a partition: with the side that runs the most live nodes (the data plane
 * they reach through its load balancers); on a tie, the side that keeps etcd quorum.
 */
function largestSide(ds: DrillSim, cs: ClusterSim, quorum: number): number {
  const count = new Map<number, number>();
  for (const n of cs.model.nodes.values()) {
    if (cs.nodes.get(n.name)?.powered === false) continue;
    const s = ds.reach.sideOf({ node: n.name, zone: n.zone, site: n.site, controlPlane: n.controlPlane });
    count.set(s, (count.get(s) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1] || (a[0] === quorum ? -1 : b[0] === quorum ? 1 : a[0] - b[0]))[0]?.[0] ?? 0;
}

/** etcd members across a slow link: ≥ 10 ms churns the leader and slows writes; beyond the election timeout no leader holds. */
function latencyChanged(ds: DrillSim): void {
  for (const cs of ds.clusters.values()) {
    if (cs.etcd.length === 0) continue;
    const commit = commitRtt(ds, cs);
    const timeout = cs.model.timing.etcd.electionTimeoutMs;
    const churn = commit >= STRETCHED_ETCD_MS;
    if (commit >= timeout) {
      cs.cp.electingUntil = Infinity;
      ds.sim.note("control-plane", cs.name, () => `etcd: a quorum is ${formatDuration(commit)} away from the leader, beyond the election timeout ${formatDuration(timeout)}: elections never settle, the API refuses writes`);
    } else if (cs.cp.electingUntil === Infinity) cs.cp.electingUntil = ds.sim.now;
    if (churn !== cs.cp.churn) {
      cs.cp.churn = churn;
      ds.sim.note("control-plane", cs.name, () => (churn ? `etcd commits now wait ${formatDuration(commit)} for a quorum (≥ 10 ms): slow writes and leader churn` : "etcd latency back below 10 ms"));
    }
    controlPlaneChanged(ds, cs);
    for (const d of ds.fleet.dataServices) if (d.primary.cluster === cs.name) ds.touch(`data/${d.name}`);
  }
}
