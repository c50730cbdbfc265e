/**
 * Pods and their templates. A template is what kube-scheduler's `PodInfo` precomputes once per pod —
 * requests, tolerations, affinity terms, spread constraints — shared by every pod of a workload, so
 * identical pods form one equivalence class and per-class caches (toleration and node-affinity
 * results per node) are computed once.
 * @module
 */
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podHostPorts, podRequests, podTolerations, preferredNodeAffinity, requiredNodeAffinity, type NodeMatcher, type PreferredNodeTerm, type ResourceAmounts, type Toleration } from "../../k8s/pod.js";
import { field } from "../../k8s/object.js";
import type { LabelSelector } from "../../k8s/selector.js";
import type { NodeTable } from "./nodes.js";

/** Tolerations the DefaultTolerationSeconds admission plugin adds to every pod that lacks them. */
export const DEFAULT_NOT_READY_TOLERATION: Toleration = { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };
export const DEFAULT_UNREACHABLE_TOLERATION: Toleration = { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 };

export interface TemplateInput {
  key: string;
  namespace: string;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
  workload: string;
  controller?: { kind: string; name: string; selector?: LabelSelector; mapSelector?: Record<string, string> };
  priority: number;
  preemptionPolicy: "PreemptLowerPriority" | "Never";
  /** RuntimeClass overhead when the pod names a RuntimeClass. */
  overhead?: ResourceAmounts;
  /** DaemonSet template: each pod is pinned to one node. */
  daemon?: boolean;
  /** Default tolerations (seconds) to add: the cluster's `--default-not-ready/unreachable-toleration-seconds`. */
  defaultTolerationSeconds?: { notReady: number; unreachable: number };
}

export class Template {
  readonly id: number;
  readonly key: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly spec: Record<string, unknown>;
  readonly workload: string;
  readonly controller?: TemplateInput["controller"];
  readonly priority: number;
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
  readonly daemon: boolean;
  /** Requests aligned to the node table's resource dims (cpu milli, memory bytes, ...). */
  requests: Float64Array;
  readonly requestMap: ResourceAmounts;
  /** Dims this pod requests (> 0). */
  requestDims: number[];
  readonly nonzeroCpu: number;
  readonly nonzeroMem: number;
  /** Cache keys of node-local scores: pods with equal keys score a node equally. */
  readonly nonzeroKey: string;
  readonly requestKey: string;
  readonly tolerations: Toleration[];
  readonly requiredAffinity?: { matcher: NodeMatcher; key: string };
  readonly preferredNode: PreferredNodeTerm[];
  readonly hostPorts: string[];
  readonly schedulingGates: string[];
  /** `spec.nodeName` set in the manifest: bound without the scheduler. */
  readonly nodeName?: string;
  /** Per-plugin caches (equivalence-class state), by slot (see {@link cacheSlot}). */
  readonly slots: unknown[] = [];

  constructor(id: number, input: TemplateInput, nodes: NodeTable) {
    this.id = id;
    this.key = input.key;
    this.namespace = input.namespace;
    this.labels = input.labels;
    this.spec = input.spec;
    this.workload = input.workload;
    this.controller = input.controller;
    this.priority = input.priority;
    this.preemptionPolicy = input.preemptionPolicy;
    this.daemon = input.daemon ?? false;
    this.requestMap = podRequests(input.spec, { overhead: input.overhead });
    const nz = podRequests(input.spec, { overhead: input.overhead, nonMissing: { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST } });
    this.nonzeroCpu = nz["cpu"] ?? 0;
    this.nonzeroMem = nz["memory"] ?? 0;
    this.nonzeroKey = `${this.nonzeroCpu}/${this.nonzeroMem}`;
    this.requestKey = `${this.requestMap["cpu"] ?? 0}/${this.requestMap["memory"] ?? 0}`;
    this.requests = new Float64Array(0);
    this.requestDims = [];
    this.align(nodes);
    const tolerations = podTolerations(input.spec);
    const dts = input.defaultTolerationSeconds ?? { notReady: 300, unreachable: 300 };
    const has = (key: string) => tolerations.some((t) => (t.key === key || (!t.key && t.operator === "Exists")) && (!t.effect || t.effect === "NoExecute"));
    if (!has(DEFAULT_NOT_READY_TOLERATION.key!)) tolerations.push({ ...DEFAULT_NOT_READY_TOLERATION, tolerationSeconds: dts.notReady });
    if (!has(DEFAULT_UNREACHABLE_TOLERATION.key!)) tolerations.push({ ...DEFAULT_UNREACHABLE_TOLERATION, tolerationSeconds: dts.unreachable });
    this.tolerations = tolerations;
    this.requiredAffinity = requiredNodeAffinity(input.spec);
    this.preferredNode = preferredNodeAffinity(input.spec);
    this.hostPorts = podHostPorts(input.spec);
    this.schedulingGates = (Array.isArray(input.spec["schedulingGates"]) ? (input.spec["schedulingGates"] as unknown[]) : []).map((g) => String(field(g, "name") ?? ""));
    const nn = input.spec["nodeName"];
    this.nodeName = typeof nn === "string" && nn !== "" ? nn : undefined;
  }

  /** Re-aligns requests when the node table gained resource dims. */
  align(nodes: NodeTable): void {
    if (this.requests.length === nodes.dims.length && this.requests.length > 0) return;
    for (const k of Object.keys(this.requestMap)) if (k !== "pods") nodes.dim(k);
    const r = new Float64Array(nodes.dims.length);
    const dims: number[] = [];
    for (const [k, v] of Object.entries(this.requestMap)) {
      if (k === "pods") continue;
      const d = nodes.dim(k);
      r[d] = v;
      if (v > 0) dims.push(d);
    }
    this.requests = r;
    this.requestDims = dims.sort((a, b) => a - b);
  }
}

const slotNames: string[] = [];

/** A slot number for a per-template cache named `name` (module-level, so lookups are array indexing). */
export function cacheSlot(name: string): number {
  const i = slotNames.indexOf(name);
  if (i >= 0) return i;
  slotNames.push(name);
  return slotNames.length - 1;
}

export const enum PodPhase {
  Pending = 0,
  Bound = 1,
}

/** Why a pod is Pending: kube-scheduler's FitError, as data. */
export interface PendingInfo {
  /** `0/6 nodes are available: 3 Insufficient cpu, 3 node(s) didn't match pod topology spread constraints.` */
  message: string;
  /** Reason → number of nodes. */
  reasons: Record<string, number>;
  /** The PostFilter (preemption) part, e.g. `preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.` */
  preemption?: string;
  /** Plugins that rejected the pod somewhere. */
  plugins: string[];
  /** Not a FitError: SchedulingGated, node missing for spec.nodeName, ... */
  kind: "Unschedulable" | "SchedulingGated" | "NodeNotFound" | "WaitingForPredecessor";
}

export class PodRecord {
  node = -1;
  phase: PodPhase = PodPhase.Pending;
  terminating = false;
  deleted = false;
  pending: PendingInfo | undefined = undefined;
  /** Match-key ids of selectors that select this pod (see matching.ts). */
  kind = -1;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly namespace: string,
    readonly labels: Record<string, string>,
    readonly template: Template,
    /** Queue order among equal priorities (creation order). */
    public seq: number,
    readonly ordinal: number | undefined,
    /** Volume ids (see volumes.ts). */
    readonly claims: number[],
    /** DaemonSet pods: the node they are made for. */
    readonly pinnedNode: string | undefined,
    /** `Kind/namespace/name` of the workload (identical bare Pods share a template, not a workload). */
    readonly workload: string = template.workload,
    /** `namespace/name`. */
    readonly ref: string = `${namespace}/${name}`,
  ) {}
}
