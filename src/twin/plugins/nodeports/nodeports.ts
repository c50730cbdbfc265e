/**
 * NodePorts: a pod asking for a host port fits only nodes where no running pod holds the same
 * protocol and port on an overlapping host IP (0.0.0.0 overlaps every IP).
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin } from "../../framework/types.js";
import { PASS, SKIP, reason } from "../../framework/status.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";

export const NAME = "NodePorts";
/** `ErrReason`. */
export const ERR_REASON = reason(NAME, "node(s) didn't have free ports for the requested pod ports");

function conflicts(a: string, b: string): boolean {
  const [pa, ia, na] = a.split("/");
  const [pb, ib, nb] = b.split("/");
  return pa === pb && na === nb && (ia === ib || ia === "0.0.0.0" || ib === "0.0.0.0");
}

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    return pod.template.hostPorts.length === 0 ? SKIP : PASS;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    const want = pod.template.hostPorts;
    for (const id of this.state.nodes.podsOn[n]!) {
      const other = this.state.pods[id]!.template.hostPorts;
      for (const o of other) for (const w of want) if (conflicts(o, w)) return ERR_REASON;
    }
    return PASS;
  }
}
