/**
 * Workloads as the checker sees them: the object, its pod template (with the template's path so
 * findings point at the right line), its own selector, and how many replicas it runs — declared
 * (API default 1) or taken over by a HorizontalPodAutoscaler.
 * @module
 */
import { field, type K8sObject } from "../../k8s/object.js";
import { compileSelector, type LabelSelector, type Selector } from "../../k8s/selector.js";
import { podTemplate, WORKLOAD_KINDS, type PodTemplate } from "../../k8s/workload.js";
import type { PathSegment } from "../../model/diagnostics.js";
import { parseIntOrPercent, type Budget } from "./disruption.js";

/** Kinds whose replica count is `spec.replicas` (default 1) and that a PDB and an HPA can scale against. */
export const SCALABLE_KINDS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"]);

export interface Container {
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  list: "containers" | "initContainers";
  index: number;
  name: string;
  spec: Record<string, unknown>;
  /** Path of the container inside the object. */
  path: PathSegment[];
  /** An init container with `restartPolicy: Always` (a sidecar): runs for the pod's lifetime. */
  sidecar: boolean;
}

export interface Workload {
  object: K8sObject;
  kind: string;
  namespace: string;
  name: string;
  template: PodTemplate;
  /** Path of the pod spec inside the object (`spec.template.spec`, `spec` for a Pod). */
  podSpecPath: PathSegment[];
  /** Path of the pod template's metadata (for label patches). */
  templateMetaPath: PathSegment[];
  /** The workload's own `spec.selector` (undefined for kinds without one, e.g. Pod, Job without). */
  selector?: Selector;
  /** `spec.replicas` with the default 1, for scalable kinds; undefined otherwise (DaemonSet, Job, Pod). */
  replicas?: number;
  /** True when `spec.replicas` is written in the manifest. */
  replicasDeclared: boolean;
  hpa?: Hpa;
  /** App containers and sidecars (restartable init containers). */
  containers: Container[];
  /** True for the kinds that run a service (not Job/CronJob). */
  longRunning: boolean;
}

export interface Hpa {
  object: K8sObject;
  /** `spec.minReplicas`, default 1. */
  minReplicas: number;
  maxReplicas: number;
}

export interface Pdb {
  object: K8sObject;
  namespace: string;
  name: string;
  selector: Selector;
  /** True when spec.selector is missing (policy/v1: selects nothing) or invalid. */
  selectsNothing: boolean;
  budget: Budget;
  /** `spec.unhealthyPodEvictionPolicy` (default IfHealthyBudget). */
  unhealthyPodEvictionPolicy: "IfHealthyBudget" | "AlwaysAllow";
  /** Field problems (both or neither of minAvailable/maxUnavailable, malformed values). */
  invalid?: string;
}

/** Pod template of any pod-creating kind, including Argo Rollouts (`argoproj.io`, `spec.template`). */
export function templateOf(o: K8sObject): PodTemplate | undefined {
  if (o.kind === "Rollout" && o.apiVersion.startsWith("argoproj.io/")) {
    const t = field(o.body, "spec", "template");
    const labels = field(t, "metadata", "labels");
    return {
      labels: stringMap(labels),
      annotations: stringMap(field(t, "metadata", "annotations")),
      spec: record(field(t, "spec")),
      path: ["spec", "template"],
    };
  }
  return WORKLOAD_KINDS.has(o.kind) ? podTemplate(o) : undefined;
}

/** True when a controller owns the object (then its controller is what the checker judges). */
export function hasController(o: K8sObject): boolean {
  const refs = field(o.body, "metadata", "ownerReferences");
  return Array.isArray(refs) && refs.some((r) => r && (r as { controller?: unknown }).controller === true);
}

export function buildWorkload(o: K8sObject): Workload | undefined {
  const template = templateOf(o);
  if (!template) return undefined;
  const podSpecPath = o.kind === "Pod" ? ["spec"] : [...template.path, "spec"];
  const sel = field(o.body, "spec", "selector");
  let selector: Selector | undefined;
  if (o.kind === "ReplicationController") selector = sel ? compileSelectorFromMap(sel) : undefined;
  else if (sel && typeof sel === "object" && o.kind !== "Pod") selector = compileSelector(sel as LabelSelector);
  const scalable = SCALABLE_KINDS.has(o.kind);
  const r = field(o.body, "spec", "replicas");
  return {
    object: o,
    kind: o.kind,
    namespace: o.metadata.namespace ?? "default",
    name: o.metadata.name,
    template,
    podSpecPath,
    templateMetaPath: o.kind === "Pod" ? ["metadata"] : [...template.path, "metadata"],
    selector,
    replicas: scalable ? (typeof r === "number" ? r : 1) : undefined,
    replicasDeclared: typeof r === "number",
    containers: containersOf(template.spec, podSpecPath),
    longRunning: o.kind !== "Job" && o.kind !== "CronJob",
  };
}

function compileSelectorFromMap(sel: unknown): Selector {
  return compileSelector({ matchLabels: stringMap(sel) });
}

function containersOf(spec: Record<string, unknown>, podSpecPath: PathSegment[]): Container[] {
  const out: Container[] = [];
  for (const list of ["containers", "initContainers"] as const) {
    const arr = spec[list];
    if (!Array.isArray(arr)) continue;
    arr.forEach((c, index) => {
      if (!c || typeof c !== "object") return;
      const cs = c as Record<string, unknown>;
      const sidecar = list === "initContainers" && cs["restartPolicy"] === "Always";
      if (list === "initContainers" && !sidecar) return;
      out.push({ list, index, name: String(cs["name"] ?? `#${index}`), spec: cs, path: [...podSpecPath, list, index], sidecar });
    });
  }
  return out;
}

export function buildHpa(o: K8sObject): Hpa {
  const min = field(o.body, "spec", "minReplicas");
  const max = field(o.body, "spec", "maxReplicas");
  return { object: o, minReplicas: typeof min === "number" ? min : 1, maxReplicas: typeof max === "number" ? max : 1 };
}

export function buildPdb(o: K8sObject): Pdb {
  const spec = record(field(o.body, "spec"));
  const sel = spec["selector"];
  const selectsNothing = sel === undefined || sel === null;
  const min = parseIntOrPercent(spec["minAvailable"]);
  const max = parseIntOrPercent(spec["maxUnavailable"]);
  let invalid: string | undefined;
  if (min === null) invalid = `minAvailable ${JSON.stringify(spec["minAvailable"])} is neither an integer nor a percentage`;
  else if (max === null) invalid = `maxUnavailable ${JSON.stringify(spec["maxUnavailable"])} is neither an integer nor a percentage`;
  else if (min && max) invalid = "minAvailable and maxUnavailable are both set (the API server rejects this)";
  return {
    object: o,
    namespace: o.metadata.namespace ?? "default",
    name: o.metadata.name,
    selector: compileSelector(selectsNothing ? null : (sel as LabelSelector)),
    selectsNothing,
    budget: { minAvailable: min ?? undefined, maxUnavailable: max ?? undefined },
    unhealthyPodEvictionPolicy: spec["unhealthyPodEvictionPolicy"] === "AlwaysAllow" ? "AlwaysAllow" : "IfHealthyBudget",
    invalid,
  };
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(record(v))) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}
