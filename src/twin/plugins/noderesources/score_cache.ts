/**
 * Per-node score cache for node-local scores (LeastAllocated, BalancedAllocation): a score depends
 * only on the node's requested resources and the pod's requests, so pods with equal requests reuse
 * it until the node's pods change (`NodeTable.version`). Consecutive pods of a workload hit it on
 * every node but the one the previous pod went to.
 * @module
 */
import type { NodeTable } from "../../state/nodes.js";

export interface ScoreEntry {
  key: string;
  score: Float64Array;
  /** `version + 1` of the node when the score was computed (0 = never). */
  stamp: Int32Array;
}

export class ScoreCache {
  private readonly entries: ScoreEntry[] = [];

  constructor(
    private readonly nodes: NodeTable,
    private readonly size = 8,
  ) {}

  /** The cache for pods whose requests have this key (most recently used first). */
  get(key: string): ScoreEntry {
    const e = this.entries;
    for (let i = 0; i < e.length; i++) {
      const x = e[i]!;
      if (x.key === key) {
        if (x.score.length < this.nodes.cap) break;
        if (i > 0) {
          e.splice(i, 1);
          e.unshift(x);
        }
        return x;
      }
    }
    const fresh: ScoreEntry = { key, score: new Float64Array(this.nodes.cap), stamp: new Int32Array(this.nodes.cap) };
    const old = e.findIndex((x) => x.key === key);
    if (old >= 0) e.splice(old, 1);
    e.unshift(fresh);
    if (e.length > this.size) e.pop();
    return fresh;
  }
}
