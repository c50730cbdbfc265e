/**
 * PodTopologySpread. Filter (DoNotSchedule): `count(domain) + self − globalMin ≤ maxSkew`, where the
 * global minimum is over eligible domains, or 0 while fewer than `minDomains` domains exist; a node
 * without the topology key is UnschedulableAndUnresolvable. Score (ScheduleAnyway and the system
 * defaults): `Σ count × log(domains + 2) + (maxSkew − 1)`, normalised so fewer matching pods scores
 * higher. Counts exclude terminating pods — which is why, after a zone is lost but its nodes still
 * exist, the dead zone holds the minimum at 0 and replacements stay Pending (kubernetes#123019).
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/types.js";
import { Code, PASS, SKIP, reason } from "../../framework/status.js";
import type { TopologyIndex } from "../../state/nodes.js";
import type { PodRecord } from "../../state/pods.js";
import { compiled, type Constraint } from "./constraints.js";

export const NAME = "PodTopologySpread";
/** `ErrReasonConstraintsNotMatch`. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = reason(NAME, "node(s) didn't match pod topology spread constraints");
/** `ErrReasonNodeLabelNotMatch`. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = reason(NAME, "node(s) didn't match pod topology spread constraints (missing required label)", Code.UnschedulableAndUnresolvable);

interface FilterState {
  constraints: Constraint[];
  min: Int32Array;
  self: Int32Array;
}

interface ScoreState {
  constraints: Constraint[];
  weight: Float64Array;
  ignored: Uint8Array;
  stamp: Int32Array;
  cycle: number;
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly fs: FilterState = { constraints: [], min: new Int32Array(8), self: new Int32Array(8) };
  private readonly ss: ScoreState = { constraints: [], weight: new Float64Array(8), ignored: new Uint8Array(0), stamp: new Int32Array(0), cycle: 0 };

  constructor(private readonly h: Handle) {}

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    const c = compiled(this.h, pod).filter;
    if (c.length === 0) return SKIP;
    const fs = this.fs;
    if (fs.min.length < c.length) {
      fs.min = new Int32Array(c.length);
      fs.self = new Int32Array(c.length);
    }
    fs.constraints = c;
    for (let i = 0; i < c.length; i++) {
      const k = c[i]!;
      fs.min[i] = k.counter.domains < k.minDomains ? 0 : k.counter.min;
      fs.self[i] = k.selector.matches(pod.labels) ? 1 : 0;
    }
    return PASS;
  }

  filter(_cycle: CycleState, _pod: PodRecord, n: number): number {
    const fs = this.fs;
    const cs = fs.constraints;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const d = c.topo.domainOf[n]!;
      if (d < 0) return ERR_REASON_NODE_LABEL_NOT_MATCH;
      const counts = c.counter.count;
      const match = d < counts.length ? counts[d]! : 0;
      if (match + fs.self[i]! - fs.min[i]! > c.maxSkew) return ERR_REASON_CONSTRAINTS_NOT_MATCH;
    }
    return PASS;
  }

  /**
   * After PreFilter: when the pod's only filter constraint spreads over at most `maxDomains` domains
   * other than hostnames, its topology and the domains Filter lets through (bit d: domain d) — a node
   * passes iff it has the label and its domain's bit is set, which is what block summaries need.
   */
  domainFilter(maxDomains: number): { topo: TopologyIndex; allowed: number } | undefined {
    const fs = this.fs;
    if (fs.constraints.length !== 1) return undefined;
    const c = fs.constraints[0]!;
    const domains = c.topo.domains;
    if (c.hostname || domains > maxDomains) return undefined;
    const counts = c.counter.count;
    let allowed = 0;
    for (let d = 0; d < domains; d++) if ((d < counts.length ? counts[d]! : 0) + fs.self[0]! - fs.min[0]! <= c.maxSkew) allowed |= 1 << d;
    this.domains.topo = c.topo;
    this.domains.allowed = allowed;
    return this.domains;
  }

  private readonly domains = { topo: undefined as unknown as TopologyIndex, allowed: 0 };

  /** Per-constraint details for `--explain`: global minimum, eligible domains, and self-match. */
  describe(pod: PodRecord): { topologyKey: string; maxSkew: number; when: string; min: number; domains: number; self: boolean }[] {
    const c = compiled(this.h, pod);
    return [...c.filter, ...c.score].map((k) => ({
      topologyKey: k.topologyKey,
      maxSkew: k.maxSkew,
      when: c.declared ? k.whenUnsatisfiable : "ScheduleAnyway (system default)",
      min: k.counter.domains < k.minDomains ? 0 : k.counter.min,
      domains: k.counter.domains,
      self: k.selector.matches(pod.labels),
    }));
  }

  preScore(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number): boolean {
    const comp = compiled(this.h, pod);
    const c = comp.score;
    if (c.length === 0) return false;
    const ss = this.ss;
    const nodes = this.h.state.nodes;
    if (ss.ignored.length < nodes.cap) {
      ss.ignored = new Uint8Array(nodes.cap);
      ss.stamp = new Int32Array(nodes.cap * 2 + 16);
    }
    if (ss.weight.length < c.length) ss.weight = new Float64Array(c.length);
    ss.constraints = c;
    // Only constraints the pod declares require every topology key on a node (system defaults do not).
    let ignoredCount = 0;
    if (comp.declared) {
      for (let i = 0; i < count; i++) {
        const n = feasible[i]!;
        let ign = 0;
        for (const k of c) if (k.topo.domainOf[n]! < 0) ign = 1;
        ss.ignored[i] = ign;
        ignoredCount += ign;
      }
    } else ss.ignored.fill(0, 0, count);
    for (let ci = 0; ci < c.length; ci++) {
      const k = c[ci]!;
      let size: number;
      if (k.hostname) size = count - ignoredCount;
      else {
        ss.cycle++;
        size = 0;
        for (let i = 0; i < count; i++) {
          if (ss.ignored[i]) continue;
          const d = k.topo.domainOf[feasible[i]!]!;
          if (d < 0) continue;
          if (d >= ss.stamp.length) ss.stamp = growStamp(ss.stamp, d);
          if (ss.stamp[d] !== ss.cycle) {
            ss.stamp[d] = ss.cycle;
            if (++size === k.topo.domains) break;
          }
        }
      }
      ss.weight[ci] = Math.log(size + 2);
    }
    return true;
  }

  score(_cycle: CycleState, _pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void {
    const ss = this.ss;
    const cs = ss.constraints;
    for (let i = 0; i < count; i++) {
      if (ss.ignored[i]) {
        out[i] = -1;
        continue;
      }
      const n = feasible[i]!;
      let s = 0;
      for (let ci = 0; ci < cs.length; ci++) {
        const c = cs[ci]!;
        const d = c.topo.domainOf[n]!;
        if (d < 0) continue;
        const cnt = c.hostname ? c.mk.live[n]! : d < c.counter.count.length ? c.counter.count[d]! : 0;
        s += cnt * ss.weight[ci]! + (c.maxSkew - 1);
      }
      out[i] = Math.round(s);
    }
  }

  accumulate(cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, scratch: Float64Array, total: Float64Array, weight: number): void {
    const ss = this.ss;
    const cs = ss.constraints;
    // Fast path for one hostname and one other constraint (the system defaults, and the usual pair).
    if (cs.length !== 2 || !cs[0]!.hostname || cs[1]!.hostname) {
      this.score(cycle, pod, feasible, count, scratch);
      this.normalize(cycle, pod, count, scratch);
      for (let i = 0; i < count; i++) total[i] = total[i]! + weight * scratch[i]!;
      return;
    }
    const h = cs[0]!;
    const z = cs[1]!;
    const live = h.mk.live;
    const hostDom = h.topo.domainOf;
    const hw = ss.weight[0]!;
    const hk = h.maxSkew - 1;
    const zoneDom = z.topo.domainOf;
    const zc = z.counter.count;
    const zw = ss.weight[1]!;
    const zk = z.maxSkew - 1;
    const ignored = ss.ignored;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < count; i++) {
      if (ignored[i]) continue;
      const n = feasible[i]!;
      let v = 0;
      if (hostDom[n]! >= 0) v += live[n]! * hw + hk;
      const d = zoneDom[n]!;
      if (d >= 0) v += (d < zc.length ? zc[d]! : 0) * zw + zk;
      const r = Math.round(v);
      scratch[i] = r;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    for (let i = 0; i < count; i++) {
      if (ignored[i]) continue;
      total[i] = total[i]! + weight * (max === 0 ? 100 : Math.floor((100 * (max + min - scratch[i]!)) / max));
    }
  }

  normalize(_cycle: CycleState, _pod: PodRecord, count: number, scores: Float64Array): void {
    const ss = this.ss;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < count; i++) {
      if (ss.ignored[i]) continue;
      const s = scores[i]!;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < count; i++) {
      if (ss.ignored[i]) scores[i] = 0;
      else if (max === 0) scores[i] = 100;
      else scores[i] = Math.floor((100 * (max + min - scores[i]!)) / max);
    }
  }
}

function growStamp(a: Int32Array, d: number): Int32Array {
  const b = new Int32Array(Math.max(d + 1, a.length * 2));
  b.set(a);
  return b;
}
