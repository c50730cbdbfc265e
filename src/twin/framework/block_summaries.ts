/**
 * Block summaries: the node order cut into blocks of 32 positions, and per block what a cycle needs to
 * know without visiting its nodes — per topology domain (a zone; nodes without the label apart) how
 * many nodes are feasible and the best resource score among them with the number of nodes sharing it.
 * A summary depends only on the nodes (static filter results, requested resources), so every template
 * with the same static filters and requests shares it; a template's own pods matter only for
 * spreading, and the nodes running them are looked at one by one (the block's exceptions).
 *
 * A summary is valid while its block's version is (`NodeTable.blockVersion`, bumped by every change of
 * a node in it). Each block keeps two: one for the state a snapshot was taken in (versions issued
 * before the outermost snapshot, `NodeTable.frozenAt`), one for a what-if's changes — so after
 * `restore` the summaries of the base state are valid again and a drill's next scenario does not
 * rebuild what the last one touched.
 * @module
 */
import { DIM_CPU, DIM_MEMORY, ZONE_SLOTS, type NodeTable, type TopologyIndex } from "../state/nodes.js";
import type { MatchKey } from "../state/matching.js";
import { cacheSlot, type PodRecord, type Template } from "../state/pods.js";
import type { FusedCycle, StaticFilters } from "./fused_cycle.js";

const SUMMARY_SLOT = cacheSlot("block-summary");

export const BLOCK = 32;
/** Every position of a block (bit k: position k). */
const ALL_POSITIONS = -1;
export const BLOCK_SHIFT = 5;
/** Topology domains a summary tells apart; the slot after them holds nodes without the label. */
export const MAX_BLOCK_DOMAINS = 8;
export const SLOTS = MAX_BLOCK_DOMAINS + 1;
export const NO_LABEL = MAX_BLOCK_DOMAINS;
/** Nodes per block running pods of the template that can be listed apart; more: the block is visited node by node. */
export const MAX_EXCEPTIONS = 6;

/**
 * Per layer and block, one record of HEAD numbers: the block's version + 1 when summarised (0: never),
 * the slots with a feasible node, how many feasible nodes in all, then per slot the feasible nodes,
 * their best resource score and how many have it. Resource scores are small integers (weighted sums of
 * integer scores ≤ 100), so everything fits one Int32Array — a refresh touches few cache lines.
 */
export const HEAD = 3 + 3 * SLOTS;
export const H_VER = 0;
export const H_MASK = 1;
export const H_TOT = 2;
/** Slot d's feasible count is at HEAD × i + H_SLOT + 3d, its best score at + 1, its ties at + 2. */
export const H_SLOT = 3;

export interface Summary {
  epoch: number;
  nb: number;
  /** Records of HEAD numbers, index layer × nb + block. */
  head: Int32Array;
  /** Per layer and node position, two numbers: the node's version + 1 when summarised, and its slot << 16 | resource score (-1: not feasible). */
  node: Int32Array;
  /**
   * Per layer, block and zone slot: `NodeTable.zoneVersion` when summarised, for summaries over the zone
   * label: a cycle that only needs some zones (`zonesValid`) uses a block whose other zones changed.
   */
  zones: Int32Array | undefined;
}

export interface Exceptions {
  epoch: number;
  nb: number;
  ver: Int32Array;
  /** Per layer and block: how many nodes run the template's pods (-1: more than MAX_EXCEPTIONS). */
  n: Int8Array;
  /** Their positions in the node order. */
  pos: Int32Array;
}

function newSummary(nb: number, epoch: number, byZone: boolean): Summary {
  const node = new Int32Array(2 * nb * BLOCK * 2);
  // Every position starts "not feasible" with an empty summary, so the first refresh adds every node.
  for (let k = 1; k < node.length; k += 2) node[k] = -1;
  return { epoch, nb, head: new Int32Array(2 * nb * HEAD), node, zones: byZone ? new Int32Array(2 * nb * ZONE_SLOTS) : undefined };
}

let checks = false;

/** Tests: check every block summary refresh against a summary made from scratch. */
export function checkBlockSummaries(on: boolean): void {
  checks = on;
}

export class BlockStore {
  /** Summaries per static-filter cache (templates with the same tolerations and node affinity), request signature and topology. */
  private readonly summaries = new WeakMap<Int32Array, Map<string, Summary>>();
  private readonly exceptions = new Map<number, Exceptions>();
  private lastMk: MatchKey | undefined = undefined;
  private lastExc: Exceptions | undefined = undefined;

  constructor(private readonly nodes: NodeTable) {}

  /** The summaries for `sc`, the cycle's request signature and `topo` (undefined: one slot for all nodes), remembered per template. */
  summary(sc: Int32Array, key: string, topo: TopologyIndex | undefined, t: Template): Summary {
    const nodes = this.nodes;
    let last = t.slots[SUMMARY_SLOT] as { sc: Int32Array; key: string; topo: TopologyIndex | undefined; s: Summary } | undefined;
    if (last && last.sc === sc && last.key === key && last.topo === topo && last.s.epoch === nodes.epoch && last.s.nb > nodes.order.length >> BLOCK_SHIFT) return last.s;
    let byKey = this.summaries.get(sc);
    if (!byKey) {
      byKey = new Map();
      this.summaries.set(sc, byKey);
    }
    const k = topo ? `${key}|${topo.key}` : key;
    const nb = (nodes.order.length >> BLOCK_SHIFT) + 1;
    let s = byKey.get(k);
    if (!s || s.epoch !== nodes.epoch || s.nb < nb) {
      s = newSummary(nb, nodes.epoch, topo === nodes.zoneIndex);
      byKey.set(k, s);
    }
    last ??= { sc, key, topo, s };
    last.sc = sc;
    last.key = key;
    last.topo = topo;
    last.s = s;
    t.slots[SUMMARY_SLOT] = last;
    return s;
  }

  /**
   * Index (layer × nb + b) of block `b`'s valid summary, brought up to date now if neither layer is:
   * only nodes whose version changed since that layer saw them are looked at again.
   */
  block(s: Summary, b: number, order: Int32Array, c: FusedCycle, sc: Int32Array, sched: StaticFilters, pod: PodRecord, topo: TopologyIndex | undefined): number {
    const nodes = this.nodes;
    const head = s.head;
    const bv = nodes.blockVersion[b]!;
    const v = bv + 1;
    if (head[b * HEAD] === v) return b;
    const i1 = s.nb + b;
    if (head[i1 * HEAD] === v) return i1;
    const i = bv <= nodes.frozenAt ? b : i1;
    const zoneOf = topo?.domainOf;
    const freePods = nodes.freePods;
    const freeCpu = nodes.freeCpu;
    const freeMem = nodes.freeMem;
    const version = nodes.version;
    const cpu = c.fit.cpu;
    const mem = c.fit.mem;
    // FusedCycle.computeBase's inputs, loaded once per block rather than once per node.
    const allocCpu = nodes.alloc[DIM_CPU]!;
    const allocMem = nodes.alloc[DIM_MEMORY]!;
    const nzCpu = nodes.nonzeroCpu;
    const nzMem = nodes.nonzeroMem;
    const reqCpu = nodes.req[DIM_CPU]!;
    const reqMem = nodes.req[DIM_MEMORY]!;
    const pc = c.pc;
    const pm = c.pm;
    const rc = c.rc;
    const rm = c.rm;
    const wFit = c.weights.fit;
    const wBal = c.weights.balanced;
    const balanced = c.balanced;
    const e = c.entry!;
    const eScore = e.score;
    const eStamp = e.stamp;
    const node = s.node;
    const o = i * HEAD;
    const p0 = b << BLOCK_SHIFT;
    const q = (i << BLOCK_SHIFT) * 2;
    let tot = head[o + H_TOT]!;
    /** Slots whose best score left with a node: summed again from the stored entries below. */
    let redo = 0;
    // The positions changed since this layer's version, from the node table's journal; else every position.
    const seen = head[o + H_VER]!;
    let todo = seen === 0 ? -1 : nodes.changedSince(b, seen - 1);
    /**
     * The journal cannot tell (many changes: a signature's turn comes after dozens of other workloads):
     * every position is looked at anyway, so the slots are summed afresh in the same pass — no
     * contributions taken out one by one, no rescan of slots whose best score left.
     */
    const afresh = todo === -1;
    if (afresh) {
      todo = ALL_POSITIONS;
      tot = 0;
      for (let j = o + H_SLOT; j < o + HEAD; j++) head[j] = 0;
    }
    // Only nodes whose version moved since this layer saw them: out with the old contribution, in with the new.
    for (; todo !== 0; todo &= todo - 1) {
      const k = 31 - Math.clz32(todo & -todo);
      const n = order[p0 + k]!;
      const nv = version[n]! + 1;
      const x = q + 2 * k;
      let sb: number;
      if (node[x] === nv) {
        if (!afresh) continue;
        sb = node[x + 1]!;
      } else {
        node[x] = nv;
        if (!afresh) {
          const was = node[x + 1]!;
          if (was >= 0) {
            const j = o + H_SLOT + 3 * (was >> 16);
            head[j] = head[j]! - 1;
            tot--;
            if ((was & 0xffff) === head[j + 1] && --head[j + 2]! === 0) redo |= 1 << (was >> 16);
          }
        }
        // CycleState.feasible and computeBase, inlined (the same operations in the same order): this loop summarises whole clusters for new workloads.
        let r = sc[n]!;
        if (r < 0) {
          r = sched.staticFilter(pod, n);
          sc[n] = r;
        }
        if (r !== 0 || freePods[n]! < 1 || (cpu > 0 && cpu > freeCpu[n]!) || (mem > 0 && mem > freeMem[n]!)) {
          node[x + 1] = -1;
          continue;
        }
        let d = zoneOf ? zoneOf[n]! : 0;
        if (d < 0) d = NO_LABEL;
        const ca = allocCpu[n]!;
        const ma = allocMem[n]!;
        let sum = 0;
        let w = 0;
        if (ca !== 0) {
          const rr = nzCpu[n]! + pc;
          sum += rr > ca ? 0 : Math.floor(((ca - rr) * 100) / ca);
          w++;
        }
        if (ma !== 0) {
          const rr = nzMem[n]! + pm;
          sum += rr > ma ? 0 : Math.floor(((ma - rr) * 100) / ma);
          w++;
        }
        // The mean of one or two whole scores in [0, 100]: halving by a shift is Math.floor(sum / 2) exactly, without a division.
        let base = wFit * (w === 2 ? sum >> 1 : w === 0 ? 0 : sum);
        if (balanced) {
          let bal = 100;
          if (ca !== 0 && ma !== 0) {
            let fc = (reqCpu[n]! + rc) / ca;
            if (fc > 1) fc = 1;
            let fm = (reqMem[n]! + rm) / ma;
            if (fm > 1) fm = 1;
            bal = Math.trunc((1 - Math.abs((fc - fm) / 2)) * 100);
          }
          base += wBal * bal;
        }
        // Left in the score cache for the cycle (ragged ends, the node-by-node window of other templates).
        eScore[n] = base;
        eStamp[n] = nv;
        sb = (d << 16) | base;
        node[x + 1] = sb;
      }
      if (sb < 0) continue;
      const d = sb >> 16;
      const base = sb & 0xffff;
      const j = o + H_SLOT + 3 * d;
      head[j] = head[j]! + 1;
      tot++;
      if ((redo >> d) & 1) continue;
      if (head[j + 2] === 0 || base > head[j + 1]!) {
        head[j + 1] = base;
        head[j + 2] = 1;
      } else if (base === head[j + 1]) head[j + 2] = head[j + 2]! + 1;
    }
    for (let m = redo; m !== 0; m &= m - 1) {
      const d = 31 - Math.clz32(m & -m);
      const j = o + H_SLOT + 3 * d;
      head[j + 2] = 0;
      for (let k = 0; k < BLOCK; k++) {
        const sb = node[q + 2 * k + 1]!;
        if (sb < 0 || sb >> 16 !== d) continue;
        const base = sb & 0xffff;
        if (head[j + 2] === 0 || base > head[j + 1]!) {
          head[j + 1] = base;
          head[j + 2] = 1;
        } else if (base === head[j + 1]) head[j + 2] = head[j + 2]! + 1;
      }
    }
    let mask = 0;
    for (let d = 0; d < SLOTS; d++) if (head[o + H_SLOT + 3 * d]! > 0) mask |= 1 << d;
    head[o + H_MASK] = mask;
    head[o + H_TOT] = tot;
    head[o + H_VER] = v;
    const zones = s.zones;
    if (zones) {
      // Copied one by one: a subarray view would allocate per refresh.
      const zv = nodes.zoneVersion;
      const z0 = b * ZONE_SLOTS;
      const z1 = i * ZONE_SLOTS;
      for (let z = 0; z < ZONE_SLOTS; z++) zones[z1 + z] = zv[z0 + z]!;
    }
    if (checks) this.check(s, i, b, order, c, sc, sched, pod, topo, -1);
    return i;
  }

  /**
   * A summary index of block `b` whose zone slots in `slots` are current though the block changed
   * elsewhere (then its other slots, mask and total must not be read), or -1. Summaries over zones only.
   */
  zonesValid(s: Summary, b: number, slots: number, order: Int32Array, c: FusedCycle, sc: Int32Array, sched: StaticFilters, pod: PodRecord, topo: TopologyIndex | undefined): number {
    const zones = s.zones;
    if (!zones) return -1;
    const zv = this.nodes.zoneVersion;
    const z0 = b * ZONE_SLOTS;
    for (let layer = 0; layer < 2; layer++) {
      const i = layer * s.nb + b;
      if (s.head[i * HEAD] === 0) continue;
      const o = i * ZONE_SLOTS;
      let ok = true;
      for (let m = slots; m !== 0; m &= m - 1) {
        const d = 31 - Math.clz32(m & -m);
        if (zones[o + d] !== zv[z0 + d]) {
          ok = false;
          break;
        }
      }
      if (ok) {
        if (checks) this.check(s, i, b, order, c, sc, sched, pod, topo, slots);
        return i;
      }
    }
    return -1;
  }

  /** Tests: block `b`'s summary at index `i` (its slots in `only`; -1: all) equals one made from scratch (throws otherwise). */
  private check(s: Summary, i: number, b: number, order: Int32Array, c: FusedCycle, sc: Int32Array, sched: StaticFilters, pod: PodRecord, topo: TopologyIndex | undefined, only: number): void {
    const o = i * HEAD;
    const feas = new Int32Array(SLOTS);
    const max = new Int32Array(SLOTS);
    const ties = new Int32Array(SLOTS);
    for (let k = 0; k < BLOCK; k++) {
      const n = order[(b << BLOCK_SHIFT) + k]!;
      let slot = topo ? topo.domainOf[n]! : 0;
      if (slot < 0) slot = NO_LABEL;
      if (((only >> slot) & 1) === 0) continue;
      const x = ((i << BLOCK_SHIFT) + k) << 1;
      if (s.node[x] !== this.nodes.version[n]! + 1) throw new Error(`block ${b} position ${k}: node version not caught up`);
      let want = -1;
      if (c.feasible(n, sc, sched, pod)) {
        let d = topo ? topo.domainOf[n]! : 0;
        if (d < 0) d = NO_LABEL;
        const base = c.computeBase(n);
        want = (d << 16) | base;
        feas[d] = feas[d]! + 1;
        if (ties[d] === 0 || base > max[d]!) {
          max[d] = base;
          ties[d] = 1;
        } else if (base === max[d]) ties[d] = ties[d]! + 1;
      }
      if (s.node[x + 1] !== want) throw new Error(`block ${b} position ${k}: ${s.node[x + 1]} summarised, ${want} now`);
    }
    for (let d = 0; d < SLOTS; d++) {
      if (((only >> d) & 1) === 0) continue;
      const j = o + H_SLOT + 3 * d;
      if (s.head[j] !== feas[d] || (feas[d]! > 0 && (s.head[j + 1] !== max[d] || s.head[j + 2] !== ties[d]))) throw new Error(`block ${b} slot ${d}: summary ${s.head.subarray(j, j + 3).join("/")}, now ${feas[d]}/${max[d]}/${ties[d]}`);
    }
  }

  /** The exception lists of the pods `mk` selects (the template's own, for the hostname spreading score). */
  exceptionsFor(mk: MatchKey): Exceptions {
    const nodes = this.nodes;
    const nb = (nodes.order.length >> BLOCK_SHIFT) + 1;
    // A workload's pods come one after another: the last lists found save a map lookup per cycle.
    let e = this.lastMk === mk ? this.lastExc : this.exceptions.get(mk.id);
    if (!e || e.epoch !== nodes.epoch || e.nb < nb) {
      e = { epoch: nodes.epoch, nb, ver: new Int32Array(2 * nb), n: new Int8Array(2 * nb), pos: new Int32Array(2 * nb * MAX_EXCEPTIONS) };
      this.exceptions.set(mk.id, e);
    }
    this.lastMk = mk;
    this.lastExc = e;
    return e;
  }

  /**
   * Index (layer × nb + b) of block `b`'s valid exception list in `e`, listed now if neither layer is:
   * the positions of the block's nodes running pods `mk` selects.
   */
  exceptionsOf(e: Exceptions, mk: MatchKey, b: number, order: Int32Array): number {
    const nodes = this.nodes;
    const bv = nodes.blockVersion[b]!;
    const v = bv + 1;
    if (e.ver[b] === v) return b;
    const i1 = e.nb + b;
    if (e.ver[i1] === v) return i1;
    const i = bv <= nodes.frozenAt ? b : i1;
    const live = mk.live;
    const p0 = b << BLOCK_SHIFT;
    let count = 0;
    for (let k = 0; k < BLOCK; k++) {
      if (live[order[p0 + k]!] === 0) continue;
      if (count === MAX_EXCEPTIONS) {
        count = -1;
        break;
      }
      e.pos[i * MAX_EXCEPTIONS + count++] = p0 + k;
    }
    e.n[i] = count;
    e.ver[i] = v;
    return i;
  }
}
