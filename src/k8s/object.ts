/**
 * A Kubernetes object as hactl keeps it: the body exactly as written, its identity, and where it
 * came from so findings can point at file:line:column.
 * @module
 */
import type { PathSegment } from "../model/diagnostics.js";
import type { SourceDoc } from "../model/load/yaml-source.js";

export interface ObjectMeta {
  name: string;
  /** Set for namespaced kinds (defaulted like `kubectl apply`); undefined for cluster-scoped kinds. */
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ObjectSource {
  file: string;
  line: number;
  column: number;
  /** The YAML document holding the object (for locating fields inside it). */
  doc?: SourceDoc;
  /** Path of the object inside its document (non-empty for `List` items and inline workloads). */
  path: PathSegment[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  /** The object as written (including apiVersion, kind and metadata). */
  body: Record<string, unknown>;
  source: ObjectSource;
}

/** Kinds that are not namespaced (from `kubectl api-resources --namespaced=false` of a stock cluster). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "APIService",
  "CSIDriver",
  "CSINode",
  "CertificateSigningRequest",
  "ClusterIssuer",
  "ClusterRole",
  "ClusterRoleBinding",
  "ComponentStatus",
  "CustomResourceDefinition",
  "FlowSchema",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "VolumeSnapshotClass",
  "VolumeSnapshotContent",
  "ClusterPropagationPolicy",
  "ClusterOverridePolicy",
]);

/** `Kind/namespace/name` or `Kind/name`: how objects are named in findings. */
export function objectRef(o: Pick<K8sObject, "kind" | "metadata">): string {
  return o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`;
}

/** Reads a nested field of an object body without throwing. */
export function field(body: unknown, ...path: PathSegment[]): unknown {
  let cur: unknown = body;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
