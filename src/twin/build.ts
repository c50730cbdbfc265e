/**
 * Building a twin's state from a normalised cluster: nodes, the pods every workload's controller
 * creates, PersistentVolumeClaims with the storage backend behind each, priorities, Services and
 * controllers for default spreading, and PodDisruptionBudgets for preemption.
 * @module
 */
import { daemonSetTemplate, expandWorkload, fnv32, type ExpandedPod } from "../k8s/expand.js";
import { field, objectRef, type K8sObject } from "../k8s/object.js";
import { arrayOf, compileNodeSelectorTerms, resourceAmount, type NodeSelectorTerm } from "../k8s/pod.js";
import { compileMapSelector, compileSelector, type LabelSelector } from "../k8s/selector.js";
import type { Budget } from "./plugins/defaultpreemption/defaultpreemption.js";
import type { DefaultSelectorSource } from "./framework/types.js";
import type { ClusterState } from "./state/cluster.js";
import { PodPhase, type PodRecord, type Template, type TemplateInput } from "./state/pods.js";
import type { Rng } from "./state/rng.js";
import type { VolumeBackend } from "./state/volumes.js";
import type { NodeSpec } from "./state/nodes.js";

/** What the twin reads from a cluster. A normalised `Cluster` (model/fleet.ts) fits this shape. */
export interface TwinInput {
  name: string;
  nodes: readonly NodeSpec[];
  objects: readonly K8sObject[];
  storage?: readonly {
    name: string;
    provider: string;
    storageClasses: string[];
    zonal: boolean;
    volumeBindingMode: "Immediate" | "WaitForFirstConsumer";
    nodes: string[];
    replication: string;
    accessModes?: string[];
  }[];
  version?: { minor: number; text: string };
  timing?: { notReadyTolerationSeconds?: number; unreachableTolerationSeconds?: number };
}

/** Built-in priority classes (`scheduling.k8s.io`). */
export const BUILTIN_PRIORITY_CLASSES: Record<string, number> = { "system-cluster-critical": 2000000000, "system-node-critical": 2000001000 };

export interface WorkloadInfo {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  object: K8sObject;
  desired: number;
  replicasFrom: string;
  note?: string;
  /** StatefulSet with podManagementPolicy OrderedReady: ordinal i+1 is created once i runs. */
  orderedReady: boolean;
  /** The template pods are (re)created from; DaemonSets: the shared daemon template. */
  template?: Template;
  /** Name prefix for replacement pods (ReplicaSet name, Job name, DaemonSet name). */
  prefix: string;
  claimsByOrdinal: Map<number, number[]>;
  labels: Record<string, string>;
}

export class Built {
  readonly workloads = new Map<string, WorkloadInfo>();
  readonly budgets: Budget[] = [];
  readonly services: { namespace: string; selector: Record<string, string> }[] = [];
  readonly notes: string[] = [];
  priorityClasses = new Map<string, { value: number; preemptionPolicy: "PreemptLowerPriority" | "Never"; globalDefault: boolean }>();
  runtimeOverhead = new Map<string, Record<string, number>>();
  defaultStorageClass: string | undefined;
  backendByClass = new Map<string, VolumeBackend>();
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function buildState(state: ClusterState, input: TwinInput, rng: Rng): Built {
  const b = new Built();
  for (const n of input.nodes) state.addNode(n);
  const objs = input.objects;
  for (const o of objs) {
    switch (o.kind) {
      case "Namespace":
        state.matching.namespaceLabels.set(o.metadata.name, { ...o.metadata.labels, "kubernetes.io/metadata.name": o.metadata.name });
        break;
      case "PriorityClass":
        b.priorityClasses.set(o.metadata.name, {
          value: Number(field(o.body, "value") ?? 0),
          preemptionPolicy: field(o.body, "preemptionPolicy") === "Never" ? "Never" : "PreemptLowerPriority",
          globalDefault: field(o.body, "globalDefault") === true,
        });
        break;
      case "RuntimeClass": {
        const oh: Record<string, number> = {};
        for (const [k, v] of Object.entries(asRecord(field(o.body, "overhead", "podFixed")))) {
          const a = resourceAmount(k, v);
          if (a !== undefined) oh[k] = a;
        }
        b.runtimeOverhead.set(o.metadata.name, oh);
        break;
      }
      case "StorageClass":
        if (o.metadata.annotations["storageclass.kubernetes.io/is-default-class"] === "true") b.defaultStorageClass = o.metadata.name;
        break;
      case "Service": {
        const sel = field(o.body, "spec", "selector");
        if (sel && typeof sel === "object" && Object.keys(sel).length > 0) b.services.push({ namespace: o.metadata.namespace ?? "default", selector: sel as Record<string, string> });
        break;
      }
      case "PodDisruptionBudget":
        b.budgets.push(budget(o));
        break;
    }
  }
  buildBackends(b, input);
  buildClaims(state, b, objs, input, rng);

  const companions = objs.filter((o) => o.kind === "HorizontalPodAutoscaler");
  const tol = { notReady: input.timing?.notReadyTolerationSeconds ?? 300, unreachable: input.timing?.unreachableTolerationSeconds ?? 300 };
  for (const o of objs) {
    if (o.kind === "DaemonSet") {
      const dt = daemonSetTemplate(o);
      if (!dt) continue;
      const ref = objectRef(o);
      const template = state.template({ ...templateInput(b, o, dt.spec, dt.labels, ref, { kind: "DaemonSet", name: o.metadata.name, selector: field(o.body, "spec", "selector") as LabelSelector }), daemon: true, defaultTolerationSeconds: tol });
      const info: WorkloadInfo = { ref, kind: o.kind, namespace: o.metadata.namespace ?? "default", name: o.metadata.name, object: o, desired: 0, replicasFrom: "eligible nodes", orderedReady: false, template, prefix: o.metadata.name, claimsByOrdinal: new Map(), labels: dt.labels };
      b.workloads.set(ref, info);
      continue;
    }
    const w = expandWorkload(o, companions);
    if (!w) continue;
    const first = w.pods[0];
    const info: WorkloadInfo = {
      ref: w.ref,
      kind: o.kind,
      namespace: o.metadata.namespace ?? "default",
      name: o.metadata.name,
      object: o,
      desired: w.replicas,
      replicasFrom: w.replicasFrom,
      note: w.note,
      orderedReady: o.kind === "StatefulSet" && field(o.body, "spec", "podManagementPolicy") !== "Parallel",
      prefix: first ? first.name.replace(/-[a-z0-9]+$/, "") : o.metadata.name,
      claimsByOrdinal: new Map(),
      labels: first?.labels ?? {},
    };
    if (o.kind === "Deployment" || o.kind === "ReplicaSet" || o.kind === "ReplicationController") info.prefix = first ? first.name.slice(0, first.name.lastIndexOf("-")) : o.metadata.name;
    if (o.kind === "Job") info.prefix = o.metadata.name;
    b.workloads.set(w.ref, info);
    for (const p of w.pods) {
      // Bare Pods with equal specs and labels form one equivalence class (one template), like a workload's pods.
      const key = o.kind === "Pod" ? `Pod|${p.namespace}|${fnv32(JSON.stringify([p.spec, p.labels]))}|${JSON.stringify([p.spec, p.labels]).length}` : p.templateKey;
      const existing = state.templateByKey.get(key);
      const template =
        existing && (o.kind !== "Pod" || JSON.stringify([existing.spec, existing.labels]) === JSON.stringify([p.spec, templateLabels(p)]))
          ? existing
          : state.template({ ...templateInput(b, o, p.spec, templateLabels(p), w.ref, p.controller), key: existing ? `${key}|${p.name}` : key, defaultTolerationSeconds: tol });
      info.template ??= template;
      const claims = p.claims.map((c) => claimId(state, p.namespace, c));
      if (p.ordinal !== undefined) info.claimsByOrdinal.set(p.ordinal, claims);
      state.addPod(p.name, p.namespace, p.labels, template, p.ordinal, claims, undefined, w.ref);
    }
  }
  return b;
}

/** Labels shared by every pod of a template (StatefulSet pod-name / pod-index labels are per pod). */
function templateLabels(p: ExpandedPod): Record<string, string> {
  const { "statefulset.kubernetes.io/pod-name": _a, "apps.kubernetes.io/pod-index": _b, "batch.kubernetes.io/job-completion-index": _c, ...rest } = p.labels;
  return rest;
}

export function templateInput(b: Built, o: K8sObject, spec: Record<string, unknown>, labels: Record<string, string>, workload: string, controller?: TemplateInput["controller"]): TemplateInput {
  const pcName = spec["priorityClassName"];
  let priority = typeof spec["priority"] === "number" ? (spec["priority"] as number) : 0;
  let preemptionPolicy: TemplateInput["preemptionPolicy"] = spec["preemptionPolicy"] === "Never" ? "Never" : "PreemptLowerPriority";
  if (typeof pcName === "string") {
    const pc = b.priorityClasses.get(pcName);
    if (pc) {
      priority = pc.value;
      if (spec["preemptionPolicy"] === undefined) preemptionPolicy = pc.preemptionPolicy;
    } else if (BUILTIN_PRIORITY_CLASSES[pcName] !== undefined) priority = BUILTIN_PRIORITY_CLASSES[pcName]!;
  } else if (spec["priority"] === undefined) {
    const def = [...b.priorityClasses.values()].find((c) => c.globalDefault);
    if (def) {
      priority = def.value;
      preemptionPolicy = def.preemptionPolicy;
    }
  }
  const rc = spec["runtimeClassName"];
  return {
    key: workload,
    namespace: o.metadata.namespace ?? "default",
    labels,
    spec,
    workload,
    controller,
    priority,
    preemptionPolicy,
    overhead: typeof rc === "string" ? b.runtimeOverhead.get(rc) : undefined,
  };
}

function budget(o: K8sObject): Budget {
  const ns = o.metadata.namespace ?? "default";
  const sel = compileSelector(field(o.body, "spec", "selector") as LabelSelector);
  const minAvailable = field(o.body, "spec", "minAvailable");
  const maxUnavailable = field(o.body, "spec", "maxUnavailable");
  const pct = (v: unknown, of: number) => (typeof v === "string" && v.endsWith("%") ? Math.ceil((Number(v.slice(0, -1)) * of) / 100) : Number(v));
  return {
    namespace: ns,
    matches: (l) => sel.matches(l),
    allowed: (state) => {
      let expected = 0;
      let healthy = 0;
      for (const p of state.pods) {
        if (p.deleted || p.namespace !== ns || !sel.matches(p.labels)) continue;
        expected++;
        if (p.phase === PodPhase.Bound && !p.terminating && state.nodes.condition[p.node] === 0) healthy++;
      }
      let desired: number;
      if (minAvailable !== undefined) desired = pct(minAvailable, expected);
      else if (maxUnavailable !== undefined) desired = expected - pct(maxUnavailable, expected);
      else desired = expected;
      return Math.max(0, healthy - desired);
    },
  };
}

function buildBackends(b: Built, input: TwinInput): void {
  for (const s of input.storage ?? []) {
    const backend: VolumeBackend = {
      name: s.name,
      provider: s.provider,
      zonal: s.zonal,
      local: s.provider === "local",
      mode: s.volumeBindingMode,
      nodes: s.provider === "local" || s.nodes.length < input.nodes.length ? new Set(s.nodes) : undefined,
      replication: s.replication,
    };
    for (const c of s.storageClasses) b.backendByClass.set(c, backend);
  }
  if (!b.defaultStorageClass && input.storage && input.storage.length > 0) {
    b.defaultStorageClass = input.storage[0]!.storageClasses[0];
    if (input.storage.length > 1) b.notes.push(`claims without storageClassName use "${b.defaultStorageClass}" (first storage backend; no StorageClass is annotated as default)`);
  }
}

function claimId(state: ClusterState, ns: string, claim: string): number {
  return (state.volumes.get(ns, claim) ?? state.volumes.add({ namespace: ns, claim, accessModes: [], fromTemplate: false, exists: false, bound: false })).id;
}

function buildClaims(state: ClusterState, b: Built, objs: readonly K8sObject[], input: TwinInput, rng: Rng): void {
  const pvs = new Map(objs.filter((o) => o.kind === "PersistentVolume").map((o) => [o.metadata.name, o]));
  const addClaim = (ns: string, name: string, spec: Record<string, unknown>, fromTemplate: boolean) => {
    const sc = typeof spec["storageClassName"] === "string" ? (spec["storageClassName"] as string) : b.defaultStorageClass;
    const volumeName = spec["volumeName"];
    let pvObj = typeof volumeName === "string" ? pvs.get(volumeName) : undefined;
    pvObj ??= [...pvs.values()].find((pv) => field(pv.body, "spec", "claimRef", "name") === name && (field(pv.body, "spec", "claimRef", "namespace") ?? ns) === ns);
    const backend = sc ? b.backendByClass.get(sc) : undefined;
    const v = state.volumes.add({ namespace: ns, claim: name, storageClass: sc, backend, accessModes: arrayOf(spec["accessModes"]).map(String), fromTemplate, exists: true, bound: false });
    if (pvObj) {
      const zones = pvObj.metadata.labels["topology.kubernetes.io/zone"] ?? pvObj.metadata.labels["failure-domain.beta.kubernetes.io/zone"];
      const terms = field(pvObj.body, "spec", "nodeAffinity", "required", "nodeSelectorTerms");
      v.pv = { name: pvObj.metadata.name, zones: zones ? zones.split("__") : undefined, nodeAffinity: Array.isArray(terms) ? compileNodeSelectorTerms(terms as NodeSelectorTerm[]) : undefined };
      v.bound = true;
      return;
    }
    if (!backend || backend.mode !== "Immediate") return;
    // Immediate binding provisions at once, somewhere the backend reaches: a zonal disk lands in a zone, a local one on a node.
    const candidates = input.nodes.filter((n) => !backend.nodes || backend.nodes.has(n.name));
    const pick = candidates.length > 0 ? candidates[rng.intn(candidates.length)]! : undefined;
    v.bound = true;
    if (backend.zonal && pick) v.zone = pick.labels["topology.kubernetes.io/zone"];
    if (backend.local && pick) v.node = pick.name;
  };
  for (const o of objs) if (o.kind === "PersistentVolumeClaim") addClaim(o.metadata.namespace ?? "default", o.metadata.name, asRecord(field(o.body, "spec")), false);
  for (const o of objs) {
    if (o.kind !== "StatefulSet") continue;
    const w = expandWorkload(o);
    for (const c of w?.claimTemplates ?? []) addClaim(c.namespace, c.name, c.spec, true);
  }
}

/**
 * `helper.DefaultSelector`: the selectors of Services that select the pod, merged, plus the
 * selector of its ReplicaSet, StatefulSet or ReplicationController.
 */
export function defaultSelectors(b: Built): DefaultSelectorSource {
  // Services per namespace, compiled once and indexed by their selector's first label pair: a pod can only be
  // selected by Services whose first pair it carries (1,500 workloads × 1,500 Services must not be a product).
  const byNs = new Map<string, Map<string, { index: number; selector: Record<string, string>; matches: (l: Record<string, string>) => boolean }[]>>();
  b.services.forEach((s, index) => {
    let byPair = byNs.get(s.namespace);
    if (!byPair) {
      byPair = new Map();
      byNs.set(s.namespace, byPair);
    }
    const [k, v] = Object.entries(s.selector)[0]!;
    const pair = `${k}\u0000${v}`;
    const compiled = compileMapSelector(s.selector);
    const entry = { index, selector: s.selector, matches: (l: Record<string, string>) => compiled.matches(l) };
    const list = byPair.get(pair);
    if (list) list.push(entry);
    else byPair.set(pair, [entry]);
  });
  return {
    forPod(pod: PodRecord) {
      const t = pod.template;
      const merged: Record<string, string> = {};
      const byPair = byNs.get(t.namespace);
      if (byPair) {
        const hits: { index: number; selector: Record<string, string>; matches: (l: Record<string, string>) => boolean }[] = [];
        for (const [k, v] of Object.entries(pod.labels)) for (const s of byPair.get(`${k}\u0000${v}`) ?? []) if (s.matches(pod.labels)) hits.push(s);
        // In the Services' order, as a scan of every Service merges them.
        hits.sort((x, y) => x.index - y.index);
        for (const s of hits) Object.assign(merged, s.selector);
      }
      const c = t.controller;
      let sel: LabelSelector = { matchLabels: merged };
      if (c?.kind === "ReplicationController" && c.mapSelector) sel = { matchLabels: { ...merged, ...c.mapSelector } };
      else if ((c?.kind === "ReplicaSet" || c?.kind === "StatefulSet") && c.selector) sel = { matchLabels: { ...merged, ...(c.selector.matchLabels ?? {}) }, matchExpressions: c.selector.matchExpressions };
      const compiled = compileSelector(sel);
      if (compiled.empty || compiled.nothing) return undefined;
      return { name: JSON.stringify(compiled.requirements), selector: compiled };
    },
  };
}
