/**
 * InterPodAffinity. Filter, in kube-scheduler's order: the pod's required affinity (a matching pod
 * must run in the node's domain — unless no pod anywhere matches and the pod matches its own terms,
 * the first-pod exception), its required anti-affinity (no matching pod in the domain), and the
 * required anti-affinity of pods already running (symmetry: their terms also keep away pods they
 * select). Score: the pod's preferred terms, running pods' preferred terms that select it and their
 * required affinity terms (hard weight 1), summed per domain and normalised min–max.
 * Terminating pods still count here (unlike PodTopologySpread).
 * @module
 */
import type { CycleState, FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/types.js";
import { Code, PASS, SKIP, reason } from "../../framework/status.js";
import { allTermsKey, termKey } from "../../state/affinity.js";
import { TermKind, type DomainCounter, type ExistingTerm, type MatchKey } from "../../state/matching.js";
import { cacheSlot, type PodRecord, type Template } from "../../state/pods.js";

export const NAME = "InterPodAffinity";
const SLOT = cacheSlot(NAME);
/** `ErrReasonAffinityRulesNotMatch`. */
export const ERR_REASON_AFFINITY = reason(NAME, "node(s) didn't match pod affinity rules", Code.UnschedulableAndUnresolvable);
/** `ErrReasonAntiAffinityRulesNotMatch`. */
export const ERR_REASON_ANTI_AFFINITY = reason(NAME, "node(s) didn't match pod anti-affinity rules");
/** `ErrReasonExistingAntiAffinityRulesNotMatch`. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = reason(NAME, "node(s) didn't satisfy existing pods anti-affinity rules");

interface Compiled {
  /** Counters of pods matching all required affinity terms, one per term's topology key. */
  affinity: DomainCounter[];
  allKey: MatchKey | undefined;
  anti: DomainCounter[];
  preferred: { counter: DomainCounter; weight: number }[];
}

interface FilterState {
  c: Compiled;
  checkAffinity: boolean;
  affinityPodsExist: boolean;
  selfMatchesAll: boolean;
  checkAnti: boolean;
  existing: ExistingTerm[];
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private fs: FilterState | undefined;
  private scoreParts: { at: (n: number) => number; weight: number }[] = [];

  constructor(private readonly h: Handle) {}

  private compiled(t: Template): Compiled {
    let c = t.slots[SLOT] as Compiled | undefined;
    if (c) return c;
    const m = this.h.state.matching;
    const info = this.h.state.affinity[t.id]!.info;
    const topo = (k: string) => this.h.state.nodes.topology(k);
    const allKey = info.requiredAffinity.length === 0 ? undefined : info.requiredAffinity.length === 1 ? termKey(m, info.requiredAffinity[0]!) : allTermsKey(m, info.requiredAffinity);
    c = {
      affinity: allKey ? info.requiredAffinity.map((tm) => m.counter(allKey, topo(tm.topologyKey), null, true, false)) : [],
      allKey,
      anti: info.requiredAnti.map((tm) => m.counter(termKey(m, tm), topo(tm.topologyKey), null, true, false)),
      preferred: [
        ...info.preferredAffinity.map((tm) => ({ counter: m.counter(termKey(m, tm), topo(tm.topologyKey), null, true, false), weight: tm.weight })),
        ...info.preferredAnti.map((tm) => ({ counter: m.counter(termKey(m, tm), topo(tm.topologyKey), null, true, false), weight: -tm.weight })),
      ],
    };
    t.slots[SLOT] = c;
    return c;
  }

  preFilter(_cycle: CycleState, pod: PodRecord): number {
    const t = pod.template;
    const m = this.h.state.matching;
    const kind = m.termsFor(m.kinds[pod.kind]!);
    const any = this.h.state.affinity[t.id]!.any;
    let live = false;
    for (const x of kind.antiTerms) if (x.total > 0) live = true;
    if (!any && !live) return SKIP;
    const existing = kind.antiTerms.filter((x) => x.total > 0);
    const c = this.compiled(t);
    const info = this.h.state.affinity[t.id]!.info;
    const allKey = c.allKey;
    this.fs = {
      c,
      checkAffinity: c.affinity.length > 0,
      affinityPodsExist: allKey ? allKey.liveTotal + allKey.termTotal > 0 : false,
      selfMatchesAll: info.requiredAffinity.every((tm) => m.conjMatches([tm.conj], pod.labels, pod.namespace)),
      checkAnti: c.anti.some((x) => x.mk.liveTotal + x.mk.termTotal > 0),
      existing,
    };
    return PASS;
  }

  filter(_cycle: CycleState, _pod: PodRecord, n: number): number {
    const fs = this.fs!;
    if (fs.checkAffinity) {
      let exist = true;
      for (const ctr of fs.c.affinity) {
        const d = ctr.topo.domainOf[n]!;
        if (d < 0) return ERR_REASON_AFFINITY;
        if ((d < ctr.count.length ? ctr.count[d]! : 0) <= 0) exist = false;
      }
      if (!exist && !(!fs.affinityPodsExist && fs.selfMatchesAll)) return ERR_REASON_AFFINITY;
    }
    if (fs.checkAnti) {
      for (const ctr of fs.c.anti) {
        const d = ctr.topo.domainOf[n]!;
        if (d >= 0 && d < ctr.count.length && ctr.count[d]! > 0) return ERR_REASON_ANTI_AFFINITY;
      }
    }
    for (const t of fs.existing) if (t.at(n) > 0) return ERR_REASON_EXISTING_ANTI_AFFINITY;
    return PASS;
  }

  preScore(_cycle: CycleState, pod: PodRecord): boolean {
    const m = this.h.state.matching;
    const kind = m.termsFor(m.kinds[pod.kind]!);
    if (!this.h.state.affinity[pod.template.id]!.any && kind.scoreTerms.length === 0) return false;
    const parts: { at: (n: number) => number; weight: number }[] = [];
    if (this.h.state.affinity[pod.template.id]!.any) {
      for (const p of this.compiled(pod.template).preferred) {
        const ctr = p.counter;
        if (ctr.mk.liveTotal + ctr.mk.termTotal === 0) continue;
        parts.push({ at: (n) => { const d = ctr.topo.domainOf[n]!; return d < 0 || d >= ctr.count.length ? 0 : ctr.count[d]!; }, weight: p.weight });
      }
    }
    for (const t of kind.scoreTerms) {
      if (t.total === 0) continue;
      const w = t.kind === TermKind.PreferredAnti ? -t.weight : t.weight;
      parts.push({ at: (n) => t.at(n), weight: w });
    }
    this.scoreParts = parts;
    return parts.length > 0;
  }

  score(_cycle: CycleState, _pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void {
    const parts = this.scoreParts;
    for (let i = 0; i < count; i++) {
      const n = feasible[i]!;
      let s = 0;
      for (const p of parts) s += p.weight * p.at(n);
      out[i] = s;
    }
  }

  normalize(_cycle: CycleState, _pod: PodRecord, count: number, scores: Float64Array): void {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      if (scores[i]! > max) max = scores[i]!;
      if (scores[i]! < min) min = scores[i]!;
    }
    const diff = max - min;
    for (let i = 0; i < count; i++) scores[i] = diff > 0 ? Math.trunc((100 * (scores[i]! - min)) / diff) : 0;
  }
}
