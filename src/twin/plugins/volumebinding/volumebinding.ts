/**
 * VolumeBinding: a pod's PersistentVolumeClaims must exist and be bound, or bindable where the pod
 * lands. A bound volume with node affinity (a zonal disk: its zone; a local disk: its node) pins the
 * pod; an unbound Immediate claim blocks it; a WaitForFirstConsumer claim is provisioned on the node
 * the scheduler picks (if the storage backend can serve that node) and is bound there when the pod
 * binds — the zone of the first placement then holds the volume for good.
 * @module
 */
import type { BindPlugin, CycleState, FilterPlugin, Handle, PreFilterPlugin } from "../../framework/types.js";
import { Code, PASS, SKIP, reason } from "../../framework/status.js";
import { LABEL_ZONE } from "../../state/nodes.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";

export const NAME = "VolumeBinding";
/** `ErrReasonNodeConflict`. */
export const ERR_REASON_NODE_CONFLICT = reason(NAME, "node(s) had volume node affinity conflict", Code.UnschedulableAndUnresolvable);
/** `ErrReasonBindConflict`. */
export const ERR_REASON_BIND_CONFLICT = reason(NAME, "node(s) didn't find available persistent volumes to bind", Code.UnschedulableAndUnresolvable);
/** PreFilter: an unbound claim with Immediate binding. */
export const ERR_UNBOUND_IMMEDIATE = reason(NAME, "pod has unbound immediate PersistentVolumeClaims", Code.UnschedulableAndUnresolvable);

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, BindPlugin {
  readonly name = NAME;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    if (pod.claims.length === 0) return SKIP;
    for (const id of pod.claims) {
      const v = this.state.volumes.list[id]!;
      if (!v.exists) return reason(NAME, `persistentvolumeclaim "${v.claim}" not found`, Code.UnschedulableAndUnresolvable);
      if (!v.bound && (!v.backend || v.backend.mode === "Immediate")) return ERR_UNBOUND_IMMEDIATE;
    }
    return PASS;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    const nodes = this.state.nodes;
    for (const id of pod.claims) {
      const v = this.state.volumes.list[id]!;
      if (v.bound) {
        if (v.node !== undefined && v.node !== nodes.names[n]) return ERR_REASON_NODE_CONFLICT;
        if (v.zone !== undefined && v.zone !== nodes.labels[n]![LABEL_ZONE]) return ERR_REASON_NODE_CONFLICT;
        if (v.pv?.nodeAffinity && !v.pv.nodeAffinity(nodes.labels[n]!, nodes.names[n]!)) return ERR_REASON_NODE_CONFLICT;
      } else if (v.backend?.nodes && !v.backend.nodes.has(nodes.names[n]!)) {
        return ERR_REASON_BIND_CONFLICT;
      }
    }
    return PASS;
  }

  bound(pod: PodRecord, n: number): void {
    const nodes = this.state.nodes;
    for (const id of pod.claims) {
      const v = this.state.volumes.list[id]!;
      if (v.bound || !v.backend) continue;
      this.state.bindVolume(v, v.backend.zonal ? nodes.labels[n]![LABEL_ZONE] : undefined, v.backend.local ? nodes.names[n] : undefined);
    }
  }
}
