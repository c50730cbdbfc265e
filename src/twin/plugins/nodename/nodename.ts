/**
 * NodeName: a pod that names a node (`spec.nodeName`) fits only that node. The twin binds such pods
 * without scheduling (as the API server and kubelet do); the filter matters for `--explain`.
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin } from "../../framework/types.js";
import { Code, PASS, SKIP, reason } from "../../framework/status.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";

export const NAME = "NodeName";
/** `ErrReason`. */
export const ERR_REASON = reason(NAME, "node(s) didn't match the requested node name", Code.UnschedulableAndUnresolvable);

export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;
  readonly static = true;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    return pod.template.nodeName === undefined ? SKIP : PASS;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    return this.state.nodes.names[n] === pod.template.nodeName ? PASS : ERR_REASON;
  }
}
