/**
 * TaintToleration: a node with a NoSchedule or NoExecute taint the pod does not tolerate is
 * filtered (the first such taint is reported); PreferNoSchedule taints lower the score (scored as
 * the count of intolerable taints, normalised in reverse: fewer is better). Results are cached per
 * pod template and interned taint list, since nodes of a pool share their taints.
 * @module
 */
import { toleratesTaint, type TaintLike, type Toleration } from "../../../k8s/pod.js";
import type { CycleState, FilterPlugin, Handle, PreScorePlugin, ScorePlugin } from "../../framework/types.js";
import { Code, PASS, reason } from "../../framework/status.js";
import { defaultNormalizeScore } from "../../framework/normalize.js";
import type { ClusterState } from "../../state/cluster.js";
import { cacheSlot, type PodRecord, type Template } from "../../state/pods.js";

export const NAME = "TaintToleration";
const SLOT = cacheSlot(NAME);

/** `node(s) had untolerated taint {key: value}` (UnschedulableAndUnresolvable). */
export function untoleratedTaintReason(t: TaintLike): number {
  return reason(NAME, `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`, Code.UnschedulableAndUnresolvable);
}

/** `v1helper.FindMatchingUntoleratedTaint` with `DoNotScheduleTaintsFilterFunc`: the first NoSchedule/NoExecute taint not tolerated. */
export function firstUntolerated(taints: readonly TaintLike[], tolerations: readonly Toleration[]): TaintLike | undefined {
  for (const t of taints) {
    if (t.effect !== "NoSchedule" && t.effect !== "NoExecute") continue;
    if (!tolerations.some((tol) => toleratesTaint(tol, t))) return t;
  }
  return undefined;
}

interface Cache {
  filter: Int32Array;
  prefer: Int32Array;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  readonly static = true;
  constant: number | undefined = undefined;
  private preferEpoch = -1;
  private anyPrefer = false;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  private cache(t: Template): Cache {
    const sets = this.state.nodes.taintSets.length;
    let c = t.slots[SLOT] as Cache | undefined;
    if (!c || c.filter.length < sets) {
      const filter = new Int32Array(Math.max(8, sets * 2)).fill(-1);
      const prefer = new Int32Array(filter.length).fill(-1);
      if (c) {
        filter.set(c.filter);
        prefer.set(c.prefer);
      }
      c = { filter, prefer };
      t.slots[SLOT] = c;
    }
    return c;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    const ts = this.state.nodes.taintSet[n]!;
    if (ts === 0) return PASS;
    const c = this.cache(pod.template);
    let r = c.filter[ts]!;
    if (r < 0) {
      const bad = firstUntolerated(this.state.nodes.taintSets[ts]!, pod.template.tolerations);
      r = bad ? untoleratedTaintReason(bad) : PASS;
      c.filter[ts] = r;
    }
    return r;
  }

  /** Intolerable PreferNoSchedule taints on node `n` (tolerations with an empty effect or PreferNoSchedule count). */
  intolerable(t: Template, n: number): number {
    const ts = this.state.nodes.taintSet[n]!;
    const c = this.cache(t);
    let v = c.prefer[ts]!;
    if (v < 0) {
      const tols = t.tolerations.filter((x) => !x.effect || x.effect === "PreferNoSchedule");
      v = 0;
      for (const taint of this.state.nodes.taintSets[ts]!) if (taint.effect === "PreferNoSchedule" && !tols.some((x) => toleratesTaint(x, taint))) v++;
      c.prefer[ts] = v;
    }
    return v;
  }

  preScore(): boolean {
    const nodes = this.state.nodes;
    if (this.preferEpoch !== nodes.epoch) {
      this.anyPrefer = nodes.taintSets.some((set) => set.some((t) => t.effect === "PreferNoSchedule"));
      this.preferEpoch = nodes.epoch;
    }
    // No PreferNoSchedule taint anywhere: every node scores 0 raw, 100 reversed.
    if (!this.anyPrefer) this.constant = 100;
    return true;
  }

  score(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void {
    for (let i = 0; i < count; i++) out[i] = this.intolerable(pod.template, feasible[i]!);
  }

  normalize(_cycle: CycleState, _pod: PodRecord, count: number, scores: Float64Array): void {
    defaultNormalizeScore(100, true, scores, count);
  }
}
