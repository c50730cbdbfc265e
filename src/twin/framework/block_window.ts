/**
 * The fused cycle over block summaries (see block_summaries.ts): Filter walks the window a block at a
 * time where a whole block fits before the last feasible node is found, and node by node at the
 * window's ragged ends; scoring reads per block and domain the best resource score and how many
 * nodes share it, and looks at the nodes running the template's own pods one by one; the chosen tie
 * is found by rescanning one block. Three kinds of cycles take it:
 *
 * - no spreading score and no spreading filter: one slot per block;
 * - a DoNotSchedule spreading constraint over at most 8 domains (a zone) as the only other filter:
 *   the skew check depends only on the node's domain, so the cycle's allowed domains pick the slots;
 * - the system default spreading score (hostname + zone): a node's spreading score depends on its zone
 *   and the template's pods on it, so nodes without such pods score alike per zone.
 *
 * Exact: the same nodes are processed (rotating start index), the same feasible count, the same
 * PreScore weights, totals and `selectHost` draw as node by node; property tests compare.
 * @module
 */
import type { TopologyIndex } from "../state/nodes.js";
import type { PodRecord } from "../state/pods.js";
import type { Rng } from "../state/rng.js";
import { BLOCK, BLOCK_SHIFT, HEAD, H_MASK, H_SLOT, H_TOT, MAX_EXCEPTIONS, NO_LABEL, SLOTS, type BlockStore, type Exceptions, type Summary } from "./block_summaries.js";
import type { FusedCycle, StaticFilters } from "./fused_cycle.js";
import { pickTie } from "./select.js";

/** An internal invariant: the ties counted per segment lead to a node. */
const LOST = "block summaries lost the chosen node (a bug in the twin's scheduler)";

/** Every slot (no spreading filter). */
export const ALL_SLOTS = (1 << SLOTS) - 1;

/** Lowest set bit's index. */
const low = (m: number): number => 31 - Math.clz32(m & -m);

export class BlockWindow {
  /** Nodes Filter went through, and feasible nodes found, in the last `run`. */
  processed = 0;
  count = 0;
  // Window segments: a node (kind 0, its id) or a block (kind 1, its summary index; segBlock: block number; segExc: exception list index).
  private segKind = new Uint8Array(64);
  private segPos = new Int32Array(64);
  private segBlock = new Int32Array(64);
  private segExc = new Int32Array(64);
  private segTies = new Float64Array(64);
  // A node segment's resource score and slot.
  private segBase = new Float64Array(64);
  private segSlot = new Int8Array(64);
  // Scoring candidates: a node, or the nodes of one block slot that share their score.
  /** Raw spreading scores are whole numbers (rounded): int32 indexes the normalizer's table without conversion. */
  private candRaw = new Int32Array(64);
  private candTotal = new Float64Array(64);
  private candMult = new Int32Array(64);
  private candSeg = new Int32Array(64);
  private readonly zoneRaw = new Float64Array(SLOTS);
  private readonly zoneRound = new Float64Array(SLOTS);
  private normTab = new Float64Array(64);
  private readonly slotCnt = new Int32Array(SLOTS);
  private readonly slotMax = new Float64Array(SLOTS);
  private readonly slotTies = new Int32Array(SLOTS);
  // Per zone slot, among the window's nodes without the template's pods outside blocks with exceptions: the best resource score, how many have it, and their total.
  private readonly zMax = new Float64Array(SLOTS);
  private readonly zTies = new Int32Array(SLOTS);
  private readonly zTotal = new Float64Array(SLOTS);
  private readonly zScore = new Float64Array(SLOTS);
  private exc: Exceptions | undefined;
  // The cycle's PodTopologySpread PreScore weights and NormalizeScore range.
  private wh = 0;
  private hk = 0;
  private tabMin = 0;
  private tabMax = 0;
  private tabW = 0;
  private useTab = false;

  constructor(
    private readonly c: FusedCycle,
    private readonly store: BlockStore,
    private readonly rng: Rng,
  ) {}

  private ensure(L: number): void {
    if (this.segKind.length >= L + 1) return;
    this.segKind = new Uint8Array(L + 1);
    this.segPos = new Int32Array(L + 1);
    this.segBlock = new Int32Array(L + 1);
    this.segExc = new Int32Array(L + 1);
    this.segTies = new Float64Array(L + 1);
    this.segBase = new Float64Array(L + 1);
    this.segSlot = new Int8Array(L + 1);
    // A block adds at most one candidate per slot and one per exception.
    const cands = (L + 1) * (SLOTS + MAX_EXCEPTIONS);
    this.candRaw = new Int32Array(cands);
    this.candTotal = new Float64Array(cands);
    this.candMult = new Int32Array(cands);
    this.candSeg = new Int32Array(cands);
  }

  /**
   * The whole cycle: returns the chosen node, or -1 when no node is feasible (the caller then runs the
   * node-by-node window for kube-scheduler's per-node reasons). `topo` gives the slots (undefined: one
   * slot); `allowed` the slots a node may be in (a spreading filter's domains).
   */
  run(order: Int32Array, start: number, L: number, numToFind: number, sc: Int32Array, sched: StaticFilters, pod: PodRecord, topo: TopologyIndex | undefined, allowed: number): number {
    const c = this.c;
    const store = this.store;
    const sp = c.spread;
    const s = store.summary(sc, c.entryKey, topo, pod.template);
    const zoneOf = topo?.domainOf;
    const mk = sp ? sp[0].mk : undefined;
    const exc = mk ? store.exceptionsFor(mk) : undefined;
    this.exc = exc;
    this.ensure(L);
    const segKind = this.segKind;
    const segPos = this.segPos;
    const segBlock = this.segBlock;
    const segExc = this.segExc;
    const head = s.head;
    const node = s.node;
    const nb = s.nb;
    const blockVersion = c.nodes.blockVersion;
    const segBase = this.segBase;
    const segSlot = this.segSlot;
    /** Full blocks end here: the nodes after it are looked at one by one. */
    const full = (L >> BLOCK_SHIFT) << BLOCK_SHIFT;
    /** A spreading filter over zones lets some in: summaries current in those zones will do. */
    const byZone = allowed !== ALL_SLOTS && s.zones !== undefined;
    /** The block (and its summary index) the last ragged node was read from. */
    let curB = -1;
    let curI = -1;
    let segs = 0;
    let count = 0;
    let processed = 0;
    let mask = 0;
    /** Block taking is off until here (a block with too many exceptions is visited node by node). */
    let nodesUntil = 0;
    while (processed < L && count < numToFind) {
      let p = start + processed;
      if (p >= L) p -= L;
      // A whole block only when it lies inside the ring and inside what is left of this pass (no node twice after wrapping).
      if ((p & (BLOCK - 1)) === 0 && p + BLOCK <= L && processed + BLOCK <= L && processed >= nodesUntil) {
        const b = p >> BLOCK_SHIFT;
        const v = blockVersion[b]! + 1;
        let i = head[b * HEAD] === v ? b : head[(nb + b) * HEAD] === v ? nb + b : -1;
        /** The summary is current in every slot (else only in the allowed ones). */
        let whole = true;
        if (i < 0 && byZone) {
          i = store.zonesValid(s, b, allowed, order, c, sc, sched, pod, topo);
          whole = false;
        }
        if (i < 0) {
          i = store.block(s, b, order, c, sc, sched, pod, topo);
          whole = true;
        }
        const o = i * HEAD;
        const all = head[o + H_MASK]!;
        const m = all & allowed;
        let fb: number;
        if (whole && m === all) fb = head[o + H_TOT]!;
        else {
          fb = 0;
          for (let mm = m; mm !== 0; mm &= mm - 1) fb += head[o + H_SLOT + 3 * low(mm)]!;
        }
        let ex = -1;
        if (exc !== undefined) {
          ex = exc.ver[b] === v ? b : exc.ver[exc.nb + b] === v ? exc.nb + b : store.exceptionsOf(exc, mk!, b, order);
          if (exc.n[ex] === -1) {
            nodesUntil = processed + BLOCK;
            continue;
          }
        }
        if (count + fb < numToFind) {
          segKind[segs] = 1;
          segPos[segs] = i;
          segBlock[segs] = b;
          segExc[segs++] = ex;
          count += fb;
          mask |= m;
          processed += BLOCK;
          continue;
        }
      }
      const n = order[p]!;
      processed++;
      let d: number;
      let base: number;
      if (p < full) {
        // In a full block: the node's feasibility, slot and score from its summary (few cache lines for the whole block).
        const b = p >> BLOCK_SHIFT;
        if (byZone) {
          // A node outside the allowed zones fails the spreading filter whatever else holds.
          let z = zoneOf![n]!;
          if (z < 0) z = NO_LABEL;
          if (((allowed >> z) & 1) === 0) continue;
        }
        if (b !== curB) {
          const v = blockVersion[b]! + 1;
          curB = b;
          curI = head[b * HEAD] === v ? b : head[(nb + b) * HEAD] === v ? nb + b : -1;
          if (curI < 0 && byZone) curI = store.zonesValid(s, b, allowed, order, c, sc, sched, pod, topo);
          if (curI < 0) curI = store.block(s, b, order, c, sc, sched, pod, topo);
        }
        const sb = node[(((curI << BLOCK_SHIFT) + (p & (BLOCK - 1))) << 1) + 1]!;
        if (sb < 0) continue;
        d = sb >> 16;
        base = sb & 0xffff;
      } else {
        if (!c.feasible(n, sc, sched, pod)) continue;
        d = zoneOf ? zoneOf[n]! : 0;
        if (d < 0) d = NO_LABEL;
        base = c.baseOf(n);
      }
      if (((allowed >> d) & 1) === 0) continue;
      mask |= 1 << d;
      segKind[segs] = 0;
      segBase[segs] = base;
      segSlot[segs] = d;
      segPos[segs++] = n;
      count++;
    }
    this.processed = processed;
    this.count = count;
    if (count === 0) return -1;
    return sp ? this.chooseSpread(s, segs, count, mask, order, sc, sched, pod) : this.chooseBase(s, segs, allowed, order, sc, sched, pod, zoneOf);
  }

  /** No spreading score: the best resource score wins (selectHost over the window). */
  private chooseBase(s: Summary, segs: number, allowed: number, order: Int32Array, sc: Int32Array, sched: StaticFilters, pod: PodRecord, zoneOf: Int32Array | undefined): number {
    const c = this.c;
    const segKind = this.segKind;
    const segPos = this.segPos;
    const segTies = this.segTies;
    const head = s.head;
    const segBase = this.segBase;
    let best = -Infinity;
    for (let i = 0; i < segs; i++) {
      if (segKind[i] === 0) {
        const v = segBase[i]!;
        if (v > best) best = v;
        continue;
      }
      const o = segPos[i]! * HEAD;
      for (let m = head[o + H_MASK]! & allowed; m !== 0; m &= m - 1) {
        const v = head[o + H_SLOT + 3 * low(m) + 1]!;
        if (v > best) best = v;
      }
    }
    let ties = 0;
    for (let i = 0; i < segs; i++) {
      let t = 0;
      if (segKind[i] === 0) t = segBase[i] === best ? 1 : 0;
      else {
        const o = segPos[i]! * HEAD;
        for (let m = head[o + H_MASK]! & allowed; m !== 0; m &= m - 1) {
          const k = o + H_SLOT + 3 * low(m);
          if (head[k + 1] === best) t += head[k + 2]!;
        }
      }
      segTies[i] = t;
      ties += t;
    }
    const nth = pickTie(ties, this.rng);
    let seen = 0;
    for (let i = 0; i < segs; i++) {
      const t = segTies[i]!;
      if (seen + t < nth) {
        seen += t;
        continue;
      }
      if (segKind[i] === 0) return segPos[i]!;
      const p0 = this.segBlock[i]! << BLOCK_SHIFT;
      const q = segPos[i]! << BLOCK_SHIFT;
      const node = s.node;
      for (let k = 0; k < BLOCK; k++) {
        const sb = node[((q + k) << 1) + 1]!;
        if (sb < 0 || ((allowed >> (sb >> 16)) & 1) === 0) continue;
        if ((sb & 0xffff) === best && ++seen === nth) return order[p0 + k]!;
      }
    }
    throw new Error(LOST);
  }

  /** The system default spreading score (hostname + zone) on top of the resource scores. */
  private chooseSpread(s: Summary, segs: number, count: number, mask: number, order: Int32Array, sc: Int32Array, sched: StaticFilters, pod: PodRecord): number {
    const c = this.c;
    // Indexed, not destructured: array destructuring goes through the iterator protocol once per cycle.
    const sp = c.spread!;
    const hc = sp[0];
    const zc = sp[1];
    const live = hc.mk.live;
    const zoneOf = zc.topo.domainOf;
    // PreScore weights from the window: hostname size = feasible nodes, zone size = zones among them.
    let zones = 0;
    for (let m = mask & ~(1 << NO_LABEL); m !== 0; m &= m - 1) zones++;
    const wh = Math.log(count + 2);
    const wz = Math.log(zones + 2);
    const hk = hc.maxSkew - 1;
    const zk = zc.maxSkew - 1;
    const zcount = zc.counter.count;
    const zdomains = zc.topo.domains;
    const zoneRaw = this.zoneRaw;
    const zoneRound = this.zoneRound;
    for (let z = 0; z < zdomains; z++) {
      zoneRaw[z] = (z < zcount.length ? zcount[z]! : 0) * wz + zk;
      zoneRound[z] = Math.round(hk + zoneRaw[z]!);
    }
    zoneRaw[NO_LABEL] = 0;
    zoneRound[NO_LABEL] = Math.round(hk);
    this.wh = wh;
    this.hk = hk;
    /**
     * A node without the template's pods scores its zone's spreading score plus its resource score, so
     * among all such nodes of the window (ragged nodes, and block slots without exceptions) only the best
     * resource score per zone and how many have it matter: kept per zone, not as candidates. Candidates
     * are what differs: nodes running the template's pods, and the slots of blocks with such nodes (their
     * best and ties without them).
     */
    const candRaw = this.candRaw;
    const candTotal = this.candTotal;
    const candMult = this.candMult;
    const candSeg = this.candSeg;
    const slotCnt = this.slotCnt;
    const slotMax = this.slotMax;
    const slotTies = this.slotTies;
    const zMax = this.zMax;
    const zTies = this.zTies;
    const segKind = this.segKind;
    const segPos = this.segPos;
    const segExc = this.segExc;
    const segSlot = this.segSlot;
    const segBase = this.segBase;
    const exc = this.exc!;
    const excN = exc.n;
    const excPos = exc.pos;
    const head = s.head;
    const node = s.node;
    let nc = 0;
    let min = Infinity;
    let max = 0;
    /** Zones with a node without the template's pods (kept in zMax / zTies). */
    let zMask = 0;
    for (let i = 0; i < segs; i++) {
      if (segKind[i] === 0) {
        const n = segPos[i]!;
        const d = segSlot[i]!;
        const h = live[n]!;
        const base = segBase[i]!;
        if (h === 0) {
          if (((zMask >> d) & 1) === 0 || base > zMax[d]!) {
            zMask |= 1 << d;
            zMax[d] = base;
            zTies[d] = 1;
          } else if (base === zMax[d]) zTies[d] = zTies[d]! + 1;
          continue;
        }
        const r = Math.round(h * wh + hk + zoneRaw[d]!);
        if (r < min) min = r;
        if (r > max) max = r;
        candRaw[nc] = r;
        candTotal[nc] = base;
        candMult[nc] = 1;
        candSeg[nc++] = i;
        continue;
      }
      const o = segPos[i]! * HEAD;
      const bm = head[o + H_MASK]!;
      const ex = segExc[i]!;
      const ne = excN[ex]!;
      if (ne === 0) {
        // No pod of the template in the block: its slots as summarised.
        for (let m = bm; m !== 0; m &= m - 1) {
          const d = low(m);
          const k = o + H_SLOT + 3 * d;
          const v = head[k + 1]!;
          if (((zMask >> d) & 1) === 0 || v > zMax[d]!) {
            zMask |= 1 << d;
            zMax[d] = v;
            zTies[d] = head[k + 2]!;
          } else if (v === zMax[d]) zTies[d] = zTies[d]! + head[k + 2]!;
        }
        continue;
      }
      for (let m = bm; m !== 0; m &= m - 1) {
        const d = low(m);
        const k = o + H_SLOT + 3 * d;
        slotCnt[d] = head[k]!;
        slotMax[d] = head[k + 1]!;
        slotTies[d] = head[k + 2]!;
      }
      let redo = 0;
      const q = segPos[i]! << BLOCK_SHIFT;
      for (let k = 0; k < ne; k++) {
        const pos = excPos[ex * MAX_EXCEPTIONS + k]!;
        const sb = node[((q + (pos & (BLOCK - 1))) << 1) + 1]!;
        if (sb < 0) continue;
        const n = order[pos]!;
        const d = sb >> 16;
        const base = sb & 0xffff;
        slotCnt[d] = slotCnt[d]! - 1;
        if (base === slotMax[d] && --slotTies[d]! === 0) redo |= 1 << d;
        const h = live[n]!;
        const r = h === 0 ? zoneRound[d]! : Math.round(h * wh + hk + zoneRaw[d]!);
        if (r < min) min = r;
        if (r > max) max = r;
        candRaw[nc] = r;
        candTotal[nc] = base;
        candMult[nc] = 1;
        candSeg[nc++] = i;
      }
      if (redo !== 0) this.rescan(this.segBlock[i]!, q, redo, order, node, live);
      for (let m = bm; m !== 0; m &= m - 1) {
        const d = low(m);
        if (slotCnt[d] === 0) continue;
        const r = zoneRound[d]!;
        if (r < min) min = r;
        if (r > max) max = r;
        candRaw[nc] = r;
        candTotal[nc] = slotMax[d]!;
        candMult[nc] = slotTies[d]!;
        candSeg[nc++] = i;
      }
    }
    for (let m = zMask; m !== 0; m &= m - 1) {
      const r = zoneRound[low(m)]!;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    // NormalizeScore, weighted sum, best total and how many nodes reach it.
    this.normalizer(min, max, c.weights.spread, nc + SLOTS);
    let best = -Infinity;
    for (let k = 0; k < nc; k++) {
      const t = candTotal[k]! + this.spreadScore(candRaw[k]!);
      candTotal[k] = t;
      if (t > best) best = t;
    }
    const zTotal = this.zTotal;
    const zScore = this.zScore;
    for (let m = zMask; m !== 0; m &= m - 1) {
      const d = low(m);
      const t = zMax[d]! + this.spreadScore(zoneRound[d]!);
      zTotal[d] = t;
      if (t > best) best = t;
    }
    let ties = 0;
    for (let k = 0; k < nc; k++) if (candTotal[k] === best) ties += candMult[k]!;
    /** Zones whose nodes without the template's pods reach the best total with their best resource score. */
    let win = 0;
    for (let m = zMask; m !== 0; m &= m - 1) {
      const d = low(m);
      if (zTotal[d] !== best) continue;
      win |= 1 << d;
      ties += zTies[d]!;
    }
    const nth = pickTie(ties, this.rng);
    // The segment (in node order) holding the nth tie: its ties are its candidates' and its winning zones' best.
    let seen = 0;
    let kc = 0;
    for (let i = 0; i < segs; i++) {
      let t = 0;
      for (; kc < nc && candSeg[kc] === i; kc++) if (candTotal[kc] === best) t += candMult[kc]!;
      if (segKind[i] === 0) {
        const d = segSlot[i]!;
        if (((win >> d) & 1) !== 0 && live[segPos[i]!] === 0 && segBase[i] === zMax[d]) t++;
      } else if (win !== 0 && excN[segExc[i]!] === 0) {
        const o = segPos[i]! * HEAD;
        for (let m = head[o + H_MASK]! & win; m !== 0; m &= m - 1) {
          const d = low(m);
          const k = o + H_SLOT + 3 * d;
          if (head[k + 1] === zMax[d]) t += head[k + 2]!;
        }
      }
      if (seen + t < nth) {
        seen += t;
        continue;
      }
      if (segKind[i] === 0) return segPos[i]!;
      const p0 = this.segBlock[i]! << BLOCK_SHIFT;
      const q = segPos[i]! << BLOCK_SHIFT;
      // A node without the template's pods scores its zone's spreading score; such a node's raw score is in the normalized range.
      for (let m = mask; m !== 0; m &= m - 1) {
        const d = low(m);
        const r = zoneRound[d]!;
        zScore[d] = r >= min && r <= max ? this.spreadScore(r) : NaN;
      }
      for (let k = 0; k < BLOCK; k++) {
        const sb = node[((q + k) << 1) + 1]!;
        if (sb < 0) continue;
        const n = order[p0 + k]!;
        const d = sb >> 16;
        const t = live[n] === 0 ? (sb & 0xffff) + zScore[d]! : (sb & 0xffff) + this.spreadScore(this.rawOf(live, n, d));
        if (t === best && ++seen === nth) return n;
      }
      break;
    }
    throw new Error(LOST);
  }

  /** PodTopologySpread's raw score of node `n` in slot `d` (hostname: the template's pods on it; zone: its zone's). */
  private rawOf(live: Uint16Array, n: number, d: number): number {
    const h = live[n]!;
    return h === 0 ? this.zoneRound[d]! : Math.round(h * this.wh + this.hk + this.zoneRaw[d]!);
  }

  /** NormalizeScore over the window's raw range [min, max] (a table when the range is small), weighted. */
  private normalizer(min: number, max: number, w: number, candidates: number): void {
    this.tabMin = min;
    this.tabMax = max;
    this.tabW = w;
    const range = max - min;
    this.useTab = range <= 4 * candidates + 64;
    if (!this.useTab) return;
    if (this.normTab.length <= range) this.normTab = new Float64Array(range + 64);
    const tab = this.normTab;
    for (let r = 0; r <= range; r++) tab[r] = w * (max === 0 ? 100 : Math.floor((100 * (max - r)) / max));
  }

  private spreadScore(raw: number): number {
    // An int32 index (raw and the minimum are whole numbers; the minimum may be held as a double).
    if (this.useTab) return this.normTab[(raw - this.tabMin) | 0]!;
    const max = this.tabMax;
    return this.tabW * (max === 0 ? 100 : Math.floor((100 * (max + this.tabMin - raw)) / max));
  }

  /** Best resource score and ties per slot in `slots` among block `b`'s feasible nodes without the template's pods (summary index `q` / 32). */
  private rescan(b: number, q: number, slots: number, order: Int32Array, node: Int32Array, live: Uint16Array): void {
    for (let m = slots; m !== 0; m &= m - 1) this.slotTies[low(m)] = 0;
    const p0 = b << BLOCK_SHIFT;
    for (let k = 0; k < BLOCK; k++) {
      const sb = node[((q + k) << 1) + 1]!;
      if (sb < 0 || live[order[p0 + k]!] !== 0) continue;
      const d = sb >> 16;
      if (((slots >> d) & 1) === 0) continue;
      const base = sb & 0xffff;
      if (this.slotTies[d] === 0 || base > this.slotMax[d]!) {
        this.slotMax[d] = base;
        this.slotTies[d] = 1;
      } else if (base === this.slotMax[d]) this.slotTies[d] = this.slotTies[d]! + 1;
    }
  }
}
