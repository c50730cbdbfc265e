/**
 * The fused cycle node by node: Filter and the scoring inputs in one loop over the window (static
 * filters from the template's cache, NodeResourcesFit inline, at most one more dynamic filter), then
 * one pass that normalises the spreading scores, adds the resource scores and selects the host —
 * the same arithmetic and random draws as the plugin-by-plugin path. Used when block summaries do
 * not apply (required pod (anti-)affinity, several spreading filters, explain's reasons).
 * @module
 */
import type { CycleState, FilterPlugin } from "./types.js";
import type { PodRecord } from "../state/pods.js";
import type { Rng } from "../state/rng.js";
import type { FusedCycle, StaticFilters } from "./fused_cycle.js";
import { selectHost } from "./select.js";

export class NodeWindow {
  private base = new Float64Array(16);
  private host = new Float64Array(16);
  private zoneDom = new Int32Array(16);
  private raw = new Float64Array(16);
  private total = new Float64Array(16);
  private stamp = new Int32Array(16);
  private stampCycle = 0;
  private normTab = new Float64Array(64);
  private zoneRaw = new Float64Array(8);
  private zoneRound = new Float64Array(8);
  /** `window` computed the spreading raw scores with the right weights. */
  private rawReady = false;
  private rawMin = 0;
  private rawMax = 0;
  /** Feasible and failed counts of the last `window` call. */
  count = 0;
  failed = 0;

  constructor(
    private readonly c: FusedCycle,
    private readonly rng: Rng,
  ) {}

  /** A new cycle (after `FusedCycle` was set up): scratch arrays sized for the node table. */
  begin(cap: number): void {
    this.rawReady = false;
    if (this.base.length < cap) {
      this.base = new Float64Array(cap);
      this.host = new Float64Array(cap);
      this.zoneDom = new Int32Array(cap);
      this.raw = new Float64Array(cap);
    }
  }

  /**
   * Filter + record in one loop, for cycles whose only dynamic filters are NodeResourcesFit with cpu
   * and memory requests and at most one more: static filters come from the template's cache, the
   * resource check is NodeResourcesFit's (pods, cpu, memory), the reasons are its reasons. Returns
   * nodes processed.
   */
  window(list: Int32Array, start: number, L: number, numToFind: number, sc: Int32Array, sched: StaticFilters, pod: PodRecord, feasible: Int32Array, failNode: Int32Array, failReason: Int32Array, extra: FilterPlugin | undefined, cycle: CycleState): number {
    const c = this.c;
    const nodes = c.nodes;
    const fit = c.fit;
    const cpu = fit.cpu;
    const mem = fit.mem;
    const freePods = nodes.freePods;
    const freeCpu = nodes.freeCpu;
    const freeMem = nodes.freeMem;
    const base = this.base;
    const sp = c.spread;
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
          base[count] = c.baseOf(n);
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

  /** Records feasible node `n` as the `i`-th (the scheduler's generic Filter loop). */
  feasible(i: number, n: number): void {
    const c = this.c;
    this.base[i] = c.baseOf(n);
    const sp = c.spread;
    if (sp) {
      this.host[i] = sp[0].topo.domainOf[n]! >= 0 ? sp[0].mk.live[n]! : -1;
      this.zoneDom[i] = sp[1].topo.domainOf[n]!;
    }
  }

  /** Normalise, sum and select (`selectHost`) over `count ≥ 2` feasible nodes; returns the index. */
  select(count: number, feasible?: Int32Array): number {
    const sp = this.c.spread;
    if (feasible && sp && !this.rawReady) {
      const [h, z] = sp;
      for (let i = 0; i < count; i++) {
        const n = feasible[i]!;
        this.host[i] = h.topo.domainOf[n]! >= 0 ? h.mk.live[n]! : -1;
        this.zoneDom[i] = z.topo.domainOf[n]!;
      }
    }
    if (!sp) return selectHost(this.base, count, this.rng);
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
    if (this.stamp.length < zc.topo.domains) this.stamp = new Int32Array(zc.topo.domains * 2 + 8);
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
    const w = this.c.weights.spread;
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
