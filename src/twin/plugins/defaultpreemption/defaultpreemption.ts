/**
 * DefaultPreemption (PostFilter): when no node fits, look for a node where evicting pods of lower
 * priority makes room. Nodes rejected as UnschedulableAndUnresolvable cannot help. Candidates come
 * from a dry run starting at a random offset (at least 100 nodes or 10 %); on each node all lower-
 * priority pods are removed, then reprieved one by one (PDB-protected first, most important first)
 * while the pod still fits. The best candidate has the fewest PDB violations, then the lowest
 * highest victim priority, the lowest priority sum, the fewest victims, the latest-started highest
 * victim. Without a candidate, the message says why per node, as kube-scheduler's does.
 * @module
 */
import { fitErrorMessage, PASS, reason, reasonOf, Code } from "../../framework/status.js";
import type { Scheduler } from "../../framework/scheduler.js";
import type { ClusterState } from "../../state/cluster.js";
import type { PodRecord } from "../../state/pods.js";
import type { Rng } from "../../state/rng.js";

export const NAME = "DefaultPreemption";
export const NO_VICTIMS = reason(NAME, "No preemption victims found for incoming pod", Code.UnschedulableAndUnresolvable);
export const NOT_HELPFUL = reason(NAME, "Preemption is not helpful for scheduling", Code.UnschedulableAndUnresolvable);
/** `MinCandidateNodesPercentage` and `MinCandidateNodesAbsolute` defaults. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** A PodDisruptionBudget as preemption sees it. */
export interface Budget {
  namespace: string;
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** Disruptions allowed now (status.disruptionsAllowed). */
  allowed(state: ClusterState): number;
}

export type PreemptionResult = { node: number; victims: PodRecord[] } | { node: -1; message: string };

interface Candidate {
  node: number;
  victims: PodRecord[];
  violations: number;
}

export function calculateNumCandidates(numNodes: number): number {
  let n = Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
  if (n < MIN_CANDIDATE_NODES_ABSOLUTE) n = MIN_CANDIDATE_NODES_ABSOLUTE;
  return n > numNodes ? numNodes : n;
}

export class DefaultPreemption {
  readonly name = NAME;

  constructor(
    private readonly state: ClusterState,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly budgets: () => readonly Budget[],
  ) {}

  postFilter(pod: PodRecord, statuses: ReadonlyMap<number, number>): PreemptionResult {
    const t = pod.template;
    if (t.preemptionPolicy === "Never") return { node: -1, message: "preemption: not eligible due to preemptionPolicy=Never." };
    const nodes = this.state.nodes;
    const all = nodes.order;
    const potential: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const r = statuses.get(all[i]!);
      if (r !== undefined && reasonOf(r).code === Code.Unschedulable) potential.push(all[i]!);
    }
    const evaluated = new Map<number, number>();
    const candidates: Candidate[] = [];
    if (potential.length > 0) {
      const offset = this.rng.intn(potential.length);
      const want = calculateNumCandidates(potential.length);
      for (let i = 0; i < potential.length && candidates.length < want; i++) {
        const n = potential[(offset + i) % potential.length]!;
        const c = this.selectVictimsOnNode(pod, n);
        if (typeof c === "number") evaluated.set(n, c);
        else candidates.push(c);
      }
    }
    if (candidates.length === 0) {
      const counts = new Map<string, number>();
      for (let i = 0; i < all.length; i++) {
        const r = evaluated.get(all[i]!) ?? NOT_HELPFUL;
        for (const text of reasonOf(r).texts) counts.set(text, (counts.get(text) ?? 0) + 1);
      }
      return { node: -1, message: `preemption: ${fitErrorMessage(all.length, counts)}` };
    }
    const best = pickOne(candidates);
    return { node: best.node, victims: best.victims };
  }

  /** Victims on node `n`, or the reason id why preempting there does not help. */
  private selectVictimsOnNode(pod: PodRecord, n: number): Candidate | number {
    const st = this.state;
    const prio = pod.template.priority;
    const lower = st.nodes.podsOn[n]!.map((id) => st.pods[id]!).filter((p) => p.template.priority < prio);
    if (lower.length === 0) return NO_VICTIMS;
    const mark = st.mark();
    try {
      for (const p of lower) st.unbind(p);
      if (this.scheduler.preFilter(pod) !== PASS) return NOT_HELPFUL;
      const r = this.scheduler.filterNode(pod, n);
      if (r !== PASS) return r;
      // More important first: higher priority, then earlier start.
      lower.sort((a, b) => b.template.priority - a.template.priority || a.seq - b.seq);
      const budgets = this.budgets().map((b) => ({ b, left: b.allowed(st) }));
      const violating: PodRecord[] = [];
      const nonViolating: PodRecord[] = [];
      for (const p of lower) {
        let violates = false;
        for (const x of budgets) {
          if (x.b.namespace !== p.namespace || !x.b.matches(p.labels)) continue;
          x.left--;
          if (x.left < 0) violates = true;
        }
        (violates ? violating : nonViolating).push(p);
      }
      const victims: PodRecord[] = [];
      let violations = 0;
      const reprieve = (p: PodRecord): boolean => {
        st.bind(p, n);
        const fits = this.scheduler.preFilter(pod) === PASS && this.scheduler.filterNode(pod, n) === PASS;
        if (!fits) {
          st.unbind(p);
          victims.push(p);
        }
        return fits;
      };
      for (const p of violating) if (!reprieve(p)) violations++;
      for (const p of nonViolating) reprieve(p);
      return { node: n, victims, violations };
    } finally {
      st.rewind(mark);
      st.release();
    }
  }
}

function pickOne(cands: Candidate[]): Candidate {
  const OFFSET = 2147483648;
  const highest = (c: Candidate) => Math.max(...c.victims.map((v) => v.template.priority));
  const sum = (c: Candidate) => c.victims.reduce((s, v) => s + v.template.priority + OFFSET, 0);
  const latestStart = (c: Candidate) => {
    const h = highest(c);
    return Math.min(...c.victims.filter((v) => v.template.priority === h).map((v) => v.seq));
  };
  const steps: ((c: Candidate) => number)[] = [(c) => c.violations, highest, sum, (c) => c.victims.length, (c) => -latestStart(c)];
  let list = cands;
  for (const f of steps) {
    const best = Math.min(...list.map(f));
    list = list.filter((c) => f(c) === best);
    if (list.length === 1) break;
  }
  return list[0]!;
}
