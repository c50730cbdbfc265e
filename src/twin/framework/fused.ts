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
import type { CycleState, FilterPlugin, Handle, ScorePlugin } from "./types.js";
const KEY = cacheSlot("fused-key");
const KEY_B = cacheSlot("fused-key-balanced");

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
    let sel = 0;
    let best = -Infinity;
    let ties = 0;
    if (!sp) {
      for (let i = 0; i < count; i++) {
        const t = base[i]!;
        if (t > best) {
          best = t;
          sel = i;
          ties = 1;
        } else if (t === best) {
          ties++;
          if (this.rng.intn(ties) === 0) sel = i;
        }
      }
      return sel;
    }
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
    const range = max - min;
    let sel = 0;
    let best = -Infinity;
    let ties = 0;
    if (range > 4 * count) {
      for (let i = 0; i < count; i++) {
        const t = base[i]! + w * (max === 0 ? 100 : Math.floor((100 * (max + min - raw[i]!)) / max));
        if (t > best) {
          best = t;
          sel = i;
          ties = 1;
        } else if (t === best) {
          ties++;
          if (this.rng.intn(ties) === 0) sel = i;
        }
      }
      return sel;
    }
    if (this.normTab.length <= range) this.normTab = new Float64Array(range + 64);
    const tab = this.normTab;
    for (let r = 0; r <= range; r++) tab[r] = w * (max === 0 ? 100 : Math.floor((100 * (max - r)) / max));
    for (let i = 0; i < count; i++) {
      const t = base[i]! + tab[raw[i]! - min]!;
      if (t > best) {
        best = t;
        sel = i;
        ties = 1;
      } else if (t === best) {
        ties++;
        if (this.rng.intn(ties) === 0) sel = i;
      }
    }
    return sel;
  }
}
