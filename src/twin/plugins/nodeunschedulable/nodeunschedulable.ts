/**
 * NodeUnschedulable: cordoned nodes (`spec.unschedulable`) run no new pods unless the pod tolerates
 * `node.kubernetes.io/unschedulable:NoSchedule` (DaemonSet pods do).
 * @module
 */
import { toleratesTaint } from "../../../k8s/pod.js";
import type { Handle, FilterPlugin, CycleState } from "../../framework/types.js";
import { Code, PASS, reason } from "../../framework/status.js";
import { cacheSlot, type PodRecord } from "../../state/pods.js";
import type { ClusterState } from "../../state/cluster.js";

export const NAME = "NodeUnschedulable";
const SLOT = cacheSlot(NAME);
/** `ErrReasonUnschedulable`. */
export const ERR_REASON_UNSCHEDULABLE = reason(NAME, "node(s) were unschedulable", Code.UnschedulableAndUnresolvable);
const UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" as const };

export class NodeUnschedulable implements FilterPlugin {
  readonly name = NAME;
  readonly static = true;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    if (this.state.nodes.unschedulable[n] === 0) return PASS;
    const t = pod.template;
    let tolerates = t.slots[SLOT] as boolean | undefined;
    if (tolerates === undefined) {
      tolerates = t.tolerations.some((tol) => toleratesTaint(tol, UNSCHEDULABLE_TAINT));
      t.slots[SLOT] = tolerates;
    }
    return tolerates ? PASS : ERR_REASON_UNSCHEDULABLE;
  }
}
