/**
 * What happens at the moment a node stops or returns: its pods stop serving (clients get errors from
 * endpoints kube-proxy still routes to until the node lifecycle controller notices), its lease stops,
 * and the control-plane pieces on it (stacked etcd member, API endpoint instance, controller leaders)
 * go with it.
 * @module
 */
import type { ClusterSim, NodeState } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import { controlPlaneChanged, endpointInstancesDown, endpointReachable, etcdMembersDown, leadersLost, leadersReturn, quorumSide } from "./control-plane.js";
import { leaseResumes, leaseStops } from "./node-lifecycle.js";

/** Nodes stop (crash, power loss, zone or site outage). */
export function nodesDown(ds: DrillSim, cs: ClusterSim, names: readonly string[], cause: string): void {
  const down = new Set<string>();
  for (const name of names) {
    const ns = cs.node(name);
    if (!ns.powered) continue;
    ns.powered = false;
    ns.cause = cause;
    down.add(name);
    ds.stamp++;
    for (const ref of cs.podsOn(name)) {
      const p = cs.pod(ref);
      p.started = false;
      cs.setLive(p, false);
    }
    leaseStops(ds, cs, ns);
  }
  if (down.size === 0) return;
  const cpDown = [...down].some((n) => cs.model.nodes.get(n)?.controlPlane);
  ds.sim.note("failure", cs.name, () => (down.size === 1 ? `node ${[...down][0]} ${cause}: its pods stop, its lease is no longer renewed` : `${down.size} nodes ${cause}: their pods stop, their leases are no longer renewed`));
  if (cpDown || cs.model.managed) controlPlaneLost(ds, cs, (m) => m.node !== undefined && down.has(m.node), cause);
  ds.touchCluster(cs.name);
}

/** etcd members, endpoint instances and leaders on failed places. */
export function controlPlaneLost(ds: DrillSim, cs: ClusterSim, on: (p: { node?: string; zone: string; site: string }) => boolean, cause: string): void {
  const etcd = cs.etcd.map((m, i) => (cs.cp.etcdUp[i] && (on(m) || ds.zoneDown(m.zone)) ? i : -1)).filter((i) => i >= 0);
  const inst = cs.endpoint.instances.map((x, i) => (cs.cp.endpointUp[i] && (on(x) || ds.zoneDown(x.zone)) ? i : -1)).filter((i) => i >= 0);
  if (etcd.length > 0) etcdMembersDown(ds, cs, etcd, cause);
  if (inst.length > 0) endpointInstancesDown(ds, cs, inst, cause);
  leadersLost(ds, cs);
  controlPlaneChanged(ds, cs);
}

/** Nodes run again (repaired, zone back): pods that were not evicted restart, leases resume. */
export function nodesUp(ds: DrillSim, cs: ClusterSim, names: readonly string[]): void {
  const side = leaseSide(ds, cs);
  for (const name of names) {
    const ns = cs.node(name);
    if (ns.powered) continue;
    ns.powered = true;
    ns.cause = undefined;
    ds.stamp++;
    if (canRenew(ds, cs, ns, side)) leaseResumes(ds, cs, ns, true);
  }
  const revived = cs.etcd.map((m, i) => (!cs.cp.etcdUp[i] && m.node !== undefined && names.includes(m.node) ? i : -1)).filter((i) => i >= 0);
  for (const i of revived) cs.cp.etcdUp[i] = true;
  ds.stamp++;
  cs.endpoint.instances.forEach((x, i) => {
    if (x.node !== undefined && names.includes(x.node)) cs.cp.endpointUp[i] = true;
  });
  leadersReturn(ds, cs);
  controlPlaneChanged(ds, cs);
}

function canRenew(ds: DrillSim, cs: ClusterSim, ns: NodeState, side: number): boolean {
  return ns.powered && side >= 0 && nodeOnSide(ds, cs, ns.name, side);
}

/** Node `name` of `cs` is on `side` of the current partition. */
export function nodeOnSide(ds: DrillSim, cs: ClusterSim, name: string, side: number): boolean {
  const info = cs.model.nodes.get(name)!;
  return ds.reach.sideOf({ node: name, zone: info.zone, site: info.site, controlPlane: info.controlPlane }) === side;
}

/**
 * Which side's kubelets renew their leases: the side holding etcd quorum, if an API endpoint instance
 * is alive there (a VIP or LB failing over for seconds does not cost a lease); -1 when no endpoint is
 * left. Without quorum nothing changes: no controller acts, and a new leader starts node health over.
 */
function leaseSide(ds: DrillSim, cs: ClusterSim): number {
  const q = quorumSide(ds, cs);
  if (q < 0) return cs.leaseSide;
  return endpointReachable(ds, cs, q) ? q : -1;
}

/**
 * Leases follow the API: when the API endpoint or a partition changes which kubelets reach the API,
 * their leases stop or resume. Visits every node only when that changed (or `force`, for partitions).
 */
export function refreshLeases(ds: DrillSim, cs: ClusterSim, force = false): void {
  const side = leaseSide(ds, cs);
  if (side === cs.leaseSide && !force) return;
  cs.leaseSide = side;
  for (const info of cs.model.nodes.values()) {
    const ns = cs.node(info.name);
    const renew = canRenew(ds, cs, ns, side);
    if (renew && !ns.renewing) leaseResumes(ds, cs, ns, false);
    else if (!renew && ns.renewing && ns.powered) leaseStops(ds, cs, ns);
  }
}
