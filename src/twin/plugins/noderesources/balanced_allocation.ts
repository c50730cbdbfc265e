/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be equally used after
 * placing the pod: `(1 − std(fractions)) × 100`, with fractions of requested / allocatable (capped
 * at 1). Uses actual requests, not the non-zero stand-ins. From Kubernetes 1.32 the plugin skips
 * best-effort pods (kubernetes/kubernetes#129138).
 * @module
 */
import type { CycleState, Handle, PreScorePlugin, ScorePlugin } from "../../framework/types.js";
import { DIM_CPU, DIM_MEMORY } from "../../state/nodes.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";

export const NAME = "NodeResourcesBalancedAllocation";

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly state: ClusterState;
  private readonly skipBestEffort: boolean;

  constructor(h: Handle) {
    this.state = h.state;
    this.skipBestEffort = h.minor >= 32;
  }

  preScore(_cycle: CycleState, pod: PodRecord): boolean {
    const t = pod.template;
    return !(this.skipBestEffort && (t.requests[DIM_CPU] ?? 0) === 0 && (t.requests[DIM_MEMORY] ?? 0) === 0);
  }

  score(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void {
    const nodes = this.state.nodes;
    const cpuAlloc = nodes.alloc[DIM_CPU]!;
    const memAlloc = nodes.alloc[DIM_MEMORY]!;
    const cpuReq = nodes.req[DIM_CPU]!;
    const memReq = nodes.req[DIM_MEMORY]!;
    const pc = pod.template.requests[DIM_CPU] ?? 0;
    const pm = pod.template.requests[DIM_MEMORY] ?? 0;
    for (let i = 0; i < count; i++) {
      const n = feasible[i]!;
      const ca = cpuAlloc[n]!;
      const ma = memAlloc[n]!;
      if (ca === 0 || ma === 0) {
        out[i] = 100;
        continue;
      }
      let fc = (cpuReq[n]! + pc) / ca;
      if (fc > 1) fc = 1;
      let fm = (memReq[n]! + pm) / ma;
      if (fm > 1) fm = 1;
      const std = Math.abs((fc - fm) / 2);
      out[i] = Math.trunc((1 - std) * 100);
    }
  }
}
