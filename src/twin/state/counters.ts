/**
 * Per-domain counters of matching pods, for PodTopologySpread (skew against the global minimum) and
 * InterPodAffinity (pods per domain):
 *
 * - a **node class** is the set of nodes a spread constraint counts (nodeAffinityPolicy,
 *   nodeTaintsPolicy, nodes carrying all topology keys), kept current as nodes change;
 * - a **node layout** is how many nodes of a class (or of every node carrying the key) each domain of
 *   one topology key has — shared by every counter over that class and key, so a node entering or
 *   leaving the class costs one update plus one per counter whose pods it runs (a drill taints a
 *   node per scenario; 750 workloads spreading with nodeTaintsPolicy Honor share one class);
 * - a **domain counter** sums a match key's pods per domain over a layout, with the global minimum
 *   tracked incrementally (a histogram of counts over domains with nodes), so a skew check is O(1).
 * @module
 */
import type { NodeTable, TopologyIndex } from "./nodes.js";
import type { MatchKey } from "./matching.js";

export const MAX_INT32 = 2147483647;

export class NodeClass {
  member: Uint8Array;
  readonly layouts: NodeLayout[] = [];

  constructor(
    readonly key: string,
    readonly test: (n: number) => boolean,
    cap: number,
  ) {
    this.member = new Uint8Array(cap);
  }
}

function grown(a: Int32Array, d: number): Int32Array {
  const b = new Int32Array(Math.max(d + 1, a.length * 2));
  b.set(a);
  return b;
}

export class NodeLayout {
  /** Counted nodes per domain. */
  nodes: Int32Array;
  /** Domains with at least one counted node. */
  domains = 0;
  readonly counters: DomainCounter[] = [];

  constructor(
    readonly topo: TopologyIndex,
    readonly cls: NodeClass | null,
    private readonly table: NodeTable,
  ) {
    this.nodes = new Int32Array(Math.max(4, topo.domains));
    for (let n = 0; n < table.size; n++) {
      if (!this.eligible(n)) continue;
      const d = topo.domainOf[n]!;
      if (d < 0) continue;
      if (d >= this.nodes.length) this.nodes = grown(this.nodes, d);
      if (this.nodes[d] === 0) this.domains++;
      this.nodes[d] = this.nodes[d]! + 1;
    }
  }

  eligible(n: number): boolean {
    return this.cls ? this.cls.member[n] === 1 : this.table.alive[n] === 1 && this.topo.domainOf[n]! >= 0;
  }

  /**
   * Node `n` (in domain `d`) enters (+1) or leaves (−1) the counted nodes. Returns whether its domain
   * appeared or disappeared — then every counter must be told ({@link DomainCounter.domainChanged});
   * else only counters whose pods run on `n` ({@link DomainCounter.moved}).
   */
  node(d: number, sign: 1 | -1): boolean {
    if (d >= this.nodes.length) this.nodes = grown(this.nodes, d);
    const old = this.nodes[d]!;
    this.nodes[d] = old + sign;
    if (old === 0 && sign === 1) {
      this.domains++;
      return true;
    }
    if (old === 1 && sign === -1) {
      this.domains--;
      return true;
    }
    return false;
  }
}

export class DomainCounter {
  count: Int32Array;
  private hist: Int32Array | null;
  private minValue = MAX_INT32;

  constructor(
    readonly mk: MatchKey,
    readonly layout: NodeLayout,
    readonly withTerminating: boolean,
    trackMin: boolean,
    table: NodeTable,
  ) {
    this.count = new Int32Array(Math.max(4, layout.nodes.length));
    this.hist = trackMin ? new Int32Array(16) : null;
    // Counts every counted node's pods at once (registration); a key that selects no pod yet counts nothing.
    if (mk.liveTotal + mk.termTotal > 0) {
      for (let n = 0; n < table.size; n++) {
        if (!layout.eligible(n)) continue;
        const d = layout.topo.domainOf[n]!;
        if (d < 0) continue;
        this.ensure(d);
        this.count[d] = this.count[d]! + mk.on(n, withTerminating);
      }
    }
    if (!this.hist) return;
    const nodes = layout.nodes;
    for (let d = 0; d < nodes.length; d++) if (nodes[d]! > 0) this.histAdd(d < this.count.length ? this.count[d]! : 0, 1);
    this.recomputeMin(0);
  }

  get topo(): TopologyIndex {
    return this.layout.topo;
  }

  get cls(): NodeClass | null {
    return this.layout.cls;
  }

  /** Domains with at least one counted node. */
  get domains(): number {
    return this.layout.domains;
  }

  /** kube's `minMatchNum` over eligible domains (MaxInt32 when there are none). */
  get min(): number {
    if (this.hist) return this.minValue;
    const nodes = this.layout.nodes;
    let m = MAX_INT32;
    for (let d = 0; d < nodes.length; d++) {
      const c = d < this.count.length ? this.count[d]! : 0;
      if (nodes[d]! > 0 && c < m) m = c;
    }
    return m;
  }

  eligible(n: number): boolean {
    return this.layout.eligible(n);
  }

  private ensure(d: number): void {
    if (d >= this.count.length) this.count = grown(this.count, d);
  }

  private histAdd(v: number, delta: number): void {
    let h = this.hist!;
    if (v >= h.length) this.hist = h = grown(h, v);
    h[v] = h[v]! + delta;
  }

  private recomputeMin(from: number): void {
    const h = this.hist!;
    if (this.layout.domains === 0) {
      this.minValue = MAX_INT32;
      return;
    }
    let v = from;
    while (v < h.length && h[v] === 0) v++;
    this.minValue = v < h.length ? v : MAX_INT32;
  }

  /** Pods selected by the key changed by `delta` on node `n`. */
  pods(n: number, delta: number): void {
    const d = this.layout.topo.domainOf[n]!;
    if (d < 0 || !this.layout.eligible(n)) return;
    this.moved(d, delta);
  }

  /** Domain `d` (which keeps counted nodes before and after) counts `delta` more pods. */
  moved(d: number, delta: number): void {
    this.ensure(d);
    const old = this.count[d]!;
    const now = old + delta;
    this.count[d] = now;
    if (!this.hist || !(this.layout.nodes[d]! > 0)) return;
    this.histAdd(old, -1);
    this.histAdd(now, 1);
    if (now < this.minValue) this.minValue = now;
    // Only a count that left the minimum can raise it: rescan from there, not from 0.
    else if (old === this.minValue && this.hist[old] === 0) this.recomputeMin(old);
  }

  /**
   * Domain `d` appeared (`sign` 1: its first counted node, carrying `carried` of the key's pods) or
   * disappeared (−1: its last one left with them). The layout is already updated.
   */
  domainChanged(d: number, sign: 1 | -1, carried: number): void {
    this.ensure(d);
    const old = this.count[d]!;
    const now = old + sign * carried;
    this.count[d] = now;
    if (!this.hist) return;
    if (sign === 1) {
      this.histAdd(now, 1);
      if (now < this.minValue) this.minValue = now;
      return;
    }
    this.histAdd(old, -1);
    if (this.layout.domains === 0) this.minValue = MAX_INT32;
    else if (old === this.minValue && this.hist[old] === 0) this.recomputeMin(old);
  }
}
