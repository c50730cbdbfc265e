/**
 * What the fused hot paths know about the cycle at hand (set by `FusedScoring.begin`): the pod's
 * requests, whether BalancedAllocation scores, the system default spreading constraints, and the
 * per-node resource score — NodeResourcesFit (LeastAllocated) plus BalancedAllocation with their
 * weights, cached per request signature and node version. Shared by the node-by-node window and
 * the block summaries, so both add up exactly what the plugin-by-plugin path adds up.
 * @module
 */
import type { NodeResourcesBalancedAllocation } from "../plugins/noderesources/balanced_allocation.js";
import type { NodeResourcesFit } from "../plugins/noderesources/fit.js";
import type { ScoreEntry } from "../plugins/noderesources/score_cache.js";
import type { Constraint } from "../plugins/podtopologyspread/constraints.js";
import { DIM_CPU, DIM_MEMORY, type NodeTable } from "../state/nodes.js";
import type { PodRecord } from "../state/pods.js";

/** The scheduler's static filters (cordon, taints, node affinity), for nodes not cached yet. */
export interface StaticFilters {
  staticFilter(pod: PodRecord, n: number): number;
}

export interface FusedWeights {
  fit: number;
  balanced: number;
  spread: number;
}

export class FusedCycle {
  /** BalancedAllocation scores this pod (not a best-effort pod from 1.32 on). */
  balanced = false;
  /** Non-zero requests (LeastAllocated) and actual requests (BalancedAllocation, Filter). */
  pc = 0;
  pm = 0;
  rc = 0;
  rm = 0;
  /** The system default constraints (hostname, zone) when they score this pod; undefined when spreading does not score. */
  spread: [Constraint, Constraint] | undefined = undefined;
  /** Score cache of this request signature, and its key. */
  entry: ScoreEntry | undefined = undefined;
  entryKey = "";

  constructor(
    readonly nodes: NodeTable,
    readonly fit: NodeResourcesFit,
    readonly bal: NodeResourcesBalancedAllocation,
    readonly weights: FusedWeights,
  ) {
    // Block summaries keep resource scores as 16-bit integers.
    if (!Number.isInteger(weights.fit) || !Number.isInteger(weights.balanced) || weights.fit < 0 || weights.balanced < 0 || 100 * (weights.fit + weights.balanced) > 0xffff) throw new Error(`fused scoring needs small whole weights, got ${JSON.stringify(weights)}`);
  }

  /** Weighted LeastAllocated + BalancedAllocation of node `n` (cached until the node's pods change). */
  baseOf(n: number): number {
    const e = this.entry!;
    const v = this.nodes.version[n]! + 1;
    if (e.stamp[n] !== v) {
      e.score[n] = this.computeBase(n);
      e.stamp[n] = v;
    }
    return e.score[n]!;
  }

  /**
   * `NodeResourcesFit.one` (LeastAllocated over cpu and memory with the non-zero requests) × its weight
   * plus `NodeResourcesBalancedAllocation.one` × its weight, inlined: the same operations in the same
   * order, so the same floating-point results.
   */
  computeBase(n: number): number {
    const nodes = this.nodes;
    const ca = nodes.alloc[DIM_CPU]![n]!;
    const ma = nodes.alloc[DIM_MEMORY]![n]!;
    let s = 0;
    let w = 0;
    if (ca !== 0) {
      const r = nodes.nonzeroCpu[n]! + this.pc;
      s += r > ca ? 0 : Math.floor(((ca - r) * 100) / ca);
      w++;
    }
    if (ma !== 0) {
      const r = nodes.nonzeroMem[n]! + this.pm;
      s += r > ma ? 0 : Math.floor(((ma - r) * 100) / ma);
      w++;
    }
    let total = this.weights.fit * (w === 0 ? 0 : Math.floor(s / w));
    if (this.balanced) {
      let b = 100;
      if (ca !== 0 && ma !== 0) {
        let fc = (nodes.req[DIM_CPU]![n]! + this.rc) / ca;
        if (fc > 1) fc = 1;
        let fm = (nodes.req[DIM_MEMORY]![n]! + this.rm) / ma;
        if (fm > 1) fm = 1;
        b = Math.trunc((1 - Math.abs((fc - fm) / 2)) * 100);
      }
      total += this.weights.balanced * b;
    }
    return total;
  }

  /** Static filters (cached in `sc`) and NodeResourcesFit's pods/cpu/memory check: is node `n` feasible? */
  feasible(n: number, sc: Int32Array, sched: StaticFilters, pod: PodRecord): boolean {
    let r = sc[n]!;
    if (r < 0) {
      r = sched.staticFilter(pod, n);
      sc[n] = r;
    }
    if (r !== 0) return false;
    const nodes = this.nodes;
    const cpu = this.fit.cpu;
    const mem = this.fit.mem;
    return !(nodes.freePods[n]! < 1 || (cpu > 0 && cpu > nodes.freeCpu[n]!) || (mem > 0 && mem > nodes.freeMem[n]!));
  }
}
