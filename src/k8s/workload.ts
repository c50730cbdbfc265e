/**
 * What a workload object runs: its pod template (labels and spec), replica count and the objects
 * that follow it (Services, PodDisruptionBudgets and HorizontalPodAutoscalers that target its pods).
 * @module
 */
import { field, type K8sObject } from "./object.js";
import { compileMapSelector, compileSelector, type LabelSelector } from "./selector.js";

/** Kinds that create pods. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "Pod",
]);

export function isWorkload(o: K8sObject): boolean {
  return WORKLOAD_KINDS.has(o.kind);
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: Record<string, unknown>;
  /** Path of the pod template in the object (`spec.template`, `spec.jobTemplate.spec.template`, or the Pod itself). */
  path: string[];
}

/** The pod template of a workload; undefined for kinds that do not run pods. */
export function podTemplate(o: K8sObject): PodTemplate | undefined {
  let path: string[];
  switch (o.kind) {
    case "Pod":
      return {
        labels: o.metadata.labels,
        annotations: o.metadata.annotations,
        spec: asRecord(field(o.body, "spec")),
        path: [],
      };
    case "CronJob":
      path = ["spec", "jobTemplate", "spec", "template"];
      break;
    default:
      if (!WORKLOAD_KINDS.has(o.kind)) return undefined;
      path = ["spec", "template"];
  }
  const t = field(o.body, ...path);
  return {
    labels: stringMap(field(t, "metadata", "labels")),
    annotations: stringMap(field(t, "metadata", "annotations")),
    spec: asRecord(field(t, "spec")),
    path,
  };
}

/** `spec.replicas` with the API default of 1 (Deployments, StatefulSets, ReplicaSets). */
export function declaredReplicas(o: K8sObject): number | undefined {
  if (!["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"].includes(o.kind)) return undefined;
  const r = field(o.body, "spec", "replicas");
  return typeof r === "number" ? r : 1;
}

/** Does `companion` (a Service, PDB or HPA) refer to the pods of `workload`? Namespace-aware. */
export function followsWorkload(companion: K8sObject, workload: K8sObject): boolean {
  if (companion.metadata.namespace !== workload.metadata.namespace) return false;
  const tpl = podTemplate(workload);
  if (!tpl) return false;
  switch (companion.kind) {
    case "Service":
      return compileMapSelector(field(companion.body, "spec", "selector") as Record<string, string>).matches(tpl.labels);
    case "PodDisruptionBudget":
      return compileSelector(field(companion.body, "spec", "selector") as LabelSelector).matches(tpl.labels);
    case "HorizontalPodAutoscaler": {
      const ref = field(companion.body, "spec", "scaleTargetRef") as { kind?: string; name?: string } | undefined;
      return ref?.kind === workload.kind && ref?.name === workload.metadata.name;
    }
    default:
      return false;
  }
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v))) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}
