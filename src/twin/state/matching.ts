/**
 * Incremental matching indexes — what lets Filter and Score cost O(constraints) per node, the way
 * kube-scheduler's PreFilter state plus its `AddPod`/`RemovePod` extensions do, but maintained across
 * cycles instead of recomputed per pod:
 *
 * - a **match key** is a label selector with a namespace filter (a spread constraint, an affinity
 *   term); it keeps per-node counts of the pods it selects (live and terminating apart, because
 *   PodTopologySpread ignores terminating pods and InterPodAffinity does not);
 * - a **pod kind** is a label set in a namespace; pods of one kind are selected by the same keys, so
 *   a bind costs one lookup per key that selects the pod, not one test per selector;
 * - node classes, layouts and domain counters (counters.ts) sum a key's pods per topology domain,
 *   with the global minimum tracked incrementally, so `skew = count + self − min` is O(1);
 * - an **existing term** is a required or preferred (anti-)affinity term carried by running pods,
 *   counted per domain, for the symmetric checks.
 * @module
 */
import type { Selector } from "../../k8s/selector.js";
import { DomainCounter, NodeClass, NodeLayout } from "./counters.js";
import type { NodeTable, TopologyIndex } from "./nodes.js";
import type { PodRecord } from "./pods.js";

export { DomainCounter, NodeClass, NodeLayout } from "./counters.js";

export interface NsFilter {
  /** Every namespace (`namespaceSelector: {}`). */
  all: boolean;
  names: ReadonlySet<string>;
  /** Namespace labels selector (`namespaceSelector`), ORed with names. */
  selector?: Selector;
}

export interface Conjunct {
  selector: Selector;
  ns: NsFilter;
}

export class MatchKey {
  live: Uint16Array;
  term: Uint16Array | null = null;
  liveTotal = 0;
  termTotal = 0;
  readonly counters: DomainCounter[] = [];
  readonly terms: ExistingTerm[] = [];
  /** Scratch mark (Matching.node visits each key on a node once). */
  stamp = 0;

  constructor(
    readonly id: number,
    readonly key: string,
    readonly conj: readonly Conjunct[],
    cap: number,
  ) {
    this.live = new Uint16Array(cap);
  }

  /** Pods on node `n` this key selects; `withTerminating` for InterPodAffinity. */
  on(n: number, withTerminating: boolean): number {
    return withTerminating && this.term ? this.live[n]! + this.term[n]! : this.live[n]!;
  }
}

export class PodKind {
  readonly keys: MatchKey[] = [];
  readonly pods: PodRecord[] = [];
  termsVersion = -1;
  /** Existing pods' terms that select pods of this kind, by kind of term. */
  antiTerms: ExistingTerm[] = [];
  scoreTerms: ExistingTerm[] = [];

  constructor(
    readonly id: number,
    readonly labels: Readonly<Record<string, string>>,
    readonly namespace: string,
  ) {}
}

export const enum TermKind {
  RequiredAnti = 0,
  RequiredAffinity = 1,
  PreferredAffinity = 2,
  PreferredAnti = 3,
}

/** A pod (anti-)affinity term carried by running pods, counted per topology domain of their nodes. */
export class ExistingTerm {
  count: Int32Array;
  total = 0;

  constructor(
    readonly id: number,
    readonly mk: MatchKey,
    readonly topo: TopologyIndex,
    readonly kind: TermKind,
    readonly weight: number,
  ) {
    this.count = new Int32Array(Math.max(4, topo.domains));
  }

  add(n: number, delta: number): void {
    const d = this.topo.domainOf[n]!;
    if (d < 0) return;
    if (d >= this.count.length) {
      const c = new Int32Array(Math.max(d + 1, this.count.length * 2));
      c.set(this.count);
      this.count = c;
    }
    this.count[d] = this.count[d]! + delta;
    this.total += delta;
  }

  at(n: number): number {
    const d = this.topo.domainOf[n]!;
    return d < 0 || d >= this.count.length ? 0 : this.count[d]!;
  }
}

export class Matching {
  readonly keys: MatchKey[] = [];
  private readonly keyByName = new Map<string, MatchKey>();
  readonly kinds: PodKind[] = [];
  private readonly kindByName = new Map<string, PodKind>();
  private readonly kindByLabels = new WeakMap<object, PodKind>();
  private readonly kindsByPair = new Map<string, PodKind[]>();
  readonly classes: NodeClass[] = [];
  private readonly classByName = new Map<string, NodeClass>();
  private readonly counterByName = new Map<string, DomainCounter>();
  /** Nodes per domain of a (node class, topology key), shared by its counters. */
  private readonly layouts = new Map<string, NodeLayout>();
  /** Layouts over every node carrying their key (no node class). */
  private readonly allNodeLayouts: NodeLayout[] = [];
  /** Pods by id (the cluster state's), to find the keys of the pods on a node. */
  pods: readonly PodRecord[] = [];
  private stamp = 0;
  readonly terms: ExistingTerm[] = [];
  private readonly termByName = new Map<string, ExistingTerm>();
  private termsVersion = 0;
  /** Labels of namespaces (Namespace objects; default `kubernetes.io/metadata.name`). */
  readonly namespaceLabels = new Map<string, Record<string, string>>();

  constructor(private readonly nodes: NodeTable) {
    nodes.growers.push((cap) => {
      for (const k of this.keys) {
        const l = new Uint16Array(cap);
        l.set(k.live);
        k.live = l;
        if (k.term) {
          const t = new Uint16Array(cap);
          t.set(k.term);
          k.term = t;
        }
      }
      for (const c of this.classes) {
        const m = new Uint8Array(cap);
        m.set(c.member);
        c.member = m;
      }
    });
  }

  nsLabels(ns: string): Record<string, string> {
    return this.namespaceLabels.get(ns) ?? { "kubernetes.io/metadata.name": ns };
  }

  nsMatches(f: NsFilter, ns: string): boolean {
    return f.all || f.names.has(ns) || (f.selector !== undefined && f.selector.matches(this.nsLabels(ns)));
  }

  conjMatches(conj: readonly Conjunct[], labels: Readonly<Record<string, string>>, ns: string): boolean {
    for (const c of conj) if (!this.nsMatches(c.ns, ns) || !c.selector.matches(labels)) return false;
    return true;
  }

  /** The kind of a pod with these labels in this namespace (registering it). */
  kind(labels: Readonly<Record<string, string>>, ns: string): PodKind {
    // Pods of one template share their labels object: look it up by identity first.
    const byObj = this.kindByLabels.get(labels);
    if (byObj && byObj.namespace === ns) return byObj;
    const name = `${ns}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
    let k = this.kindByName.get(name);
    if (!k) {
      k = new PodKind(this.kinds.length, labels, ns);
      for (const mk of this.keys) if (this.conjMatches(mk.conj, labels, ns)) k.keys.push(mk);
      this.kinds.push(k);
      this.kindByName.set(name, k);
      for (const [lk, lv] of Object.entries(labels)) {
        const pair = `${lk}=${lv}`;
        const list = this.kindsByPair.get(pair);
        if (list) list.push(k);
        else this.kindsByPair.set(pair, [k]);
      }
    }
    this.kindByLabels.set(labels, k);
    return k;
  }

  /** The match key for a conjunction of selectors, registered and filled from bound pods on first use. */
  key(name: string, conj: readonly Conjunct[]): MatchKey {
    let mk = this.keyByName.get(name);
    if (mk) return mk;
    mk = new MatchKey(this.keys.length, name, conj, this.nodes.cap);
    this.keys.push(mk);
    this.keyByName.set(name, mk);
    for (const k of this.candidates(conj)) {
      if (!this.conjMatches(conj, k.labels, k.namespace)) continue;
      k.keys.push(mk);
      for (const p of k.pods) if (p.node >= 0) this.countKey(mk, p.node, p.terminating, 1);
    }
    this.termsVersion++;
    return mk;
  }

  /** Kinds that may match: those carrying the first `key In (v)` requirement's pair, else all. */
  private candidates(conj: readonly Conjunct[]): readonly PodKind[] {
    for (const c of conj) {
      for (const r of c.selector.requirements) {
        if (r.operator !== "In" || !r.values) continue;
        const out: PodKind[] = [];
        for (const v of r.values) out.push(...(this.kindsByPair.get(`${r.key}=${v}`) ?? []));
        return out;
      }
    }
    return this.kinds;
  }

  private countKey(mk: MatchKey, n: number, terminating: boolean, delta: number): void {
    if (terminating) {
      if (!mk.term) mk.term = new Uint16Array(this.nodes.cap);
      mk.term[n] = mk.term[n]! + delta;
      mk.termTotal += delta;
      for (const c of mk.counters) if (c.withTerminating) c.pods(n, delta);
    } else {
      mk.live[n] = mk.live[n]! + delta;
      mk.liveTotal += delta;
      for (const c of mk.counters) c.pods(n, delta);
    }
  }

  nodeClass(name: string, test: (n: number) => boolean): NodeClass {
    let c = this.classByName.get(name);
    if (c) return c;
    c = new NodeClass(name, test, this.nodes.cap);
    for (let n = 0; n < this.nodes.size; n++) c.member[n] = this.nodes.alive[n] === 1 && test(n) ? 1 : 0;
    this.classes.push(c);
    this.classByName.set(name, c);
    return c;
  }

  /** The nodes per domain of `cls` (every node with the key when null) over `topo`, shared by their counters. */
  private layout(topo: TopologyIndex, cls: NodeClass | null): NodeLayout {
    const key = `${cls?.key ?? ""}|${topo.key}`;
    let l = this.layouts.get(key);
    if (!l) {
      l = new NodeLayout(topo, cls, this.nodes);
      this.layouts.set(key, l);
      if (cls) cls.layouts.push(l);
      else this.allNodeLayouts.push(l);
    }
    return l;
  }

  /** A per-domain counter of `mk` over `cls` (every node with the key when null). */
  counter(mk: MatchKey, topo: TopologyIndex, cls: NodeClass | null, withTerminating: boolean, trackMin: boolean): DomainCounter {
    const name = `${mk.id}|${topo.key}|${cls?.key ?? ""}|${withTerminating ? 1 : 0}|${trackMin ? 1 : 0}`;
    let c = this.counterByName.get(name);
    if (c) return c;
    const layout = this.layout(topo, cls);
    c = new DomainCounter(mk, layout, withTerminating, trackMin, this.nodes);
    mk.counters.push(c);
    layout.counters.push(c);
    this.counterByName.set(name, c);
    return c;
  }

  /** An existing-pod term (carriers are counted by the caller through `carriers`). */
  term(mk: MatchKey, topo: TopologyIndex, kind: TermKind, weight: number): ExistingTerm {
    const name = `${mk.id}|${topo.key}|${kind}|${weight}`;
    let t = this.termByName.get(name);
    if (t) return t;
    t = new ExistingTerm(this.terms.length, mk, topo, kind, weight);
    this.terms.push(t);
    this.termByName.set(name, t);
    mk.terms.push(t);
    this.termsVersion++;
    return t;
  }

  /** Existing terms that select pods of `kind` (cached per kind). */
  termsFor(kind: PodKind): PodKind {
    if (kind.termsVersion === this.termsVersion) return kind;
    const anti: ExistingTerm[] = [];
    const score: ExistingTerm[] = [];
    for (const mk of kind.keys) {
      for (const t of mk.terms) {
        if (t.kind === TermKind.RequiredAnti) anti.push(t);
        else score.push(t);
      }
    }
    kind.antiTerms = anti;
    kind.scoreTerms = score;
    kind.termsVersion = this.termsVersion;
    return kind;
  }

  /** A pod was bound (+1) or unbound (−1) on node `n`. */
  bind(p: PodRecord, n: number, delta: 1 | -1, ownTerms: readonly ExistingTerm[]): void {
    const kind = this.kinds[p.kind]!;
    for (const mk of kind.keys) this.countKey(mk, n, p.terminating, delta);
    for (const t of ownTerms) t.add(n, delta);
  }

  /** A bound pod starts (or stops) terminating: it moves between the live and terminating counts. */
  terminating(p: PodRecord, n: number, now: boolean): void {
    const kind = this.kinds[p.kind]!;
    for (const mk of kind.keys) {
      this.countKey(mk, n, !now, -1);
      this.countKey(mk, n, now, 1);
    }
  }

  /** Node `n` was added (+1) or is being removed (−1); or changed (0): re-test class membership. */
  node(n: number, change: 1 | -1 | 0): void {
    for (const c of this.classes) {
      const now = change === -1 ? 0 : this.nodes.alive[n] === 1 && c.test(n) ? 1 : 0;
      const was = change === 1 ? 0 : c.member[n]!;
      if (now === was) continue;
      const sign = now ? 1 : -1;
      // Leaving: counted with the class as it was; entering: with the class as it is now.
      if (!now) this.layoutsChange(c.layouts, n, sign);
      c.member[n] = now;
      if (now) this.layoutsChange(c.layouts, n, sign);
    }
    if (change !== 0) this.layoutsChange(this.allNodeLayouts, n, change);
  }

  /**
   * Node `n` enters or leaves the nodes `layouts` count: each layout's node count, and the counters
   * that change — all of a layout's when a domain appears or disappears, else those whose keys select
   * pods on `n` (the others' counts and minimum stay as they are).
   */
  private layoutsChange(layouts: readonly NodeLayout[], n: number, sign: 1 | -1): void {
    let moved: NodeLayout[] | undefined;
    for (const l of layouts) {
      const d = l.topo.domainOf[n]!;
      if (d < 0) continue;
      if (l.node(d, sign)) {
        for (const ctr of l.counters) ctr.domainChanged(d, sign, ctr.mk.on(n, ctr.withTerminating));
      } else if (l.counters.length > 0) (moved ??= []).push(l);
    }
    if (!moved) return;
    const stamp = ++this.stamp;
    for (const id of this.nodes.podsOn[n]!) {
      const kind = this.kinds[this.pods[id]!.kind]!;
      for (const mk of kind.keys) {
        if (mk.stamp === stamp) continue;
        mk.stamp = stamp;
        for (const ctr of mk.counters) {
          if (!moved.includes(ctr.layout)) continue;
          const carried = mk.on(n, ctr.withTerminating);
          if (carried !== 0) ctr.moved(ctr.topo.domainOf[n]!, sign * carried);
        }
      }
    }
  }
}
