/**
 * NodeResourcesFit: the pod's requests (cpu, memory, ephemeral storage, extended resources) must fit
 * in allocatable minus what bound pods request, and the node's pod count must stay within `pods`.
 * Every insufficient resource is reported ("Insufficient cpu", "Insufficient memory"); a request
 * larger than the node's whole allocatable is UnschedulableAndUnresolvable (preemption cannot help).
 * Scoring is LeastAllocated over cpu and memory (weights 1:1) with the non-zero requests
 * (100m / 200Mi for containers that request nothing).
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/types.js";
import { Code, PASS, reason } from "../../framework/status.js";
import { DIM_CPU, DIM_MEMORY } from "../../state/nodes.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";

export const NAME = "NodeResourcesFit";
export const TOO_MANY_PODS = "Too many pods";

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly state: ClusterState;
  private readonly reasonByMask = new Map<number, number>();

  constructor(h: Handle) {
    this.state = h.state;
  }

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    pod.template.align(this.state.nodes);
    return PASS;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    const nodes = this.state.nodes;
    const t = pod.template;
    let mask = 0;
    if (nodes.podCount[n]! + 1 > nodes.allowedPods[n]!) mask = 1;
    const dims = t.requestDims;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i]!;
      const want = t.requests[d]!;
      const alloc = nodes.alloc[d]![n]!;
      if (want > alloc - nodes.req[d]![n]!) {
        mask |= 1 << (d + 1);
        if (want > alloc) mask |= 1 << 30;
      }
    }
    return mask === 0 ? PASS : this.reasonFor(mask);
  }

  private reasonFor(mask: number): number {
    let id = this.reasonByMask.get(mask);
    if (id === undefined) {
      const texts: string[] = [];
      if (mask & 1) texts.push(TOO_MANY_PODS);
      const dims = this.state.nodes.dims;
      const named: string[] = [];
      for (let d = 0; d < dims.length && d < 29; d++) if (mask & (1 << (d + 1))) (d < 3 ? texts : named).push(`Insufficient ${dims[d]}`);
      texts.push(...named.sort());
      id = reason(NAME, texts, mask & (1 << 30) ? Code.UnschedulableAndUnresolvable : Code.Unschedulable);
      this.reasonByMask.set(mask, id);
    }
    return id;
  }

  preScore(): boolean {
    return true;
  }

  /** LeastAllocated: `((capacity − requested) × 100) / capacity` per resource, averaged with weights cpu 1, memory 1. */
  score(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void {
    const nodes = this.state.nodes;
    const cpuAlloc = nodes.alloc[DIM_CPU]!;
    const memAlloc = nodes.alloc[DIM_MEMORY]!;
    const cpuNz = nodes.nonzeroCpu;
    const memNz = nodes.nonzeroMem;
    const pc = pod.template.nonzeroCpu;
    const pm = pod.template.nonzeroMem;
    for (let i = 0; i < count; i++) {
      const n = feasible[i]!;
      let s = 0;
      let w = 0;
      const ca = cpuAlloc[n]!;
      if (ca !== 0) {
        const r = cpuNz[n]! + pc;
        s += r > ca ? 0 : Math.floor(((ca - r) * 100) / ca);
        w++;
      }
      const ma = memAlloc[n]!;
      if (ma !== 0) {
        const r = memNz[n]! + pm;
        s += r > ma ? 0 : Math.floor(((ma - r) * 100) / ma);
        w++;
      }
      out[i] = w === 0 ? 0 : Math.floor(s / w);
    }
  }
}
