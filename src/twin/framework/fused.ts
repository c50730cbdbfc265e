/**
 * Fused scoring for the dominant case: only NodeResourcesFit, BalancedAllocation and
 * PodTopologySpread's system defaults (hostname + zone) tell nodes apart — no PreferNoSchedule taint
 * anywhere, no preferred node affinity, no inter-pod terms. Then the cycle runs over block summaries
 * (block_window.ts) or, when they do not apply, node by node with Filter and scoring inputs in one
 * loop (fused_window.ts). Same arithmetic and the same tie-break draws as the plugin-by-plugin path
 * (property tests check both pick the same node); anything else takes that path.
 * @module
 */
import type { InterPodAffinity } from "../plugins/interpodaffinity/interpodaffinity.js";
import type { NodeAffinity } from "../plugins/nodeaffinity/nodeaffinity.js";
import type { NodeResourcesBalancedAllocation } from "../plugins/noderesources/balanced_allocation.js";
import type { NodeResourcesFit } from "../plugins/noderesources/fit.js";
import { ScoreCache } from "../plugins/noderesources/score_cache.js";
import { compiled } from "../plugins/podtopologyspread/constraints.js";
import type { PodTopologySpread } from "../plugins/podtopologyspread/podtopologyspread.js";
import type { TaintToleration } from "../plugins/tainttoleration/tainttoleration.js";
import type { TopologyIndex } from "../state/nodes.js";
import { cacheSlot, type PodRecord } from "../state/pods.js";
import type { Rng } from "../state/rng.js";
import { BlockStore, BLOCK, MAX_BLOCK_DOMAINS } from "./block_summaries.js";
import { ALL_SLOTS, BlockWindow } from "./block_window.js";
import { FusedCycle, type FusedWeights, type StaticFilters } from "./fused_cycle.js";
import { NodeWindow } from "./fused_window.js";
import type { CycleState, FilterPlugin, Handle } from "./types.js";
const KEY = cacheSlot("fused-key");
const KEY_B = cacheSlot("fused-key-balanced");

export interface FusedPlugins {
  TaintToleration: TaintToleration;
  NodeAffinity: NodeAffinity;
  NodeResourcesFit: NodeResourcesFit;
  PodTopologySpread: PodTopologySpread;
  InterPodAffinity: InterPodAffinity;
  NodeResourcesBalancedAllocation: NodeResourcesBalancedAllocation;
}

export class FusedScoring {
  private readonly cache: ScoreCache;
  private readonly c: FusedCycle;
  private readonly nodeWindow: NodeWindow;
  private readonly blockWindow_: BlockWindow;
  /** The block cycle's slots and allowed slots, set by `blocksApply`. */
  private blockTopo: TopologyIndex | undefined = undefined;
  private blockAllowed = 0;

  constructor(
    private readonly h: Handle,
    private readonly p: FusedPlugins,
    weights: FusedWeights,
    rng: Rng,
  ) {
    this.cache = new ScoreCache(h.state.nodes, 64);
    this.c = new FusedCycle(h.state.nodes, p.NodeResourcesFit, p.NodeResourcesBalancedAllocation, weights);
    this.nodeWindow = new NodeWindow(this.c, rng);
    this.blockWindow_ = new BlockWindow(this.c, new BlockStore(h.state.nodes), rng);
  }

  /** Whether this cycle can be fused (called after PreFilter, before Filter). */
  begin(cycle: CycleState, pod: PodRecord): boolean {
    const t = pod.template;
    if (t.preferredNode.length > 0) return false;
    this.p.TaintToleration.preScore();
    if (this.p.TaintToleration.constant === undefined) return false;
    if (this.p.InterPodAffinity.preScore(cycle, pod)) return false;
    const comp = compiled(this.h, pod);
    const sc = comp.score;
    const c = this.c;
    if (sc.length === 0) c.spread = undefined;
    else if (sc.length === 2 && sc[0]!.hostname && !sc[1]!.hostname && !comp.declared) {
      // The same pair as the last cycle (a workload's pods one after another): no new tuple per pod.
      const was = c.spread;
      if (was === undefined || was[0] !== sc[0] || was[1] !== sc[1]) c.spread = [sc[0]!, sc[1]!];
    }
    else return false;
    c.balanced = this.p.NodeResourcesBalancedAllocation.preScore(cycle, pod);
    c.pc = t.nonzeroCpu;
    c.pm = t.nonzeroMem;
    c.rc = t.requestMap["cpu"] ?? 0;
    c.rm = t.requestMap["memory"] ?? 0;
    this.nodeWindow.begin(this.h.state.nodes.cap);
    let k = t.slots[c.balanced ? KEY_B : KEY] as string | undefined;
    if (k === undefined) {
      k = `${t.nonzeroKey}|${t.requestKey}|${c.balanced ? 1 : 0}`;
      t.slots[c.balanced ? KEY_B : KEY] = k;
    }
    c.entry = this.cache.get(k);
    c.entryKey = k;
    return true;
  }

  /**
   * Whether block summaries apply to this cycle (after `begin`): a window of at least 4 blocks, and
   * besides NodeResourcesFit either no dynamic filter (then no or the system default spreading score)
   * or one DoNotSchedule spreading constraint over at most 8 domains and no spreading score.
   */
  blocksApply(L: number, extra: FilterPlugin | undefined): boolean {
    if (L < 4 * BLOCK) return false;
    const sp = this.c.spread;
    if (extra === undefined) {
      if (sp === undefined) {
        this.blockTopo = undefined;
        this.blockAllowed = 1;
        return true;
      }
      if (sp[1].topo.domains > MAX_BLOCK_DOMAINS) return false;
      this.blockTopo = sp[1].topo;
      this.blockAllowed = ALL_SLOTS;
      return true;
    }
    if (extra !== this.p.PodTopologySpread || sp !== undefined) return false;
    const f = this.p.PodTopologySpread.domainFilter(MAX_BLOCK_DOMAINS);
    if (f === undefined) return false;
    this.blockTopo = f.topo;
    this.blockAllowed = f.allowed;
    return true;
  }

  /** The cycle over block summaries: the chosen node, or -1 (no feasible node: run the node-by-node window for the reasons). */
  blockWindow(order: Int32Array, start: number, L: number, numToFind: number, sc: Int32Array, sched: StaticFilters, pod: PodRecord): number {
    return this.blockWindow_.run(order, start, L, numToFind, sc, sched, pod, this.blockTopo, this.blockAllowed);
  }

  /** Nodes Filter went through, and feasible nodes found, in the last `blockWindow`. */
  get blockProcessed(): number {
    return this.blockWindow_.processed;
  }

  get blockCount(): number {
    return this.blockWindow_.count;
  }

  /** Feasible and failed nodes of the last `window`. */
  get windowCount(): number {
    return this.nodeWindow.count;
  }

  get windowFailed(): number {
    return this.nodeWindow.failed;
  }

  /** Filter + scoring inputs node by node (see fused_window.ts); returns nodes processed. */
  window(list: Int32Array, start: number, L: number, numToFind: number, sc: Int32Array, sched: StaticFilters, pod: PodRecord, feasible: Int32Array, failNode: Int32Array, failReason: Int32Array, extra: FilterPlugin | undefined, cycle: CycleState): number {
    return this.nodeWindow.window(list, start, L, numToFind, sc, sched, pod, feasible, failNode, failReason, extra, cycle);
  }

  /** Records feasible node `n` as the `i`-th (generic Filter loop). */
  feasible(i: number, n: number): void {
    this.nodeWindow.feasible(i, n);
  }

  /** Normalise, sum and select over `count ≥ 2` feasible nodes; returns the index. */
  select(count: number, feasible?: Int32Array): number {
    return this.nodeWindow.select(count, feasible);
  }
}
