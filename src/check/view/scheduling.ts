/**
 * The scheduling constraints of a pod template, parsed once with their paths: topology spread
 * constraints and inter-pod (anti-)affinity terms. Semantics follow kube-scheduler
 * (../shared/knowledge/scheduling.md): spread `whenUnsatisfiable` defaults to DoNotSchedule,
 * `minDomains` to 1, `nodeTaintsPolicy` to Ignore and `nodeAffinityPolicy` to Honor; `matchLabelKeys`
 * add the pod's own values to the selector.
 * @module
 */
import { compileSelector, type LabelSelector, type Selector } from "../../k8s/selector.js";
import type { PathSegment } from "../../model/diagnostics.js";
import type { Node } from "../../model/fleet.js";
import type { Workload } from "./workloads.js";
import { toleratesNode } from "./nodes.js";
import type { Topology } from "./topology.js";

export interface SpreadConstraint {
  index: number;
  path: PathSegment[];
  topologyKey: string;
  maxSkew: number;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  minDomains?: number;
  nodeTaintsPolicy: "Honor" | "Ignore";
  nodeAffinityPolicy: "Honor" | "Ignore";
  /** The selector as written (null selects nothing). */
  selector: Selector;
  labelSelector: LabelSelector | null;
  matchLabelKeys: string[];
}

export interface AffinityTerm {
  kind: "affinity" | "antiAffinity";
  required: boolean;
  /** Weight of a preferred term (1–100). */
  weight?: number;
  path: PathSegment[];
  topologyKey: string;
  selector: Selector;
  labelSelector: LabelSelector | null;
  /** True when the term looks beyond the pod's namespace (namespaces or namespaceSelector). */
  crossNamespace: boolean;
}

// Several rules ask for the same workload's constraints: parse (and compile selectors) once.
const spreadCache = new WeakMap<Workload, SpreadConstraint[]>();
const affinityCache = new WeakMap<Workload, AffinityTerm[]>();

export function spreadConstraints(w: Workload): SpreadConstraint[] {
  let hit = spreadCache.get(w);
  if (!hit) spreadCache.set(w, (hit = parseSpread(w)));
  return hit;
}

export function affinityTerms(w: Workload): AffinityTerm[] {
  let hit = affinityCache.get(w);
  if (!hit) affinityCache.set(w, (hit = parseAffinity(w)));
  return hit;
}

function parseSpread(w: Workload): SpreadConstraint[] {
  const list = w.template.spec["topologySpreadConstraints"];
  if (!Array.isArray(list)) return [];
  const out: SpreadConstraint[] = [];
  list.forEach((raw, index) => {
    if (!raw || typeof raw !== "object") return;
    const c = raw as Record<string, unknown>;
    const labelSelector = (c["labelSelector"] ?? null) as LabelSelector | null;
    out.push({
      index,
      path: [...w.podSpecPath, "topologySpreadConstraints", index],
      topologyKey: String(c["topologyKey"] ?? ""),
      maxSkew: typeof c["maxSkew"] === "number" ? c["maxSkew"] : 1,
      whenUnsatisfiable: c["whenUnsatisfiable"] === "ScheduleAnyway" ? "ScheduleAnyway" : "DoNotSchedule",
      minDomains: typeof c["minDomains"] === "number" ? c["minDomains"] : undefined,
      nodeTaintsPolicy: c["nodeTaintsPolicy"] === "Honor" ? "Honor" : "Ignore",
      nodeAffinityPolicy: c["nodeAffinityPolicy"] === "Ignore" ? "Ignore" : "Honor",
      selector: compileSelector(labelSelector),
      labelSelector,
      matchLabelKeys: Array.isArray(c["matchLabelKeys"]) ? (c["matchLabelKeys"] as unknown[]).map(String) : [],
    });
  });
  return out;
}

function parseAffinity(w: Workload): AffinityTerm[] {
  const affinity = w.template.spec["affinity"] as Record<string, unknown> | undefined;
  if (!affinity || typeof affinity !== "object") return [];
  const out: AffinityTerm[] = [];
  for (const [field, kind] of [
    ["podAffinity", "affinity"],
    ["podAntiAffinity", "antiAffinity"],
  ] as const) {
    const a = affinity[field] as Record<string, unknown> | undefined;
    if (!a || typeof a !== "object") continue;
    const base = [...w.podSpecPath, "affinity", field];
    const req = a["requiredDuringSchedulingIgnoredDuringExecution"];
    if (Array.isArray(req)) {
      req.forEach((t, i) => {
        if (t && typeof t === "object") out.push(term(kind, true, t as Record<string, unknown>, [...base, "requiredDuringSchedulingIgnoredDuringExecution", i]));
      });
    }
    const pref = a["preferredDuringSchedulingIgnoredDuringExecution"];
    if (Array.isArray(pref)) {
      pref.forEach((p, i) => {
        const t = (p as { podAffinityTerm?: unknown } | null)?.podAffinityTerm;
        if (t && typeof t === "object") {
          const weight = (p as { weight?: unknown }).weight;
          out.push({
            ...term(kind, false, t as Record<string, unknown>, [...base, "preferredDuringSchedulingIgnoredDuringExecution", i, "podAffinityTerm"]),
            weight: typeof weight === "number" ? weight : undefined,
          });
        }
      });
    }
  }
  return out;
}

function term(kind: AffinityTerm["kind"], required: boolean, t: Record<string, unknown>, path: PathSegment[]): AffinityTerm {
  const labelSelector = (t["labelSelector"] ?? null) as LabelSelector | null;
  return {
    kind,
    required,
    path,
    topologyKey: String(t["topologyKey"] ?? ""),
    selector: compileSelector(labelSelector),
    labelSelector,
    crossNamespace: Array.isArray(t["namespaces"]) || (t["namespaceSelector"] !== undefined && t["namespaceSelector"] !== null),
  };
}

/**
 * Does a spread/affinity selector count the workload's own pods? `matchLabelKeys` only narrow the
 * selector with the pod's own values, so they never make the pod miss itself.
 */
export function selectsOwnPods(selector: Selector, w: Workload): boolean {
  return selector.matches(w.template.labels);
}


/**
 * Domains a spread constraint counts (PodTopologySpread): nodes passing nodeAffinityPolicy (Honor:
 * the pod's nodeSelector/required affinity) and nodeTaintsPolicy (Ignore by default: tainted nodes
 * still count), grouped by the topology key. Nodes without the key are bypassed.
 */
export function spreadDomains(topology: Topology, w: Workload, c: SpreadConstraint): Map<string, Node[]> {
  let nodes: readonly Node[] = c.nodeAffinityPolicy === "Honor" ? topology.eligible(w.template.spec, { taints: false }) : topology.nodes.filter((n) => !n.unschedulable);
  if (c.nodeTaintsPolicy === "Honor") nodes = nodes.filter((n) => toleratesNode(w.template.spec, n));
  return topology.domains(c.topologyKey, nodes);
}
