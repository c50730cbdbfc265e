/**
 * Topology spread constraints of a pod template, compiled once: selector with `matchLabelKeys`
 * merged in, defaults (minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore), the match
 * key that counts selected pods in the pod's namespace, and the domain counter over the nodes the
 * constraint counts. Pods without constraints that belong to a Service, ReplicaSet, StatefulSet or
 * ReplicationController get the system defaults: hostname maxSkew 3 and zone maxSkew 5, both
 * ScheduleAnyway.
 * @module
 */
import { field } from "../../../k8s/object.js";
import { arrayOf } from "../../../k8s/pod.js";
import { compileSelector, type LabelSelector, type Selector } from "../../../k8s/selector.js";
import type { Handle } from "../../framework/types.js";
import { conjunctName } from "../../state/affinity.js";
import type { DomainCounter, MatchKey } from "../../state/matching.js";
import { LABEL_HOSTNAME, LABEL_ZONE, type TopologyIndex } from "../../state/nodes.js";
import { cacheSlot, type PodRecord, type Template } from "../../state/pods.js";
import { firstUntolerated } from "../tainttoleration/tainttoleration.js";

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  topo: TopologyIndex;
  hostname: boolean;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  minDomains: number;
  nodeAffinityPolicy: "Honor" | "Ignore";
  nodeTaintsPolicy: "Honor" | "Ignore";
  selector: Selector;
  mk: MatchKey;
  counter: DomainCounter;
}

export interface Compiled {
  filter: Constraint[];
  score: Constraint[];
  /** The pod declares constraints (else the score constraints are the system defaults). */
  declared: boolean;
}

const KEY = "PodTopologySpread";
const SLOT = cacheSlot(KEY);

/** System default constraints (`DefaultingType: System`). */
export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_ZONE, maxSkew: 5 },
] as const;

/** The template's compiled constraints (cached). */
export function compiled(h: Handle, pod: PodRecord): Compiled {
  const t = pod.template;
  let c = t.slots[SLOT] as Compiled | undefined;
  if (!c) {
    c = compile(h, pod);
    t.slots[SLOT] = c;
  }
  return c;
}

function compile(h: Handle, pod: PodRecord): Compiled {
  const t = pod.template;
  const raw = arrayOf(t.spec["topologySpreadConstraints"]);
  const m = h.state.matching;
  const ns = { all: false, names: new Set([t.namespace]) };
  const build = (
    specs: { maxSkew: number; topologyKey: string; when: Constraint["whenUnsatisfiable"]; minDomains: number; aff: Constraint["nodeAffinityPolicy"]; taints: Constraint["nodeTaintsPolicy"]; selector: Selector; name: string }[],
    requireAll: boolean,
    trackMin: boolean,
  ): Constraint[] =>
    specs.map((s) => {
      const selector = s.selector;
      const mk = m.key(s.name, [{ selector, ns }]);
      const topo = h.state.nodes.topology(s.topologyKey);
      const keys = requireAll ? [...new Set(specs.map((x) => x.topologyKey))].map((k) => h.state.nodes.topology(k)) : [];
      const cls = nodeClass(h, t, s.aff, s.taints, keys);
      const c = {
        maxSkew: s.maxSkew,
        topologyKey: s.topologyKey,
        topo,
        hostname: s.topologyKey === LABEL_HOSTNAME,
        whenUnsatisfiable: s.when,
        minDomains: s.minDomains,
        nodeAffinityPolicy: s.aff,
        nodeTaintsPolicy: s.taints,
        selector,
        mk,
      } as Constraint;
      // Scoring a hostname constraint reads the node's own count (mk.live): its domain counter is only built if asked for (explain).
      if (!trackMin && c.hostname) {
        let lazy: DomainCounter | undefined;
        Object.defineProperty(c, "counter", { get: () => (lazy ??= m.counter(mk, topo, cls, false, false)), enumerable: true });
      } else c.counter = m.counter(mk, topo, cls, false, trackMin);
      return c;
    });
  if (raw.length > 0) {
    const parsed = raw.map((r) => {
      const sel = (field(r, "labelSelector") ?? null) as LabelSelector | null;
      const merged: LabelSelector | null = sel ? { ...sel, matchExpressions: [...(sel.matchExpressions ?? [])] } : null;
      // matchLabelKeys: the pod's own values for these keys are ANDed into the selector.
      for (const k of arrayOf(field(r, "matchLabelKeys")).map(String)) {
        const v = t.labels[k];
        if (merged && v !== undefined) merged.matchExpressions!.push({ key: k, operator: "In", values: [v] });
      }
      const when = field(r, "whenUnsatisfiable") === "ScheduleAnyway" ? "ScheduleAnyway" : "DoNotSchedule";
      const md = field(r, "minDomains");
      return {
        maxSkew: Number(field(r, "maxSkew") ?? 1),
        topologyKey: String(field(r, "topologyKey") ?? ""),
        when: when as Constraint["whenUnsatisfiable"],
        minDomains: when === "DoNotSchedule" && typeof md === "number" ? md : 1,
        aff: (field(r, "nodeAffinityPolicy") === "Ignore" ? "Ignore" : "Honor") as Constraint["nodeAffinityPolicy"],
        taints: (field(r, "nodeTaintsPolicy") === "Honor" ? "Honor" : "Ignore") as Constraint["nodeTaintsPolicy"],
        selector: compileSelector(merged),
        name: conjunctName(merged, ns),
      };
    });
    return {
      filter: build(parsed.filter((p) => p.when === "DoNotSchedule"), true, true),
      score: build(parsed.filter((p) => p.when === "ScheduleAnyway"), true, false),
      declared: true,
    };
  }
  const def = h.defaultSelectors.forPod(pod);
  if (!def) return { filter: [], score: [], declared: false };
  const selector = def.selector;
  const score = build(
    SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({
      maxSkew: d.maxSkew,
      topologyKey: d.topologyKey,
      when: "ScheduleAnyway" as const,
      minDomains: 1,
      aff: "Honor" as const,
      taints: "Ignore" as const,
      selector,
      name: `${def.name}@${t.namespace}`,
    })),
    false,
    false,
  );
  return { filter: [], score, declared: false };
}

/** The nodes a constraint counts: inclusion policies and the topology keys every counted node must carry. */
function nodeClass(h: Handle, t: Template, aff: "Honor" | "Ignore", taints: "Honor" | "Ignore", keys: TopologyIndex[]) {
  const nodes = h.state.nodes;
  const affinity = aff === "Honor" ? t.requiredAffinity : undefined;
  const tolerations = taints === "Honor" ? t.tolerations : undefined;
  const name = `spread|${affinity?.key ?? ""}|${tolerations ? JSON.stringify(tolerations) : "-"}|${keys.map((k) => k.key).join(",")}`;
  return h.state.matching.nodeClass(name, (n) => {
    for (const k of keys) if (k.domainOf[n]! < 0) return false;
    if (affinity && !affinity.matcher(nodes.labels[n]!, nodes.names[n]!)) return false;
    if (tolerations && firstUntolerated(nodes.taints[n]!, tolerations)) return false;
    return true;
  });
}
