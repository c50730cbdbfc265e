/**
 * VolumeZone: a pod using a PersistentVolume labelled with `topology.kubernetes.io/zone` fits only
 * nodes in one of those zones (PersistentVolumes declared in the manifests; volumes the twin
 * provisions carry node affinity instead, checked by VolumeBinding, as CSI volumes do).
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin } from "../../framework/types.js";
import { Code, PASS, SKIP, reason } from "../../framework/status.js";
import { LABEL_ZONE } from "../../state/nodes.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";

export const NAME = "VolumeZone";
/** `ErrReasonConflict`. */
export const ERR_REASON_CONFLICT = reason(NAME, "node(s) had no available volume zone", Code.UnschedulableAndUnresolvable);

export class VolumeZone implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    for (const id of pod.claims) if (this.state.volumes.list[id]!.pv?.zones) return PASS;
    return SKIP;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    const zone = this.state.nodes.labels[n]![LABEL_ZONE];
    for (const id of pod.claims) {
      const zones = this.state.volumes.list[id]!.pv?.zones;
      if (zones && (zone === undefined || !zones.includes(zone))) return ERR_REASON_CONFLICT;
    }
    return PASS;
  }
}
