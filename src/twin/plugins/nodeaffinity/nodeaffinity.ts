/**
 * NodeAffinity: `spec.nodeSelector` AND required node affinity filter nodes; preferred terms score
 * the sum of matching weights (normalised to 0..100). Daemon pods are pinned to their node by a
 * `metadata.name` field selector, which PreFilter turns into a node-name restriction like kube's
 * PreFilterResult, so a daemon pod costs one node, not all of them.
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/types.js";
import { Code, PASS, SKIP, reason } from "../../framework/status.js";
import { defaultNormalizeScore } from "../../framework/normalize.js";
import type { ClusterState } from "../../state/cluster.js";
import { cacheSlot, type PodRecord, type Template } from "../../state/pods.js";

export const NAME = "NodeAffinity";
const SLOT = cacheSlot(NAME);
/** `ErrReasonPod`. */
export const ERR_REASON_POD = reason(NAME, "node(s) didn't match Pod's node affinity/selector", Code.UnschedulableAndUnresolvable);

interface Cache {
  epoch: number;
  /** 0 unknown, 1 match, 2 no match. */
  match: Uint8Array;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  readonly static = true;
  private readonly state: ClusterState;

  constructor(h: Handle) {
    this.state = h.state;
  }

  preFilter(cycle: CycleState, pod: PodRecord): number {
    if (pod.pinnedNode !== undefined) {
      const n = this.state.nodes.byName.get(pod.pinnedNode);
      cycle.nodeNames = n === undefined ? [] : [n];
      cycle.restrictedBy.push(NAME);
      return PASS;
    }
    return pod.template.requiredAffinity ? PASS : SKIP;
  }

  /** Whether node `n` satisfies the template's required node affinity and node selector (cached per template). */
  matches(t: Template, n: number): boolean {
    if (!t.requiredAffinity) return true;
    const nodes = this.state.nodes;
    let c = t.slots[SLOT] as Cache | undefined;
    if (!c || c.epoch !== nodes.epoch || c.match.length < nodes.cap) {
      c = { epoch: nodes.epoch, match: new Uint8Array(nodes.cap) };
      t.slots[SLOT] = c;
    }
    let m = c.match[n]!;
    if (m === 0) {
      m = t.requiredAffinity.matcher(nodes.labels[n]!, nodes.names[n]!) ? 1 : 2;
      c.match[n] = m;
    }
    return m === 1;
  }

  filter(_cycle: CycleState, pod: PodRecord, n: number): number {
    if (pod.pinnedNode !== undefined && this.state.nodes.names[n] !== pod.pinnedNode) return ERR_REASON_POD;
    return this.matches(pod.template, n) ? PASS : ERR_REASON_POD;
  }

  preScore(_cycle: CycleState, pod: PodRecord): boolean {
    return pod.template.preferredNode.length > 0;
  }

  score(_cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void {
    const nodes = this.state.nodes;
    const terms = pod.template.preferredNode;
    for (let i = 0; i < count; i++) {
      const n = feasible[i]!;
      let s = 0;
      for (const t of terms) if (t.matches(nodes.labels[n]!, nodes.names[n]!)) s += t.weight;
      out[i] = s;
    }
  }

  normalize(_cycle: CycleState, _pod: PodRecord, count: number, scores: Float64Array): void {
    defaultNormalizeScore(100, false, scores, count);
  }
}
