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
import { cacheSlot, type PodRecord } from "../../state/pods.js";
import { ScoreCache } from "./score_cache.js";
const OTHER_SLOT = cacheSlot("fit-other-dims");

export const NAME = "NodeResourcesFit";
export const TOO_MANY_PODS = "Too many pods";

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly state: ClusterState;
  private readonly reasonByMask = new Map<number, number>();

  private readonly cache: ScoreCache;

  constructor(h: Handle) {
    this.state = h.state;
    this.cache = new ScoreCache(h.state.nodes);
  }

  /** Per-cycle requests (read by the fused hot path). */
  cpu = 0;
  mem = 0;
  private other: number[] = [];

  /** Only cpu and memory are requested this cycle (the fused path checks those inline). */
  simple(): boolean {
    return this.other.length === 0;
  }
  private requests: Float64Array = new Float64Array(0);

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    const t = pod.template;
    t.align(this.state.nodes);
    this.cpu = t.requests[DIM_CPU]!;
    this.mem = t.requests[DIM_MEMORY]!;
    let other = t.slots[OTHER_SLOT] as number[] | undefined;
    if (!other || other.length > t.requestDims.length) {
      other = t.requestDims.filter((d) => d !== DIM_CPU && d !== DIM_MEMORY);
      t.slots[OTHER_SLOT] = other;
    }
    this.other = other;
    this.requests = t.requests;
    return PASS;
  }

  filter(_cycle: CycleState, _pod: PodRecord, n: number): number {
    const nodes = this.state.nodes;
    let mask = 0;
    if (nodes.podCount[n]! + 1 > nodes.allowedPods[n]!) mask = 1;
    const cpu = this.cpu;
    if (cpu > 0) {
      const a = nodes.alloc[DIM_CPU]![n]!;
      if (cpu > a - nodes.req[DIM_CPU]![n]!) mask |= cpu > a ? 2 | (1 << 30) : 2;
    }
    const mem = this.mem;
    if (mem > 0) {
      const a = nodes.alloc[DIM_MEMORY]![n]!;
      if (mem > a - nodes.req[DIM_MEMORY]![n]!) mask |= mem > a ? 4 | (1 << 30) : 4;
    }
    const dims = this.other;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i]!;
      const want = this.requests[d]!;
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

  accumulate(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, _scratch: Float64Array, total: Float64Array, weight: number): void {
    const t = pod.template;
    const c = this.cache.get(t.nonzeroKey);
    const version = this.state.nodes.version;
    const score = c.score;
    const stamp = c.stamp;
    for (let i = 0; i < count; i++) {
      const n = feasible[i]!;
      const v = version[n]! + 1;
      if (stamp[n] !== v) {
        score[n] = this.one(n, t.nonzeroCpu, t.nonzeroMem);
        stamp[n] = v;
      }
      total[i] = total[i]! + weight * score[n]!;
    }
  }

  /** LeastAllocated score of node `n` for a pod with these non-zero requests. */
  one(n: number, pc: number, pm: number): number {
    const nodes = this.state.nodes;
    let s = 0;
    let w = 0;
    const ca = nodes.alloc[DIM_CPU]![n]!;
    if (ca !== 0) {
      const r = nodes.nonzeroCpu[n]! + pc;
      s += r > ca ? 0 : Math.floor(((ca - r) * 100) / ca);
      w++;
    }
    const ma = nodes.alloc[DIM_MEMORY]![n]!;
    if (ma !== 0) {
      const r = nodes.nonzeroMem[n]! + pm;
      s += r > ma ? 0 : Math.floor(((ma - r) * 100) / ma);
      w++;
    }
    return w === 0 ? 0 : Math.floor(s / w);
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
