/**
 * Controllers: the ReplicaSet, Job and StatefulSet controllers recreate evicted pods through the twin,
 * and kube-scheduler places them (or leaves them Pending with its own reason). A ReplicaSet replaces a
 * terminating pod at once; a StatefulSet keeps at most one pod per identity, so a pod stuck
 * Terminating on an unreachable node blocks its replacement until the node returns, its Node object
 * is deleted or it gets the node.kubernetes.io/out-of-service taint. DaemonSet pods tolerate
 * unreachable nodes forever; a bare Pod has no controller. Everything here needs the control plane.
 * @module
 */
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import { claimsOfPod } from "../state/workloads.js";
import type { Segment } from "../types.js";
import { schedulingActive, whenReconciling } from "./control-plane.js";
import { startPod } from "./pod-start.js";
import { holdUntilForceDetach, holdUntilTerminated, release } from "./volumes.js";

const NO_SCHEDULE = Object.freeze({ schedule: false });

/**
 * Evicts pods (taint manager or Eviction API): each starts terminating — on an unreachable node it
 * stays so — and its controller creates a replacement. `chain` is the recovery so far.
 */
export function evictPods(ds: DrillSim, cs: ClusterSim, refs: readonly string[], chain: Segment[], unreachable: boolean, graceMs = 0): void {
  const twin = cs.model.twin;
  const stuck: string[] = [];
  for (const ref of refs) {
    if (!twin.hasPod(ref)) continue;
    const p = cs.pod(ref);
    if (p.terminating) continue;
    const info = cs.model.workloads.get(p.workload);
    const node = p.node;
    const r = twin.evict(ref, NO_SCHEDULE);
    p.terminating = true;
    cs.setListed(p, false);
    if (!unreachable) {
      p.started = false;
      cs.setLive(p, false);
    }
    if (info && node) {
      const claims = claimsOfPod(info, p.name);
      if (unreachable) holdUntilForceDetach(ds, cs, claims, node);
      else if (graceMs > 0) holdUntilTerminated(ds, cs, claims, node, graceMs);
      else release(ds, cs, claims, "the pod terminated on a healthy node");
    }
    if (r) {
      cs.newPod(r.pod, p.workload, chain);
      cs.toSchedule.add(r.pod);
    } else if (info?.kind === "StatefulSet") {
      stuck.push(ref);
      cs.block(p.workload, "controllers", `StatefulSet pod ${ref} stays Terminating on unreachable node ${node}: at most one pod per identity, so no replacement until the node returns, its Node object is deleted or it gets the node.kubernetes.io/out-of-service taint`);
    } else if (!info || info.kind === "Pod") {
      cs.block(p.workload, "controllers", `bare Pod ${ref} has no controller: nothing recreates it`);
    }
  }
  if (stuck.length > 0) ds.sim.note("controllers", cs.name, () => `StatefulSet pod(s) ${stuck.join(", ")} stuck Terminating: at most one pod per identity`);
  requestScheduling(ds, cs);
}

/**
 * Pods are gone for good (the kubelet confirmed, or a force delete): StatefulSet pods come back under
 * the same name now; capacity freed on live nodes lets Pending pods retry.
 */
export function podsGone(ds: DrillSim, cs: ClusterSim, refs: readonly string[], chain: Segment[], why: string): void {
  const twin = cs.model.twin;
  for (const ref of refs) {
    if (!twin.hasPod(ref)) continue;
    const p = cs.pod(ref);
    const info = cs.model.workloads.get(p.workload);
    if (info) release(ds, cs, claimsOfPod(info, p.name), why);
    const d = twin.deletePod(ref, { retryPending: false, schedule: false });
    cs.dropPod(p);
    for (const r of d.replacements) {
      cs.newPod(r.pod, p.workload, chain);
      cs.toSchedule.add(r.pod);
    }
    cs.unblock(p.workload);
  }
  retryPending(ds, cs);
}

/** Schedules the new replacements in one batch at this instant (once the scheduler runs). */
export function requestScheduling(ds: DrillSim, cs: ClusterSim): void {
  if (cs.toSchedule.size === 0 || cs.schedulingQueued) return;
  cs.schedulingQueued = true;
  ds.sim.at(ds.sim.now, () => {
    cs.schedulingQueued = false;
    whenReconciling(ds, cs, "replacement pods", () => schedulePass(ds, cs, false));
  });
}

/** Capacity or nodes came back: Pending pods try again (with any new replacements). */
export function retryPending(ds: DrillSim, cs: ClusterSim): void {
  if (cs.pending.size === 0 && cs.toSchedule.size === 0) return;
  whenReconciling(ds, cs, "Pending pods", () => schedulePass(ds, cs, true));
}

function schedulePass(ds: DrillSim, cs: ClusterSim, withPending: boolean): void {
  if (!schedulingActive(ds, cs)) {
    // kube-scheduler has no leader: the pods wait; controlPlaneChanged runs this again.
    cs.deferred.push({ label: "scheduling", run: () => schedulePass(ds, cs, withPending) });
    return;
  }
  const refs = [...cs.toSchedule, ...(withPending ? cs.pending : [])];
  cs.toSchedule.clear();
  if (withPending) cs.pending.clear();
  if (refs.length === 0) return;
  const r = cs.model.twin.scheduleMany(refs);
  const bound = new Set<string>();
  for (const s of r.results) {
    if (!s.node) continue;
    bound.add(s.pod);
    if (!cs.pods.has(s.pod)) continue;
    startPod(ds, cs, s.pod, s.node);
  }
  const stillPending: string[] = [];
  for (const ref of refs) {
    if (bound.has(ref)) continue;
    if (!cs.model.twin.hasPod(ref) || cs.model.twin.podNode(ref) !== undefined) continue;
    cs.pending.add(ref);
    stillPending.push(ref);
  }
  if (bound.size > 0) ds.sim.note("scheduling", cs.name, () => `kube-scheduler placed ${bound.size} replacement pod(s)${bound.size <= 3 ? `: ${[...bound].join(", ")}` : ""}`);
  if (stillPending.length > 0) {
    const reasons = new Map(r.unschedulable.map((p) => [p.ref, p]));
    for (const ref of stillPending) {
      const p = cs.pods.get(ref);
      const why = reasons.get(ref);
      if (p && why) cs.block(p.workload, "scheduling", `Pending: ${why.message}`);
    }
    const first = reasons.get(stillPending[0]!);
    ds.sim.note("scheduling", cs.name, () => `${stillPending.length} replacement pod(s) stay Pending: ${first?.message ?? "unschedulable"}`);
  }
}
