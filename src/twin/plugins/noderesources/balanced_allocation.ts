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
import { ScoreCache } from "./score_cache.js";

export const NAME = "NodeResourcesBalancedAllocation";

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly state: ClusterState;
  private readonly skipBestEffort: boolean;

  private readonly cache: ScoreCache;

  constructor(h: Handle) {
    this.state = h.state;
    this.cache = new ScoreCache(h.state.nodes);
    this.skipBestEffort = h.minor >= 32;
  }

  preScore(_cycle: CycleState, pod: PodRecord): boolean {
    const t = pod.template;
    return !(this.skipBestEffort && (t.requests[DIM_CPU] ?? 0) === 0 && (t.requests[DIM_MEMORY] ?? 0) === 0);
  }

  accumulate(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, _scratch: Float64Array, total: Float64Array, weight: number): void {
    const pc = pod.template.requests[DIM_CPU] ?? 0;
    const pm = pod.template.requests[DIM_MEMORY] ?? 0;
    const c = this.cache.get(pod.template.requestKey);
    const version = this.state.nodes.version;
    const score = c.score;
    const stamp = c.stamp;
    for (let i = 0; i < count; i++) {
      const n = feasible[i]!;
      const v = version[n]! + 1;
      if (stamp[n] !== v) {
        score[n] = this.one(n, pc, pm);
        stamp[n] = v;
      }
      total[i] = total[i]! + weight * score[n]!;
    }
  }

  /** BalancedAllocation score of node `n` for a pod with these requests. */
  one(n: number, pc: number, pm: number): number {
    const nodes = this.state.nodes;
    const ca = nodes.alloc[DIM_CPU]![n]!;
    const ma = nodes.alloc[DIM_MEMORY]![n]!;
    if (ca === 0 || ma === 0) return 100;
    let fc = (nodes.req[DIM_CPU]![n]! + pc) / ca;
    if (fc > 1) fc = 1;
    let fm = (nodes.req[DIM_MEMORY]![n]! + pm) / ma;
    if (fm > 1) fm = 1;
    return Math.trunc((1 - Math.abs((fc - fm) / 2)) * 100);
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
