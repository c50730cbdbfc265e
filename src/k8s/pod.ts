/**
 * Pod spec semantics the scheduler depends on: the effective resource request of a pod (the
 * Kubernetes rule with init containers, sidecars, pod-level resources and overhead), tolerations
 * against taints, and node selectors / node affinity terms. Reads pod specs as written (plain
 * objects); never throws on malformed input.
 * @module
 */
import { field } from "./object.js";
import { quantityMilli, quantityValue } from "./quantity.js";

/** Resource amounts by name: `cpu` in millicores, everything else in whole units (bytes, counts). */
export type ResourceAmounts = Record<string, number>;

/** kube-scheduler's stand-ins for a container without a cpu / memory request, used for scoring only (`schedutil.DefaultMilliCPURequest`, `DefaultMemoryRequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Parses one resource quantity into the unit the scheduler uses for it. */
export function resourceAmount(name: string, q: unknown): number | undefined {
  return name === "cpu" ? quantityMilli(q) : quantityValue(q);
}

function amounts(list: unknown): ResourceAmounts {
  const out: ResourceAmounts = {};
  if (!list || typeof list !== "object" || Array.isArray(list)) return out;
  for (const [k, v] of Object.entries(list as Record<string, unknown>)) {
    const n = resourceAmount(k, v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/**
 * A container's requests after API defaulting: a resource with a limit but no request requests its
 * limit (`SetDefaults_ResourceRequirements`).
 */
export function containerRequests(container: unknown): ResourceAmounts {
  const req = amounts(field(container, "resources", "requests"));
  const lim = amounts(field(container, "resources", "limits"));
  for (const [k, v] of Object.entries(lim)) if (!(k in req)) req[k] = v;
  return req;
}

function add(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function max(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [k, v] of Object.entries(from)) if (v > (into[k] ?? 0)) into[k] = v;
}

export interface PodRequestOptions {
  /**
   * Substitute for cpu / memory a container does not request at all (not for an explicit 0). The
   * scheduler's scoring uses 100m / 200Mi (`NonMissingContainerRequests`).
   */
  nonMissing?: { cpu: number; memory: number };
  /** RuntimeClass `overhead.podFixed` when the pod names a RuntimeClass (the admission plugin copies it into `spec.overhead`). */
  overhead?: ResourceAmounts;
}

/**
 * The effective request of a pod (`resourcehelper.PodRequests`): the sum of app containers and
 * sidecars (init containers with `restartPolicy: Always`), or the largest init container plus the
 * sidecars started before it, whichever is larger per resource; pod-level `spec.resources.requests`
 * replace the container sum for the resources they name; plus the pod overhead.
 */
export function podRequests(spec: unknown, opts: PodRequestOptions = {}): ResourceAmounts {
  const fill = (c: unknown): ResourceAmounts => {
    const r = containerRequests(c);
    if (opts.nonMissing) {
      if (!("cpu" in r)) r["cpu"] = opts.nonMissing.cpu;
      if (!("memory" in r)) r["memory"] = opts.nonMissing.memory;
    }
    return r;
  };
  const reqs: ResourceAmounts = {};
  for (const c of arrayOf(field(spec, "containers"))) add(reqs, fill(c));
  const restartable: ResourceAmounts = {};
  const initMax: ResourceAmounts = {};
  for (const c of arrayOf(field(spec, "initContainers"))) {
    let cr = fill(c);
    if (field(c, "restartPolicy") === "Always") {
      add(reqs, cr);
      add(restartable, cr);
      cr = { ...restartable };
    } else {
      const tmp = { ...cr };
      add(tmp, restartable);
      cr = tmp;
    }
    max(initMax, cr);
  }
  max(reqs, initMax);
  const podLevel = amounts(field(spec, "resources", "requests"));
  for (const k of ["cpu", "memory"]) if (k in podLevel) reqs[k] = podLevel[k]!;
  const overhead = field(spec, "overhead") !== undefined ? amounts(field(spec, "overhead")) : (opts.overhead ?? {});
  add(reqs, overhead);
  return reqs;
}

/** Host ports a pod binds (`containers[].ports[].hostPort`), as `protocol/ip/port`. */
export function podHostPorts(spec: unknown): string[] {
  const out: string[] = [];
  for (const c of [...arrayOf(field(spec, "containers")), ...arrayOf(field(spec, "initContainers")).filter((c) => field(c, "restartPolicy") === "Always")]) {
    for (const p of arrayOf(field(c, "ports"))) {
      const hp = field(p, "hostPort");
      if (typeof hp === "number" && hp > 0) out.push(`${String(field(p, "protocol") ?? "TCP")}/${String(field(p, "hostIP") ?? "0.0.0.0")}/${hp}`);
    }
  }
  return out;
}

export interface Toleration {
  key?: string;
  operator?: "Equal" | "Exists";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  tolerationSeconds?: number;
}

export interface TaintLike {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** `Toleration.ToleratesTaint`: empty effect matches every effect, empty key with Exists every key. */
export function toleratesTaint(t: Toleration, taint: TaintLike): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? "Equal";
  if (op === "Exists") return true;
  if (op === "Equal") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

export function podTolerations(spec: unknown): Toleration[] {
  return arrayOf(field(spec, "tolerations")).filter((t): t is Toleration => t !== null && typeof t === "object");
}

export interface NodeSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** A compiled node matcher: labels and name of a node in, match out. */
export type NodeMatcher = (labels: Readonly<Record<string, string>>, name: string) => boolean;

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = (r.values ?? []).map(String);
  switch (r.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || values.length !== 1 || !/^-?[0-9]+$/.test(value) || !/^-?[0-9]+$/.test(values[0]!)) return false;
      return r.operator === "Gt" ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** One NodeSelectorTerm: expressions and fields ANDed; a term with neither matches nothing (`nodeaffinity.nodeSelectorTerms`). */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodeMatcher {
  const exprs = arrayOf(term?.matchExpressions) as NodeSelectorRequirement[];
  const fields = arrayOf(term?.matchFields) as NodeSelectorRequirement[];
  if (exprs.length === 0 && fields.length === 0) return () => false;
  return (labels, name) => {
    for (const e of exprs) if (!requirementMatches(e, Object.prototype.hasOwnProperty.call(labels, e.key) ? labels[e.key] : undefined)) return false;
    for (const f of fields) if (f.key !== "metadata.name" || !requirementMatches(f, name)) return false;
    return true;
  };
}

/** Terms ORed (`NodeSelector`); no terms matches nothing. */
export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[]): NodeMatcher {
  const compiled = terms.map(compileNodeSelectorTerm);
  return (labels, name) => compiled.some((m) => m(labels, name));
}

/**
 * `nodeaffinity.GetRequiredNodeAffinity(pod)`: `spec.nodeSelector` AND the required node affinity
 * terms. `undefined` when the pod has neither (every node matches).
 */
export function requiredNodeAffinity(spec: unknown): { matcher: NodeMatcher; key: string } | undefined {
  const selector = field(spec, "nodeSelector");
  const sel = selector && typeof selector === "object" && !Array.isArray(selector) ? Object.entries(selector as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const) : [];
  const required = field(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
  const terms = required !== undefined && required !== null ? (arrayOf(field(required, "nodeSelectorTerms")) as NodeSelectorTerm[]) : undefined;
  if (sel.length === 0 && terms === undefined) return undefined;
  const termsMatcher = terms ? compileNodeSelectorTerms(terms) : undefined;
  const matcher: NodeMatcher = (labels, name) => {
    for (const [k, v] of sel) if (labels[k] !== v) return false;
    return termsMatcher ? termsMatcher(labels, name) : true;
  };
  return { matcher, key: JSON.stringify([sel, terms ?? null]) };
}

export interface PreferredNodeTerm {
  weight: number;
  matches: NodeMatcher;
}

/** Preferred node affinity terms with their weights (terms with weight 0 are ignored, as in NodeAffinity PreScore). */
export function preferredNodeAffinity(spec: unknown): PreferredNodeTerm[] {
  const out: PreferredNodeTerm[] = [];
  for (const p of arrayOf(field(spec, "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution"))) {
    const w = field(p, "weight");
    if (typeof w !== "number" || w === 0) continue;
    out.push({ weight: w, matches: compileNodeSelectorTerm((field(p, "preference") ?? {}) as NodeSelectorTerm) });
  }
  return out;
}

export function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
