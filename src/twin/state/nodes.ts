/**
 * The node table: one slot per node, resources in typed arrays (milli-CPU, bytes, counts) so filter
 * and score loops touch no objects, topology domains interned per label key, and the node order
 * kube-scheduler's cache snapshot uses (its `nodeTree` interleaves zones round-robin), which decides
 * where `percentageOfNodesToScore` and the rotating start index look first.
 * @module
 */
import type { TaintLike } from "../../k8s/pod.js";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_ZONE = "topology.kubernetes.io/zone";
export const LABEL_REGION = "topology.kubernetes.io/region";

/** Resource dimensions with fixed slots; extended resources get slots from 3 on. */
export const DIM_CPU = 0;
export const DIM_MEMORY = 1;
export const DIM_EPHEMERAL = 2;

/** What the twin needs to know about a node. Fleet nodes (`model/fleet.ts` `Node`) fit this shape. */
export interface NodeSpec {
  name: string;
  labels: Record<string, string>;
  taints?: TaintLike[];
  allocatable: { cpu: number; memory: number; pods: number; ephemeralStorage?: number; extended?: Record<string, number> };
  unschedulable?: boolean;
  /** Informative: node pool and role (from the fleet). */
  pool?: string;
  role?: string;
}

/** Interned values of one label key: a domain id per node (-1 without the label). */
export class TopologyIndex {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  domainOf: Int32Array;

  constructor(
    readonly key: string,
    cap: number,
  ) {
    this.domainOf = new Int32Array(cap).fill(-1);
  }

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(value, id);
      this.names.push(value);
    }
    return id;
  }

  get domains(): number {
    return this.names.length;
  }
}

/** Changes remembered per block (see `NodeTable.journal`), and the numbers per block. */
const JOURNAL_ENTRIES = 6;
/** Zone slots per block in `NodeTable.zoneVersion` (as many as block summaries tell apart). */
export const ZONE_SLOTS = 9;
const JOURNAL = 4 + 2 * JOURNAL_ENTRIES;

const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, cap: number, fill = 0): T => {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill as never, a.length);
  return b;
};

export class NodeTable {
  cap: number;
  /** Slots used (alive or removed); node ids are stable. */
  size = 0;
  readonly names: string[] = [];
  readonly byName = new Map<string, number>();
  readonly specs: NodeSpec[] = [];
  alive: Uint8Array;
  unschedulable: Uint8Array;
  /** 0 Ready, 1 NotReady (Ready=False), 2 Unknown (unreachable). */
  condition: Uint8Array;
  readonly labels: Record<string, string>[] = [];
  readonly taints: TaintLike[][] = [];
  /** Interned taint list per node: nodes of one pool share it, so per-pod toleration results cache by it. */
  taintSet: Int32Array;
  readonly taintSets: TaintLike[][] = [];
  private readonly taintSetIds = new Map<string, number>();
  readonly dims: string[] = ["cpu", "memory", "ephemeral-storage"];
  readonly dimIndex = new Map<string, number>(this.dims.map((d, i) => [d, i]));
  alloc: Float64Array[];
  req: Float64Array[];
  /** Allocatable minus requested, kept by bind/unbind (cpu milli, memory bytes, pod slots): one load per check in the hot path. */
  freeCpu: Float64Array;
  freeMem: Float64Array;
  freePods: Int32Array;
  nonzeroCpu: Float64Array;
  nonzeroMem: Float64Array;
  podCount: Int32Array;
  /** Bumped on every change of a node's pods (bind, unbind, terminating) or spec (taints, cordon): per-node caches compare it. */
  version: Int32Array;
  allowedPods: Int32Array;
  /** Pod ids per node (order of binding). */
  readonly podsOn: number[][] = [];
  readonly topo = new Map<string, TopologyIndex>();
  /** nodeTree: zones in order of first node, nodes per zone in order of addition. */
  private readonly zoneOrder: string[] = [];
  private readonly zoneNodes = new Map<string, number[]>();
  private orderCache: Int32Array = new Int32Array(0);
  /** Position of each node in `order` (valid after reading `order`). */
  posOf: Int32Array = new Int32Array(16);
  /** Per block of 32 positions of `order`: bumped when a node in it gains or loses a pod (block score summaries compare it). */
  blockVersion: Int32Array = new Int32Array(1);
  private orderDirty = false;

  /** Alive nodes in nodeTree order (zones interleaved). */
  get order(): Int32Array {
    if (this.orderDirty) {
      this.orderDirty = false;
      this.rebuildOrderNow();
    }
    return this.orderCache;
  }
  /** Bumped when a node's labels, taints, schedulability or existence change: caches keyed by it. */
  epoch = 0;
  /** The zone label's domains (zoneVersion's slots). */
  readonly zoneIndex: TopologyIndex;
  /** Called with the new capacity when the table grows, for per-node arrays held elsewhere. */
  readonly growers: ((cap: number) => void)[] = [];

  constructor(cap = 16) {
    this.cap = Math.max(16, cap);
    this.alive = new Uint8Array(this.cap);
    this.unschedulable = new Uint8Array(this.cap);
    this.condition = new Uint8Array(this.cap);
    this.taintSet = new Int32Array(this.cap);
    this.alloc = this.dims.map(() => new Float64Array(this.cap));
    this.req = this.dims.map(() => new Float64Array(this.cap));
    this.nonzeroCpu = new Float64Array(this.cap);
    this.nonzeroMem = new Float64Array(this.cap);
    this.freeCpu = new Float64Array(this.cap);
    this.freeMem = new Float64Array(this.cap);
    this.freePods = new Int32Array(this.cap);
    this.podCount = new Int32Array(this.cap);
    this.version = new Int32Array(this.cap);
    this.allowedPods = new Int32Array(this.cap);
    this.topology(LABEL_HOSTNAME);
    this.zoneIndex = this.topology(LABEL_ZONE);
    // Taint set 0 is "no taints": filters return early for it.
    this.internTaints([]);
  }

  /** The domain index of a label key, created (and filled from every node) on first use. */
  topology(key: string): TopologyIndex {
    let t = this.topo.get(key);
    if (!t) {
      t = new TopologyIndex(key, this.cap);
      for (let n = 0; n < this.size; n++) {
        const v = this.labels[n]![key];
        if (v !== undefined) t.domainOf[n] = t.intern(v);
      }
      this.topo.set(key, t);
    }
    return t;
  }

  /** Slot of a resource dimension, adding it (0 allocatable on every node) when new. */
  dim(name: string): number {
    let d = this.dimIndex.get(name);
    if (d === undefined) {
      d = this.dims.length;
      this.dims.push(name);
      this.dimIndex.set(name, d);
      this.alloc.push(new Float64Array(this.cap));
      this.req.push(new Float64Array(this.cap));
    }
    return d;
  }

  internTaints(taints: readonly TaintLike[]): number {
    const key = JSON.stringify(taints.map((t) => [t.key, t.value ?? "", t.effect]));
    let id = this.taintSetIds.get(key);
    if (id === undefined) {
      id = this.taintSets.length;
      this.taintSets.push(taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })));
      this.taintSetIds.set(key, id);
    }
    return id;
  }

  private ensure(): void {
    if (this.size < this.cap) return;
    const cap = this.cap * 2;
    this.alive = grow(this.alive, cap);
    this.unschedulable = grow(this.unschedulable, cap);
    this.condition = grow(this.condition, cap);
    this.taintSet = grow(this.taintSet, cap);
    this.alloc = this.alloc.map((a) => grow(a, cap));
    this.req = this.req.map((a) => grow(a, cap));
    this.nonzeroCpu = grow(this.nonzeroCpu, cap);
    this.freeCpu = grow(this.freeCpu, cap);
    this.freeMem = grow(this.freeMem, cap);
    this.freePods = grow(this.freePods, cap);
    this.nonzeroMem = grow(this.nonzeroMem, cap);
    this.podCount = grow(this.podCount, cap);
    this.version = grow(this.version, cap);
    this.allowedPods = grow(this.allowedPods, cap);
    for (const t of this.topo.values()) t.domainOf = grow(t.domainOf, cap, -1);
    this.cap = cap;
    for (const g of this.growers) g(cap);
  }

  /** Adds a node slot (alive) and returns its id. The caller keeps matching indexes in step. */
  add(spec: NodeSpec): number {
    this.ensure();
    const n = this.size++;
    this.names[n] = spec.name;
    this.byName.set(spec.name, n);
    this.specs[n] = spec;
    this.alive[n] = 1;
    this.unschedulable[n] = spec.unschedulable ? 1 : 0;
    this.condition[n] = 0;
    const labels = { ...spec.labels };
    if (labels[LABEL_HOSTNAME] === undefined) labels[LABEL_HOSTNAME] = spec.name;
    this.labels[n] = labels;
    this.taints[n] = [...(spec.taints ?? [])];
    this.taintSet[n] = this.internTaints(this.taints[n]!);
    const a = spec.allocatable;
    this.alloc[DIM_CPU]![n] = Math.round(a.cpu * 1000);
    this.alloc[DIM_MEMORY]![n] = Math.round(a.memory);
    // A node that does not declare ephemeral storage is not limited by it (simplification: real nodes always report some).
    this.alloc[DIM_EPHEMERAL]![n] = a.ephemeralStorage === undefined ? Infinity : Math.round(a.ephemeralStorage);
    for (const [k, v] of Object.entries(a.extended ?? {})) this.alloc[this.dim(k)]![n] = v;
    this.allowedPods[n] = a.pods;
    this.freeCpu[n] = this.alloc[DIM_CPU]![n]!;
    this.freeMem[n] = this.alloc[DIM_MEMORY]![n]!;
    this.freePods[n] = a.pods;
    this.version[n] = this.nextVersion();
    this.podsOn[n] = [];
    for (const t of this.topo.values()) {
      const v = labels[t.key];
      t.domainOf[n] = v === undefined ? -1 : t.intern(v);
    }
    const zk = this.zoneKey(n);
    if (!this.zoneNodes.has(zk)) {
      this.zoneNodes.set(zk, []);
      this.zoneOrder.push(zk);
    }
    this.zoneNodes.get(zk)!.push(n);
    this.rebuildOrder();
    this.epoch++;
    return n;
  }

  /** Marks a node removed (its pods must be gone). nodeTree deletes by swapping with the zone's last node, like kube's `removeNode`. */
  remove(n: number): void {
    this.alive[n] = 0;
    this.byName.delete(this.names[n]!);
    const zk = this.zoneKey(n);
    const list = this.zoneNodes.get(zk)!;
    const i = list.indexOf(n);
    if (i >= 0) {
      list[i] = list[list.length - 1]!;
      list.pop();
    }
    if (list.length === 0) {
      this.zoneNodes.delete(zk);
      this.zoneOrder.splice(this.zoneOrder.indexOf(zk), 1);
    }
    this.rebuildOrder();
    this.epoch++;
  }

  /** Brings a removed node back exactly (undo of `remove`), restoring the previous nodeTree. */
  revive(n: number, zoneOrder: string[], zoneNodes: [string, number[]][]): void {
    this.alive[n] = 1;
    this.byName.set(this.names[n]!, n);
    this.restoreTree(zoneOrder, zoneNodes);
    this.epoch++;
  }

  /** Undo of `add` for the newest slot. */
  unadd(n: number, zoneOrder: string[], zoneNodes: [string, number[]][]): void {
    this.alive[n] = 0;
    this.byName.delete(this.names[n]!);
    this.restoreTree(zoneOrder, zoneNodes);
    this.epoch++;
  }

  saveTree(): { zoneOrder: string[]; zoneNodes: [string, number[]][] } {
    return { zoneOrder: [...this.zoneOrder], zoneNodes: [...this.zoneNodes].map(([k, v]) => [k, [...v]]) };
  }

  private restoreTree(zoneOrder: string[], zoneNodes: [string, number[]][]): void {
    this.zoneOrder.length = 0;
    this.zoneOrder.push(...zoneOrder);
    this.zoneNodes.clear();
    for (const [k, v] of zoneNodes) this.zoneNodes.set(k, [...v]);
    this.rebuildOrder();
  }

  /** `utilnode.GetZoneKey`: region and zone. */
  private zoneKey(n: number): string {
    const l = this.labels[n]!;
    return `${l[LABEL_REGION] ?? ""}:\u0000:${l[LABEL_ZONE] ?? ""}`;
  }

  private rebuildOrder(): void {
    this.orderDirty = true;
  }

  private rebuildOrderNow(): void {
    const out: number[] = [];
    const lists = this.zoneOrder.map((z) => this.zoneNodes.get(z)!);
    const longest = Math.max(0, ...lists.map((l) => l.length));
    for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
    this.orderCache = Int32Array.from(out);
    if (this.posOf.length < this.cap) this.posOf = new Int32Array(this.cap);
    this.posOf.fill(-1);
    out.forEach((n, i) => (this.posOf[n] = i));
    const blocks = (out.length >> 5) + 1;
    if (this.blockVersion.length < blocks) {
      this.blockVersion = new Int32Array(blocks * 2);
      this.zoneVersion = new Int32Array(blocks * 2 * ZONE_SLOTS);
      this.journal = new Int32Array(blocks * 2 * JOURNAL);
    } else this.journal.fill(0);
  }

  /**
   * Nodes whose taints or schedulability changed, in order: caches built at the current `epoch` catch
   * up by dropping just these nodes (a drill taints one node per what-if; rebuilding every template's
   * caches over 5,000 nodes for that would dominate). `epoch` still invalidates everything.
   */
  readonly changes: number[] = [];

  /** Node `n`'s taints or cordon changed: its block and its static-filter results are stale. */
  changed(n: number): void {
    // Its version too: what was cached per node (block summaries' per-node entries) is stale.
    this.version[n] = this.nextVersion();
    this.touch(n);
    if (this.changes.length >= 1 << 20) {
      this.changes.length = 0;
      this.epoch++;
      return;
    }
    this.changes.push(n);
  }

  /**
   * Source of version numbers: every change takes a fresh one, never reused, so restoring the numbers a
   * snapshot saw (see {@link restoreVersions}) brings back exactly the caches computed in that state.
   */
  private clock = 1;

  /** A fresh version number (all versions are unique; a full invalidation before they could wrap). */
  nextVersion(): number {
    if (this.clock >= 0x7ffffff0) {
      this.clock = 1;
      this.epoch++;
      if (this.frozenAt !== Infinity) this.frozenAt = 0;
    }
    return ++this.clock;
  }

  /**
   * The last version issued before the outermost snapshot held (Infinity when none is): a block or
   * node whose version is at most this is in the state the snapshot saw — and will be again after
   * `restore` — so caches keyed on it can be kept apart from a what-if's.
   */
  frozenAt = Infinity;

  /** A snapshot is taken with none held before. */
  freeze(): void {
    this.frozenAt = this.clock;
  }

  /** The last snapshot is released. */
  unfreeze(): void {
    this.frozenAt = Infinity;
  }

  /** Marks node `n`'s block of the node order changed (bind / unbind, taints). */
  touch(n: number): void {
    const p = this.posOf[n]!;
    if (p >= 0 && !this.orderDirty) {
      const v = this.nextVersion();
      const before = this.blockVersion[p >> 5]!;
      this.blockVersion[p >> 5] = v;
      this.zoneVersion[(p >> 5) * ZONE_SLOTS + this.zoneSlot(n)] = v;
      this.journalPush(p >> 5, before, v, p & 31);
    }
  }

  /**
   * Per block of the node order, its last JOURNAL_ENTRIES changes: [count, newest, the block's version
   * before the oldest entry, then per entry the block version it gave and the position in the block that
   * changed (-1: the block's version was restored)]. A cache summarising a block at version u catches up
   * by looking at only the positions changed since u (see {@link changedSince}).
   */
  journal: Int32Array = new Int32Array(JOURNAL);

  private journalPush(b: number, before: number, version: number, pos: number): void {
    const j = this.journal;
    const o = b * JOURNAL;
    const count = j[o]!;
    // The same node again (a node's 30 pods evicted one after another): one entry with the latest version.
    // Caches seen at a version in between then compare every node, as for any version the journal lost.
    if (pos >= 0 && count !== 0 && j[o + 4 + 2 * j[o + 1]!] === pos) {
      j[o + 3 + 2 * j[o + 1]!] = version;
      return;
    }
    let next: number;
    if (count === 0) {
      next = 0;
      j[o + 2] = before;
    } else {
      next = (j[o + 1]! + 1) % JOURNAL_ENTRIES;
      // Overwriting the oldest entry: the next oldest's version before is that one's version.
      if (count === JOURNAL_ENTRIES) j[o + 2] = j[o + 3 + 2 * next]!;
    }
    j[o + 1] = next;
    if (count < JOURNAL_ENTRIES) j[o] = count + 1;
    j[o + 3 + 2 * next] = version;
    j[o + 4 + 2 * next] = pos;
  }

  /**
   * Positions (bit k: position k of block `b`) whose node changed since the block had version `since`,
   * or -1 when the journal cannot tell (too many changes, or a restore in between): then compare every node.
   */
  changedSince(b: number, since: number): number {
    const j = this.journal;
    const o = b * JOURNAL;
    let left = j[o]!;
    if (left === 0) return -1;
    let e = j[o + 1]!;
    if (j[o + 3 + 2 * e] !== this.blockVersion[b]) return -1;
    let mask = 0;
    for (;;) {
      const pos = j[o + 4 + 2 * e]!;
      if (pos < 0) return -1;
      mask |= 1 << pos;
      // The version before this change: the older entry's, or the one before the oldest.
      if (--left === 0) return j[o + 2] === since ? mask : -1;
      e = e === 0 ? JOURNAL_ENTRIES - 1 : e - 1;
      if (j[o + 3 + 2 * e] === since) return mask;
    }
  }

  /** The version of node `n`'s block (-1 when the order is being rebuilt), to hand back to {@link restoreVersions}. */
  blockVersionOf(n: number): number {
    const p = this.posOf[n]!;
    return p >= 0 && !this.orderDirty ? this.blockVersion[p >> 5]! : -1;
  }

  /** The version of node `n`'s zone within its block (-1 when the order is being rebuilt), for {@link restoreVersions}. */
  zoneVersionOf(n: number): number {
    const p = this.posOf[n]!;
    return p >= 0 && !this.orderDirty ? this.zoneVersion[(p >> 5) * ZONE_SLOTS + this.zoneSlot(n)]! : -1;
  }

  /**
   * Per block of the node order and zone (`zoneSlot`): the version of the last change of a node of that
   * zone in that block. A cache that only needs some zones of a block (a DoNotSchedule zone constraint
   * letting a pod into one zone) stays valid while those zones' versions are.
   */
  zoneVersion: Int32Array = new Int32Array(ZONE_SLOTS);

  /** Node `n`'s zone as a slot: its zone's index below ZONE_SLOTS − 1, else the last slot (no zone, or more zones). */
  zoneSlot(n: number): number {
    const d = this.zoneIndex.domainOf[n]!;
    return d < 0 || d >= ZONE_SLOTS - 1 ? ZONE_SLOTS - 1 : d;
  }

  /** Undo of a change to node `n`: its state is back, so are its version numbers (and caches keyed on them). */
  restoreVersions(n: number, version: number, blockVersion: number, zoneVersion: number): void {
    this.version[n] = version;
    const p = this.posOf[n]!;
    if (blockVersion >= 0 && p >= 0 && !this.orderDirty) {
      const before = this.blockVersion[p >> 5]!;
      this.blockVersion[p >> 5] = blockVersion;
      if (zoneVersion >= 0) this.zoneVersion[(p >> 5) * ZONE_SLOTS + this.zoneSlot(n)] = zoneVersion;
      // The block went back to an older state: what changed since some version is no longer a list of positions.
      this.journalPush(p >> 5, before, blockVersion, -1);
    }
  }

  /** Alive node count. */
  get count(): number {
    return this.order.length;
  }

  zoneOf(n: number): string {
    return this.labels[n]![LABEL_ZONE] ?? "";
  }
}
