/**
 * Fused scoring for the dominant case: only NodeResourcesFit, BalancedAllocation and
 * PodTopologySpread's system defaults (hostname + zone) tell nodes apart — no PreferNoSchedule taint
 * anywhere, no preferred node affinity, no inter-pod terms. Then Filter collects, per feasible node,
 * the cached resource score and the spreading counts, and one pass normalises, sums and selects.
 * Same arithmetic and the same tie-break draws as the plugin-by-plugin path (a property test checks
 * both pick the same node); anything else takes that path.
 * @module
 */
import type { InterPodAffinity } from "../plugins/interpodaffinity/interpodaffinity.js";
import type { NodeAffinity } from "../plugins/nodeaffinity/nodeaffinity.js";
import type { NodeResourcesBalancedAllocation } from "../plugins/noderesources/balanced_allocation.js";
import type { NodeResourcesFit } from "../plugins/noderesources/fit.js";
import { ScoreCache } from "../plugins/noderesources/score_cache.js";
import { compiled, type Constraint } from "../plugins/podtopologyspread/constraints.js";
import type { TaintToleration } from "../plugins/tainttoleration/tainttoleration.js";
import { cacheSlot, type PodRecord } from "../state/pods.js";
import type { Rng } from "../state/rng.js";
import { pickTie, selectHost } from "./select.js";
import type { CycleState, FilterPlugin, Handle, ScorePlugin } from "./types.js";
const KEY = cacheSlot("fused-key");
const KEY_B = cacheSlot("fused-key-balanced");

const BLOCK = 32;
const MAX_BLOCK_ZONES = 8;
/** Classes per zone: nodes running 0, 1, 2 or 3 pods of the template (more: listed apart). */
const H = 4;
const CLASSES = MAX_BLOCK_ZONES * H;
const BLOCK_EXCEPTIONS = 4;
const BLOCKS = cacheSlot("fused-blocks");

interface Blocks {
  epoch: number;
  key: string;
  ver: Int32Array;
  feas: Int32Array;
  mask: Int32Array;
  irregular: Uint8Array;
  maxBase: Float64Array;
  ties: Int32Array;
  exc: Int32Array;
  excN: Int32Array;
}

function newBlocks(nb: number, epoch: number, key: string): Blocks {
  return {
    epoch,
    key,
    ver: new Int32Array(nb),
    feas: new Int32Array(nb),
    mask: new Int32Array(nb),
    irregular: new Uint8Array(nb),
    maxBase: new Float64Array(nb * CLASSES),
    ties: new Int32Array(nb * CLASSES),
    exc: new Int32Array(nb * BLOCK_EXCEPTIONS),
    excN: new Int32Array(nb),
  };
}

export interface FusedPlugins {
  TaintToleration: TaintToleration;
  NodeAffinity: NodeAffinity;
  NodeResourcesFit: NodeResourcesFit;
  PodTopologySpread: ScorePlugin;
  InterPodAffinity: InterPodAffinity;
  NodeResourcesBalancedAllocation: NodeResourcesBalancedAllocation;
}

export class FusedScoring {
  private readonly cache: ScoreCache;
  private base = new Float64Array(16);
  private host = new Float64Array(16);
  private zoneDom = new Int32Array(16);
  private raw = new Float64Array(16);
  private stamp = new Int32Array(16);
  private stampCycle = 0;
  // Per-cycle inputs.
  private balanced = false;
  private spread: [Constraint, Constraint] | undefined;
  private entry: { score: Float64Array; stamp: Int32Array } | undefined;
  private entryKey = "";
  private pc = 0;
  private pm = 0;
  private rc = 0;
  private rm = 0;

  constructor(
    private readonly h: Handle,
    private readonly p: FusedPlugins,
    private readonly weights: { fit: number; balanced: number; spread: number },
    private readonly rng: Rng,
  ) {
    this.cache = new ScoreCache(h.state.nodes, 64);
  }

  /** Whether this cycle can be fused (called after PreFilter, before Filter). */
  begin(cycle: CycleState, pod: PodRecord): boolean {
    const t = pod.template;
    if (t.preferredNode.length > 0) return false;
    this.p.TaintToleration.preScore();
    if (this.p.TaintToleration.constant === undefined) return false;
    if (this.p.InterPodAffinity.preScore(cycle, pod)) return false;
    const sc = compiled(this.h, pod).score;
    if (sc.length === 0) this.spread = undefined;
    else if (sc.length === 2 && sc[0]!.hostname && !sc[1]!.hostname && !compiled(this.h, pod).declared) this.spread = [sc[0]!, sc[1]!];
    else return false;
    this.balanced = this.p.NodeResourcesBalancedAllocation.preScore(cycle, pod);
    this.rawReady = false;
    this.pc = t.nonzeroCpu;
    this.pm = t.nonzeroMem;
    this.rc = t.requestMap["cpu"] ?? 0;
    this.rm = t.requestMap["memory"] ?? 0;
    const cap = this.h.state.nodes.cap;
    if (this.base.length < cap) {
      this.base = new Float64Array(cap);
      this.host = new Float64Array(cap);
      this.zoneDom = new Int32Array(cap);
      this.raw = new Float64Array(cap);
    }
    const key = this.balanced ? t.requestKey : t.nonzeroKey;
    let k = t.slots[this.balanced ? KEY_B : KEY] as string | undefined;
    if (k === undefined) {
      k = `${t.nonzeroKey}|${t.requestKey}|${this.balanced ? 1 : 0}`;
      t.slots[this.balanced ? KEY_B : KEY] = k;
    }
    this.entry = this.cache.get(k);
    this.entryKey = k;
    return true;
  }

  /** Feasible and failed counts of the last `window` call. */
  count = 0;
  failed = 0;
  /** `window` computed the spreading raw scores with the right weights. */
  private rawReady = false;
  private rawMin = 0;
  private rawMax = 0;
  private normTab = new Float64Array(64);
  private total = new Float64Array(16);
  private zoneRaw = new Float64Array(8);
  private zoneRound = new Float64Array(8);
  private feasibleRef: Int32Array | undefined;

  private stampFor(domains: number): Int32Array {
    if (this.stamp.length < domains) this.stamp = new Int32Array(domains * 2 + 8);
    return this.stamp;
  }

  /**
   * Filter + record in one loop, for cycles whose only dynamic filter is NodeResourcesFit with cpu
   * and memory requests: static filters come from the template's cache, the resource check is
   * NodeResourcesFit's (pods, cpu, memory), the reasons are its reasons. Returns nodes processed.
   */
  window(
    list: Int32Array,
    start: number,
    L: number,
    numToFind: number,
    sc: Int32Array,
    sched: { staticFilter(pod: PodRecord, n: number): number },
    pod: PodRecord,
    feasible: Int32Array,
    failNode: Int32Array,
    failReason: Int32Array,
    /** A second dynamic filter after NodeResourcesFit (PodTopologySpread, InterPodAffinity, ...), or undefined. */
    extra: FilterPlugin | undefined,
    cycle: CycleState,
  ): number {
    const nodes = this.h.state.nodes;
    const fit = this.p.NodeResourcesFit;
    const cpu = fit.cpu;
    const mem = fit.mem;
    const freePods = nodes.freePods;
    const freeCpu = nodes.freeCpu;
    const freeMem = nodes.freeMem;
    const version = nodes.version;
    const e = this.entry!;
    const escore = e.score;
    const estamp = e.stamp;
    const base = this.base;
    const sp = this.spread;
    const raw = this.raw;
    // PodTopologySpread PreScore weights, guessed before Filter ends: a full window and every zone in it.
    // select() checks the guess and recomputes when it was wrong.
    const zdomains = sp ? sp[1].topo.domains : 0;
    const spreadFast = sp !== undefined && zdomains <= 30;
    const live = sp ? sp[0].mk.live : undefined;
    const zoneOf = sp ? sp[1].topo.domainOf : undefined;
    const wh = Math.log(numToFind + 2);
    const hk = sp ? sp[0].maxSkew - 1 : 0;
    let zoneRaw = this.zoneRaw;
    let zoneRound = this.zoneRound;
    if (spreadFast) {
      if (zoneRaw.length < zdomains + 1) {
        zoneRaw = this.zoneRaw = new Float64Array(zdomains + 8);
        zoneRound = this.zoneRound = new Float64Array(zdomains + 8);
      }
      const zc = sp![1].counter.count;
      const wz = Math.log(zdomains + 2);
      const zk = sp![1].maxSkew - 1;
      for (let d = 0; d < zdomains; d++) {
        zoneRaw[d] = (d < zc.length ? zc[d]! : 0) * wz + zk;
        zoneRound[d] = Math.round(hk + zoneRaw[d]!);
      }
      // A node without a zone label: index zdomains, contributes nothing.
      zoneRaw[zdomains] = 0;
      zoneRound[zdomains] = Math.round(hk);
    }
    let zmask = 0;
    let min = Infinity;
    let max = 0;
    let count = 0;
    let failed = 0;
    let processed = 0;
    for (let i = 0; i < L; i++) {
      let idx = start + i;
      if (idx >= L) idx -= L;
      const n = list[idx]!;
      let r = sc[n]!;
      if (r < 0) {
        r = sched.staticFilter(pod, n);
        sc[n] = r;
      }
      processed = i + 1;
      if (r === 0) {
        if (freePods[n]! < 1 || (cpu > 0 && cpu > freeCpu[n]!) || (mem > 0 && mem > freeMem[n]!)) {
          r = fit.filter(undefined as never, pod, n);
        } else if (extra !== undefined && (r = extra.filter(cycle, pod, n)) !== 0) {
          // rejected by the second filter
        } else {
          const v = version[n]! + 1;
          if (estamp[n] !== v) {
            let s = this.weights.fit * fit.one(n, this.pc, this.pm);
            if (this.balanced) s += this.weights.balanced * this.p.NodeResourcesBalancedAllocation.one(n, this.rc, this.rm);
            escore[n] = s;
            estamp[n] = v;
          }
          base[count] = escore[n]!;
          if (spreadFast) {
            let d = zoneOf![n]!;
            if (d < 0) d = zdomains;
            else zmask |= 1 << d;
            const h = live![n]!;
            const rr = h === 0 ? zoneRound[d]! : Math.round(h * wh + hk + zoneRaw[d]!);
            raw[count] = rr;
            if (rr < min) min = rr;
            if (rr > max) max = rr;
          }
          feasible[count++] = n;
          if (count >= numToFind) break;
          continue;
        }
      }
      failNode[failed] = n;
      failReason[failed++] = r;
    }
    this.count = count;
    this.failed = failed;
    let zones = 0;
    for (let m = zmask; m !== 0; m &= m - 1) zones++;
    this.rawReady = spreadFast && count === numToFind && zones === zdomains;
    this.rawMin = min;
    this.rawMax = max;
    return processed;
  }

  // ---- block summaries ------------------------------------------------------------------------
  //
  // The node order is cut into blocks of 32 positions. Per pod template, a block keeps: how many of
  // its nodes are feasible, which zones they are in, and per zone the best resource score among the
  // feasible nodes with none of the template's pods (their spreading score depends only on the zone)
  // with the number of nodes sharing it; nodes that already run pods of the template are listed
  // apart. A block stays valid until a pod binds to or leaves one of its nodes (blockVersion) or a
  // node changes (epoch). A cycle then reads ~15 block summaries instead of 500 nodes, scans only
  // the window's ragged ends node by node, and rescans one block to find the chosen tie.

  private segKind = new Uint8Array(64);
  private segPos = new Int32Array(64);
  private segBase = new Float64Array(64);
  private segRaw = new Float64Array(64);
  private classRaw = new Float64Array(CLASSES);
  private classS = new Float64Array(CLASSES);
  private segTies = new Int32Array(64);

  /** Whether `blockWindow` applies to this cycle (after `begin`). */
  blocksApply(L: number): boolean {
    const sp = this.spread;
    return sp !== undefined && L >= 4 * BLOCK && sp[1].topo.domains <= MAX_BLOCK_ZONES;
  }

  private blocks(pod: PodRecord): Blocks {
    const nodes = this.h.state.nodes;
    const t = pod.template;
    const nb = (nodes.order.length >> 5) + 1;
    let b = t.slots[BLOCKS] as Blocks | undefined;
    if (!b || b.epoch !== nodes.epoch || b.ver.length < nb || b.key !== this.entryKey) {
      b = newBlocks(nb, nodes.epoch, this.entryKey);
      t.slots[BLOCKS] = b;
    }
    return b;
  }

  /** The cached resource score of node `n` (fit + balanced, weighted). */
  private baseOf(n: number): number {
    const e = this.entry!;
    const v = this.h.state.nodes.version[n]! + 1;
    if (e.stamp[n] !== v) {
      let s = this.weights.fit * this.p.NodeResourcesFit.one(n, this.pc, this.pm);
      if (this.balanced) s += this.weights.balanced * this.p.NodeResourcesBalancedAllocation.one(n, this.rc, this.rm);
      e.score[n] = s;
      e.stamp[n] = v;
    }
    return e.score[n]!;
  }

  /** Static filters (cached) and resources: is node `n` feasible? */
  private feasibleNode(n: number, sc: Int32Array, sched: { staticFilter(pod: PodRecord, n: number): number }, pod: PodRecord): boolean {
    let r = sc[n]!;
    if (r < 0) {
      r = sched.staticFilter(pod, n);
      sc[n] = r;
    }
    if (r !== 0) return false;
    const nodes = this.h.state.nodes;
    const fit = this.p.NodeResourcesFit;
    return !(nodes.freePods[n]! < 1 || (fit.cpu > 0 && fit.cpu > nodes.freeCpu[n]!) || (fit.mem > 0 && fit.mem > nodes.freeMem[n]!));
  }

  /**
   * Brings block `b` of `bl` up to date. A block where the template runs no pod is the same for every
   * template with these requests and static filters: it is copied from a shared summary, so a new
   * workload does not rescan the cluster.
   */
  private refreshBlock(bl: Blocks, b: number, order: Int32Array, sc: Int32Array, sched: { staticFilter(pod: PodRecord, n: number): number }, pod: PodRecord): void {
    const live = this.spread![0].mk.live;
    const p0 = b * BLOCK;
    let empty = true;
    for (let k = 0; k < BLOCK; k++) {
      if (live[order[p0 + k]!]! !== 0) {
        empty = false;
        break;
      }
    }
    if (!empty) {
      this.buildBlock(bl, b, order, sc, sched, pod, false);
      return;
    }
    let byKey = this.shared.get(sc);
    if (!byKey) {
      byKey = new Map();
      this.shared.set(sc, byKey);
    }
    let base = byKey.get(this.entryKey);
    if (!base || base.ver.length < bl.ver.length || base.epoch !== bl.epoch) {
      base = newBlocks(bl.ver.length, bl.epoch, this.entryKey);
      byKey.set(this.entryKey, base);
    }
    const version = this.h.state.nodes.blockVersion[b]! + 1;
    if (base.ver[b] !== version) this.buildBlock(base, b, order, sc, sched, pod, true);
    bl.feas[b] = base.feas[b]!;
    bl.mask[b] = base.mask[b]!;
    bl.irregular[b] = base.irregular[b]!;
    bl.excN[b] = 0;
    bl.maxBase.set(base.maxBase.subarray(b * CLASSES, (b + 1) * CLASSES), b * CLASSES);
    bl.ties.set(base.ties.subarray(b * CLASSES, (b + 1) * CLASSES), b * CLASSES);
    bl.ver[b] = version;
  }

  private readonly shared = new WeakMap<Int32Array, Map<string, Blocks>>();

  private buildBlock(bl: Blocks, b: number, order: Int32Array, sc: Int32Array, sched: { staticFilter(pod: PodRecord, n: number): number }, pod: PodRecord, assumeEmpty: boolean): void {
    const sp = this.spread!;
    const live = sp[0].mk.live;
    const zoneOf = sp[1].topo.domainOf;
    let feas = 0;
    let mask = 0;
    let irregular = 0;
    let excN = 0;
    bl.ties.fill(0, b * CLASSES, (b + 1) * CLASSES);
    const p0 = b * BLOCK;
    for (let k = 0; k < BLOCK; k++) {
      const n = order[p0 + k]!;
      if (!this.feasibleNode(n, sc, sched, pod)) continue;
      feas++;
      const d = zoneOf[n]!;
      if (d < 0) {
        irregular = 1;
        continue;
      }
      mask |= 1 << d;
      const h = assumeEmpty ? 0 : live[n]!;
      if (h < H) {
        const base = this.baseOf(n);
        const i = b * CLASSES + d * H + h;
        if (bl.ties[i] === 0 || base > bl.maxBase[i]!) {
          bl.maxBase[i] = base;
          bl.ties[i] = 1;
        } else if (base === bl.maxBase[i]) bl.ties[i] = bl.ties[i]! + 1;
      } else if (excN < BLOCK_EXCEPTIONS) bl.exc[b * BLOCK_EXCEPTIONS + excN++] = p0 + k;
      else irregular = 1;
    }
    bl.feas[b] = feas;
    bl.mask[b] = mask;
    bl.irregular[b] = irregular;
    bl.excN[b] = excN;
    bl.ver[b] = this.h.state.nodes.blockVersion[b]! + 1;
  }

  /**
   * The whole cycle from block summaries: returns the chosen node, or -1 when no node is feasible
   * (the caller then runs the node-by-node window for kube-scheduler's per-node reasons).
   * `processed` tells how far Filter got (for the rotating start index).
   */
  blockWindow(order: Int32Array, start: number, L: number, numToFind: number, sc: Int32Array, sched: { staticFilter(pod: PodRecord, n: number): number }, pod: PodRecord): number {
    const nodes = this.h.state.nodes;
    const bl = this.blocks(pod);
    const sp = this.spread!;
    const live = sp[0].mk.live;
    const zoneOf = sp[1].topo.domainOf;
    if (this.segKind.length < L + 1) {
      this.segKind = new Uint8Array(L + 1);
      this.segPos = new Int32Array(L + 1);
      this.segBase = new Float64Array(L + 1);
      this.segRaw = new Float64Array(L + 1);
    }
    const segKind = this.segKind;
    const segPos = this.segPos;
    const segBase = this.segBase;
    let segs = 0;
    let count = 0;
    let processed = 0;
    let mask = 0;
    while (processed < L && count < numToFind) {
      let p = start + processed;
      if (p >= L) p -= L;
      // A whole block only when it lies inside the ring and inside what is left of this pass (no node twice after wrapping).
      if ((p & (BLOCK - 1)) === 0 && p + BLOCK <= L && processed + BLOCK <= L) {
        const b = p >> 5;
        if (bl.ver[b] !== nodes.blockVersion[b]! + 1) this.refreshBlock(bl, b, order, sc, sched, pod);
        if (bl.irregular[b] === 0 && count + bl.feas[b]! < numToFind) {
          segKind[segs] = 1;
          segPos[segs++] = b;
          count += bl.feas[b]!;
          mask |= bl.mask[b]!;
          processed += BLOCK;
          continue;
        }
      }
      const n = order[p]!;
      processed++;
      if (!this.feasibleNode(n, sc, sched, pod)) continue;
      const d = zoneOf[n]!;
      if (d < 0) {
        this.processed = 0;
        return -2;
      }
      mask |= 1 << d;
      segKind[segs] = 0;
      segPos[segs] = n;
      segBase[segs++] = this.baseOf(n);
      count++;
    }
    this.processed = processed;
    this.count = count;
    if (count === 0) return -1;
    // PreScore weights from the window, then raw spreading scores per class.
    let zones = 0;
    for (let m = mask; m !== 0; m &= m - 1) zones++;
    const wh = Math.log(count + 2);
    const wz = Math.log(zones + 2);
    const hk = sp[0].maxSkew - 1;
    const zk = sp[1].maxSkew - 1;
    const zc = sp[1].counter.count;
    const zdomains = sp[1].topo.domains;
    const zoneRaw = this.zoneRaw.length > zdomains ? this.zoneRaw : (this.zoneRaw = new Float64Array(zdomains + 8));
    const zoneRound = this.zoneRound.length > zdomains ? this.zoneRound : (this.zoneRound = new Float64Array(zdomains + 8));
    for (let z = 0; z < zdomains; z++) {
      zoneRaw[z] = (z < zc.length ? zc[z]! : 0) * wz + zk;
      zoneRound[z] = Math.round(hk + zoneRaw[z]!);
    }
    const rawOf = (n: number): number => {
      const h = live[n]!;
      const d = zoneOf[n]!;
      return h === 0 ? zoneRound[d]! : Math.round(h * wh + hk + zoneRaw[d]!);
    };
    // Raw spreading score per class (zone, pods of the template on the node).
    const classRaw = this.classRaw.length >= CLASSES ? this.classRaw : (this.classRaw = new Float64Array(CLASSES));
    for (let z = 0; z < zdomains; z++) {
      classRaw[z * H] = zoneRound[z]!;
      for (let h = 1; h < H; h++) classRaw[z * H + h] = Math.round(h * wh + hk + zoneRaw[z]!);
    }
    const nc = zdomains * H;
    const segRaw = this.segRaw;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < segs; i++) {
      if (segKind[i] === 0) {
        const r = rawOf(segPos[i]!);
        segRaw[i] = r;
        if (r < min) min = r;
        if (r > max) max = r;
        continue;
      }
      const b = segPos[i]!;
      const o = b * CLASSES;
      for (let c = 0; c < nc; c++) {
        if (bl.ties[o + c] === 0) continue;
        const r = classRaw[c]!;
        if (r < min) min = r;
        if (r > max) max = r;
      }
      for (let k = 0; k < bl.excN[b]!; k++) {
        const r = rawOf(order[bl.exc[b * BLOCK_EXCEPTIONS + k]!]!);
        if (r < min) min = r;
        if (r > max) max = r;
      }
    }
    const w = this.weights.spread;
    const S = (r: number) => w * (max === 0 ? 100 : Math.floor((100 * (max + min - r)) / max));
    const classS = this.classS.length >= CLASSES ? this.classS : (this.classS = new Float64Array(CLASSES));
    for (let c = 0; c < nc; c++) classS[c] = S(classRaw[c]!);
    // The best total, then how many nodes reach it.
    let best = -Infinity;
    for (let i = 0; i < segs; i++) {
      if (segKind[i] === 0) {
        const t = segBase[i]! + S(segRaw[i]!);
        if (t > best) best = t;
        continue;
      }
      const b = segPos[i]!;
      const o = b * CLASSES;
      for (let c = 0; c < nc; c++) {
        if (bl.ties[o + c] === 0) continue;
        const t = bl.maxBase[o + c]! + classS[c]!;
        if (t > best) best = t;
      }
      for (let k = 0; k < bl.excN[b]!; k++) {
        const n = order[bl.exc[b * BLOCK_EXCEPTIONS + k]!]!;
        const t = this.baseOf(n) + S(rawOf(n));
        if (t > best) best = t;
      }
    }
    const tiesIn = (i: number): number => {
      if (segKind[i] === 0) return segBase[i]! + S(segRaw[i]!) === best ? 1 : 0;
      const b = segPos[i]!;
      const o = b * CLASSES;
      let t = 0;
      for (let c = 0; c < nc; c++) if (bl.ties[o + c]! > 0 && bl.maxBase[o + c]! + classS[c]! === best) t += bl.ties[o + c]!;
      for (let k = 0; k < bl.excN[b]!; k++) {
        const n = order[bl.exc[b * BLOCK_EXCEPTIONS + k]!]!;
        if (this.baseOf(n) + S(rawOf(n)) === best) t++;
      }
      return t;
    };
    let ties = 0;
    const segTies = this.segTies.length >= segs ? this.segTies : (this.segTies = new Int32Array(segs * 2));
    for (let i = 0; i < segs; i++) {
      const t = tiesIn(i);
      segTies[i] = t;
      ties += t;
    }
    const nth = pickTie(ties, this.rng);
    // Find the nth top-scoring node in window order.
    let seen = 0;
    for (let i = 0; i < segs; i++) {
      const t = segTies[i]!;
      if (seen + t < nth) {
        seen += t;
        continue;
      }
      if (segKind[i] === 0) return segPos[i]!;
      const p0 = segPos[i]! * BLOCK;
      for (let k = 0; k < BLOCK; k++) {
        const n = order[p0 + k]!;
        if (!this.feasibleNode(n, sc, sched, pod)) continue;
        if (this.baseOf(n) + S(rawOf(n)) === best && ++seen === nth) return n;
      }
    }
    return -2;
  }

  /** Nodes Filter went through in the last `blockWindow`. */
  processed = 0;

  /** Records feasible node `n` as the `i`-th. */
  feasible(i: number, n: number): void {
    const e = this.entry!;
    const v = this.h.state.nodes.version[n]! + 1;
    if (e.stamp[n] !== v) {
      let s = this.weights.fit * this.p.NodeResourcesFit.one(n, this.pc, this.pm);
      if (this.balanced) s += this.weights.balanced * this.p.NodeResourcesBalancedAllocation.one(n, this.rc, this.rm);
      e.score[n] = s;
      e.stamp[n] = v;
    }
    this.base[i] = e.score[n]!;
    const sp = this.spread;
    if (sp) {
      this.host[i] = sp[0].topo.domainOf[n]! >= 0 ? sp[0].mk.live[n]! : -1;
      this.zoneDom[i] = sp[1].topo.domainOf[n]!;
    }
  }

  /** Normalise, sum and select (`selectHost`) over `count ≥ 2` feasible nodes; returns the index. */
  select(count: number, feasible?: Int32Array): number {
    if (feasible && this.spread && !this.rawReady) {
      const [h, z] = this.spread;
      for (let i = 0; i < count; i++) {
        const n = feasible[i]!;
        this.host[i] = h.topo.domainOf[n]! >= 0 ? h.mk.live[n]! : -1;
        this.zoneDom[i] = z.topo.domainOf[n]!;
      }
    }
    const base = this.base;
    const sp = this.spread;
    if (!sp) return selectHost(base, count, this.rng);
    if (this.rawReady) {
      this.rawReady = false;
      return this.pick(count, this.rawMin, this.rawMax);
    }
    const [hc, zc] = sp;
    // PreScore: topology sizes among the feasible nodes (none are ignored for system defaults).
    const wh = Math.log(count + 2);
    let zones = 0;
    const dom = this.zoneDom;
    const cycle = ++this.stampCycle;
    this.stampFor(zc.topo.domains);
    for (let i = 0; i < count; i++) {
      const d = dom[i]!;
      if (d >= 0 && this.stamp[d] !== cycle) {
        this.stamp[d] = cycle;
        if (++zones === zc.topo.domains) break;
      }
    }
    const wz = Math.log(zones + 2);
    const hk = hc.maxSkew - 1;
    const zk = zc.maxSkew - 1;
    const counts = zc.counter.count;
    const host = this.host;
    const raw = this.raw;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < count; i++) {
      let v = 0;
      const h = host[i]!;
      if (h >= 0) v += h * wh + hk;
      const d = dom[i]!;
      if (d >= 0) v += (d < counts.length ? counts[d]! : 0) * wz + zk;
      const r = Math.round(v);
      raw[i] = r;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    return this.pick(count, min, max);
  }

  /** NormalizeScore (a table over the raw range), weighted sum and `selectHost`. */
  private pick(count: number, min: number, max: number): number {
    const w = this.weights.spread;
    const base = this.base;
    const raw = this.raw;
    const total = this.total.length >= count ? this.total : (this.total = new Float64Array(this.base.length));
    const range = max - min;
    if (range > 4 * count) {
      for (let i = 0; i < count; i++) total[i] = base[i]! + w * (max === 0 ? 100 : Math.floor((100 * (max + min - raw[i]!)) / max));
    } else {
      if (this.normTab.length <= range) this.normTab = new Float64Array(range + 64);
      const tab = this.normTab;
      for (let r = 0; r <= range; r++) tab[r] = w * (max === 0 ? 100 : Math.floor((100 * (max - r)) / max));
      for (let i = 0; i < count; i++) total[i] = base[i]! + tab[raw[i]! - min]!;
    }
    return selectHost(total, count, this.rng);
  }
}
