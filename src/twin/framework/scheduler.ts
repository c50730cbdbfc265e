/**
 * One scheduling cycle, as `schedule_one.go` runs it: PreFilter; Filter over the nodes starting at
 * the rotating `nextStartNodeIndex` until `numFeasibleNodesToFind` feasible nodes are found
 * (percentageOfNodesToScore); PostFilter (preemption) when none is; PreScore, Score, NormalizeScore
 * and the weighted sum over the feasible nodes; the highest total wins, ties broken by reservoir
 * sampling with the seeded random source (`selectHost`).
 * @module
 */
import { cacheSlot, type PodRecord, type PendingInfo } from "../state/pods.js";
import type { Rng } from "../state/rng.js";
import { Code, fitErrorMessage, PASS, reason, reasonOf, SKIP } from "./status.js";
import type { FusedScoring } from "./fused.js";
import { selectHost } from "./select.js";
import type { NodeResourcesFit } from "../plugins/noderesources/fit.js";
import { CycleState, type BindPlugin, type FilterPlugin, type Handle, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "./types.js";
const STATIC_SLOT = cacheSlot("static-filters");

/** `minFeasibleNodesToFind`. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** `minFeasibleNodesPercentageToFind`. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * `numFeasibleNodesToFind`: all nodes below 100; else `percentage` of them (adaptive when 0:
 * 50 − nodes/125, at least 5 %), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface PluginSet {
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  preScore: PreScorePlugin[];
  score: { plugin: ScorePlugin; weight: number }[];
  bind: BindPlugin[];
}

/** What a cycle saw, for `--explain` (kube-scheduler-simulator style). */
export interface CycleRecord {
  numAllNodes: number;
  numToFind: number;
  startIndex: number;
  preFilter: { plugin: string; result: "pass" | "skip" | string }[];
  /** Nodes in evaluation order with the reason id that rejected them (0 = feasible). */
  evaluated: { node: number; reason: number }[];
  feasible: number[];
  scores: { plugin: string; weight: number; raw: number[]; normalized: number[] }[];
  skippedScore: string[];
  totals: number[];
  selected: number;
}

export type Outcome =
  | { ok: true; node: number; feasible: number; evaluated: number }
  | { ok: false; node: -1; pending: PendingInfo; /** Filter status per node id (reason id), for PostFilter. */ statuses: Map<number, number>; preFilterRejected: boolean };

const EMPTY_STATUSES = new Map<number, number>();

/** Nodes outside a PreFilterResult (`SetAbsentNodesStatus`). */
function absentReason(plugins: string[]): number {
  return reason(plugins.join(","), `node(s) didn't satisfy plugin(s) [${plugins.join(" ")}]`, Code.UnschedulableAndUnresolvable);
}

export class Scheduler {
  nextStartNodeIndex = 0;
  private feasible = new Int32Array(16);
  private failNode = new Int32Array(16);
  private failReason = new Int32Array(16);
  private readonly hasPreFilter: boolean[];
  private bufs: Float64Array[] = [];
  private total = new Float64Array(16);
  private active: FilterPlugin[] = [];
  /** Active filters after the cached static prefix. */
  private dynamic: FilterPlugin[] = [];
  private staticCount = 0;
  readonly cycle = new CycleState();

  constructor(
    private readonly h: Handle,
    readonly plugins: PluginSet,
    private readonly rng: Rng,
    readonly percentageOfNodesToScore = 0,
    /** Fused scoring for the common plugin combination (see fused.ts); undefined disables it. */
    private readonly fused?: FusedScoring,
    /** NodeResourcesFit, for the fused hot path. */
    private readonly fit?: NodeResourcesFit,
  ) {
    this.hasPreFilter = plugins.filter.map((f) => plugins.preFilter.includes(f as unknown as PreFilterPlugin));
  }

  private ensure(cap: number): void {
    if (this.feasible.length >= cap) return;
    this.feasible = new Int32Array(cap);
    this.failNode = new Int32Array(cap);
    this.failReason = new Int32Array(cap);
    this.total = new Float64Array(cap);
    this.bufs = this.plugins.score.map(() => new Float64Array(cap));
  }

  /** Runs PreFilter; returns the rejecting reason id, or PASS with the active filter plugins set. */
  preFilter(pod: PodRecord, rec?: CycleRecord): number {
    const cycle = this.cycle;
    cycle.reset();
    const filters = this.plugins.filter;
    let mask = 0;
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i]!;
      const r = this.hasPreFilter[i] ? (f as unknown as PreFilterPlugin).preFilter(cycle, pod) : PASS;
      if (rec) rec.preFilter.push({ plugin: f.name, result: r === PASS ? "pass" : r === SKIP ? "skip" : reasonOf(r).texts.join(", ") });
      if (r === SKIP) continue;
      if (r !== PASS) {
        this.setActive(mask);
        return r;
      }
      mask |= 1 << i;
    }
    this.setActive(mask);
    return PASS;
  }

  /** Active filters of each combination seen (by bit mask of filter plugins), so a cycle allocates nothing. */
  private readonly activeSets = new Map<number, { active: FilterPlugin[]; dynamic: FilterPlugin[]; staticCount: number }>();

  private setActive(mask: number): void {
    let a = this.activeSets.get(mask);
    if (!a) {
      const active = this.plugins.filter.filter((_, i) => (mask >> i) & 1);
      let k = 0;
      while (k < active.length && active[k]!.static) k++;
      a = { active, dynamic: active.slice(k), staticCount: k };
      this.activeSets.set(mask, a);
    }
    this.active = a.active;
    this.dynamic = a.dynamic;
    this.staticCount = a.staticCount;
  }

  /** The static filters (a prefix of the active ones) on node `n`: the first failure, or PASS. */
  staticFilter(pod: PodRecord, n: number): number {
    const active = this.active;
    for (let f = 0; f < this.staticCount; f++) {
      const r = active[f]!.filter(this.cycle, pod, n);
      if (r !== PASS) return r;
    }
    return PASS;
  }

  /** The per-template cache of the static filters' first failure per node (-1 unknown). */
  private staticCache(pod: PodRecord): Int32Array | undefined {
    if (this.staticCount === 0 || pod.pinnedNode !== undefined) return undefined;
    const nodes = this.h.state.nodes;
    const t = pod.template;
    // Templates with the same tolerations, node affinity and nodeName get the same static results: one cache for all of them.
    let sig = t.slots[STATIC_SLOT] as string | undefined;
    if (sig === undefined) {
      sig = `${JSON.stringify(t.tolerations)}|${t.requiredAffinity?.key ?? ""}|${t.nodeName ?? ""}|${this.staticCount}`;
      t.slots[STATIC_SLOT] = sig;
    }
    let c = this.staticCaches.get(sig);
    if (!c || c.epoch !== nodes.epoch || c.r.length < nodes.cap) {
      c = { epoch: nodes.epoch, r: new Int32Array(nodes.cap).fill(-1), seen: nodes.changes.length };
      this.staticCaches.set(sig, c);
    } else if (c.seen !== nodes.changes.length) {
      // Single-node changes since: only those nodes are looked at again.
      const ch = nodes.changes;
      for (let i = c.seen; i < ch.length; i++) c.r[ch[i]!] = -1;
      c.seen = ch.length;
    }
    return c.r;
  }

  private readonly staticCaches = new Map<string, { epoch: number; r: Int32Array; seen: number }>();

  /** Runs the active filter plugins on one node (after `preFilter`). */
  filterNode(pod: PodRecord, n: number): number {
    const fs = this.active;
    for (let f = 0; f < fs.length; f++) {
      const r = fs[f]!.filter(this.cycle, pod, n);
      if (r !== PASS) return r;
    }
    return PASS;
  }

  /** Every filter plugin on one node (explain): reason id per plugin name, "skip" for plugins PreFilter skipped. */
  filterAll(pod: PodRecord, n: number): { plugin: string; reason: number | "skip" }[] {
    return this.plugins.filter.map((f) => (this.active.includes(f) ? { plugin: f.name, reason: f.filter(this.cycle, pod, n) } : { plugin: f.name, reason: "skip" as const }));
  }

  /** One scheduling cycle without binding. */
  schedule(pod: PodRecord, rec?: CycleRecord): Outcome {
    const nodes = this.h.state.nodes;
    const all = nodes.order;
    const numAll = all.length;
    this.ensure(nodes.cap);
    let statuses: Map<number, number> = EMPTY_STATUSES;
    if (rec) rec.numAllNodes = numAll;
    const pre = this.preFilter(pod, rec);
    if (pre !== PASS) {
      statuses = new Map();
      for (let i = 0; i < numAll; i++) statuses.set(all[i]!, pre);
      const r = reasonOf(pre);
      return { ok: false, node: -1, statuses, preFilterRejected: true, pending: { kind: "Unschedulable", message: numAll === 0 ? "no nodes available to schedule pods" : fitErrorMessage(numAll, new Map(), r.texts.join(", ")), reasons: Object.fromEntries(r.texts.map((t) => [t, numAll])), plugins: [r.plugin] } };
    }
    if (numAll === 0) return { ok: false, node: -1, statuses, preFilterRejected: false, pending: { kind: "Unschedulable", message: "no nodes available to schedule pods", reasons: {}, plugins: [] } };
    const restricted = this.cycle.nodeNames;
    const list = restricted ?? all;
    const L = list.length;
    const numToFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, L);
    const start = L === 0 ? 0 : this.nextStartNodeIndex % L;
    if (rec) {
      rec.numToFind = numToFind;
      rec.startIndex = start;
    }
    const feasible = this.feasible;
    let count = 0;
    let processed = 0;
    const active = this.active;
    const ns = this.staticCount;
    const dyn = this.dynamic;
    const nd = dyn.length;
    const d0 = dyn[0];
    const cycle = this.cycle;
    const sc = this.staticCache(pod);
    const fused = !rec && this.fused !== undefined && this.fused.begin(this.cycle, pod) ? this.fused : undefined;
    let failed = 0;
    let fusedWindow = false;
    const fusedFit = fused !== undefined && sc !== undefined && !restricted && (nd === 1 || nd === 2) && this.fit !== undefined && d0 === this.fit && this.fit.simple();
    if (fusedFit && fused!.blocksApply(L, nd === 2 ? dyn[1] : undefined)) {
      // Block summaries: the cycle without visiting every node of the window (see block_window.ts).
      const n = fused!.blockWindow(all, start, L, numToFind, sc!, this, pod);
      if (n >= 0) {
        this.nextStartNodeIndex = (this.nextStartNodeIndex + fused!.blockProcessed) % numAll;
        return this.success(n, fused!.blockCount, fused!.blockProcessed);
      }
      // No feasible node: the node-by-node window below gives the exact reasons.
    }
    if (fusedFit) {
      // The hot path: resources inline, at most one more dynamic filter, scoring inputs collected on the way.
      processed = fused!.window(all, start, L, numToFind, sc!, this, pod, feasible, this.failNode, this.failReason, nd === 2 ? dyn[1] : undefined, cycle);
      count = fused!.windowCount;
      failed = fused!.windowFailed;
      fusedWindow = true;
    } else {
      for (let i = 0; i < L; i++) {
        let idx = start + i;
        if (idx >= L) idx -= L;
        const n = list[idx]!;
        let r = sc ? sc[n]! : -1;
        if (r < 0) {
          r = this.staticFilter(pod, n);
          if (sc) sc[n] = r;
        }
        if (r === PASS && nd > 0) {
          r = d0!.filter(cycle, pod, n);
          for (let f = 1; f < nd && r === PASS; f++) r = dyn[f]!.filter(cycle, pod, n);
        }
        processed = i + 1;
        if (rec) rec.evaluated.push({ node: n, reason: r });
        if (r === PASS) {
          if (fused) fused.feasible(count, n);
          feasible[count++] = n;
          if (count >= numToFind) break;
        } else {
          this.failNode[failed] = n;
          this.failReason[failed++] = r;
        }
      }
    }
    this.nextStartNodeIndex = numAll === 0 ? 0 : (this.nextStartNodeIndex + processed) % numAll;
    if (count === 0) {
      statuses = new Map();
      for (let i = 0; i < failed; i++) statuses.set(this.failNode[i]!, this.failReason[i]!);
      if (restricted) {
        const absent = absentReason(this.cycle.restrictedBy);
        const inList = new Set(list);
        for (let i = 0; i < numAll; i++) if (!inList.has(all[i]!)) statuses.set(all[i]!, absent);
      }
      return { ok: false, node: -1, statuses, preFilterRejected: false, pending: this.fitError(numAll, statuses) };
    }
    if (rec) rec.feasible = Array.from(feasible.subarray(0, count));
    if (count === 1) {
      if (rec) rec.selected = feasible[0]!;
      return this.success(feasible[0]!, 1, processed);
    }
    const node = fused ? feasible[fused.select(count, fusedWindow ? feasible : undefined)]! : this.prioritize(pod, feasible, count, rec);
    return this.success(node, count, processed);
  }

  /** The success outcome, one reused object (callers read it at once). */
  private readonly ok = { ok: true as const, node: 0, feasible: 0, evaluated: 0 };

  private success(node: number, feasible: number, evaluated: number): Outcome {
    const o = this.ok;
    o.node = node;
    o.feasible = feasible;
    o.evaluated = evaluated;
    return o;
  }

  private prioritize(pod: PodRecord, feasible: Int32Array, count: number, rec?: CycleRecord): number {
    const total = this.total;
    total.fill(0, 0, count);
    const cycle = this.cycle;
    const score = this.plugins.score;
    for (let s = 0; s < score.length; s++) {
      const { plugin, weight } = score[s]!;
      const pre = plugin as unknown as PreScorePlugin;
      plugin.constant = undefined;
      if (typeof pre.preScore === "function" && !pre.preScore(cycle, pod, feasible, count)) {
        rec?.skippedScore.push(plugin.name);
        continue;
      }
      const buf = this.bufs[s]!;
      const k = plugin.constant;
      if (k !== undefined) {
        // Same normalised score on every node: no effect on the choice; added only where totals are shown.
        if (rec) {
          const add = weight * k;
          for (let i = 0; i < count; i++) total[i] = total[i]! + add;
          rec.scores.push({ plugin: plugin.name, weight, raw: new Array<number>(count).fill(Number.NaN), normalized: new Array<number>(count).fill(k) });
        }
        continue;
      }
      if (!rec && plugin.accumulate) {
        plugin.accumulate(cycle, pod, feasible, count, buf, total, weight);
        continue;
      }
      plugin.score(cycle, pod, feasible, count, buf);
      const raw = rec ? Array.from(buf.subarray(0, count)) : [];
      plugin.normalize?.(cycle, pod, count, buf);
      for (let i = 0; i < count; i++) total[i] = total[i]! + weight * buf[i]!;
      rec?.scores.push({ plugin: plugin.name, weight, raw, normalized: Array.from(buf.subarray(0, count)) });
    }
    const sel = selectHost(total, count, this.rng);
    if (rec) {
      rec.totals = Array.from(total.subarray(0, count));
      rec.selected = feasible[sel]!;
    }
    return feasible[sel]!;
  }

  /** The FitError of a cycle that found no feasible node. */
  fitError(numAll: number, statuses: ReadonlyMap<number, number>): PendingInfo {
    const counts = new Map<string, number>();
    const plugins = new Set<string>();
    for (const r of statuses.values()) {
      const reasonInfo = reasonOf(r);
      plugins.add(reasonInfo.plugin);
      for (const t of reasonInfo.texts) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    return { kind: "Unschedulable", message: fitErrorMessage(numAll, counts), reasons: Object.fromEntries(counts), plugins: [...plugins].sort() };
  }

  /** Reserve / PreBind work of plugins after the pod was bound. */
  bound(pod: PodRecord, n: number): void {
    for (const b of this.plugins.bind) b.bound(pod, n);
  }
}

export function emptyRecord(): CycleRecord {
  return { numAllNodes: 0, numToFind: 0, startIndex: 0, preFilter: [], evaluated: [], feasible: [], scores: [], skippedScore: [], totals: [], selected: -1 };
}
