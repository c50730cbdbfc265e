/**
 * Workloads → the pods their controllers create: Deployment / ReplicaSet / ReplicationController
 * replicas (HPA `minReplicas` when an HPA scales the workload), StatefulSet ordinals with their
 * volumeClaimTemplates → PVCs, Job parallelism, bare Pods, and the DaemonSet pod for one node.
 * Pods get the labels their controllers add (`pod-template-hash`, `statefulset.kubernetes.io/pod-name`,
 * ...) because selectors with `matchLabelKeys` and default spreading read them.
 * @module
 */
import { field, objectRef, type K8sObject } from "./object.js";
import type { LabelSelector } from "./selector.js";
import { followsWorkload, podTemplate } from "./workload.js";

export interface ExpandedPod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pod spec (shared by every pod of a template; do not mutate). */
  spec: Record<string, unknown>;
  /** `Kind/namespace/name` of the workload that created the pod. */
  workload: string;
  /** The controller that owns the pod (a Deployment's pods are owned by its ReplicaSet). */
  controller?: { kind: string; name: string; selector?: LabelSelector; mapSelector?: Record<string, string> };
  /** StatefulSet ordinal or Indexed Job completion index. */
  ordinal?: number;
  /** PersistentVolumeClaims this pod mounts: `persistentVolumeClaim.claimName` volumes and StatefulSet claims. */
  claims: string[];
  /** Pods with the same key share spec and scheduling constraints (an equivalence class). */
  templateKey: string;
}

export interface ExpandedWorkload {
  workload: K8sObject;
  ref: string;
  /** Replicas the controller maintains (pods created). */
  replicas: number;
  /** Where the replica count comes from. */
  replicasFrom: "spec" | "default" | "hpa" | "parallelism" | "not-expanded";
  pods: ExpandedPod[];
  /** PVCs created from StatefulSet volumeClaimTemplates: name → template spec. */
  claimTemplates: { name: string; namespace: string; spec: Record<string, unknown>; labels: Record<string, string> }[];
  /** Why a workload produced fewer pods than one might expect (CronJob, suspended Job). */
  note?: string;
}

const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** FNV-1a 32-bit hash. */
export function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Like `rand.SafeEncodeString(fmt.Sprint(hash))` for a pod-template-hash: the decimal digits mapped onto consonants and digits. */
export function templateHash(template: unknown): string {
  const digits = String(fnv32(JSON.stringify(template ?? null)));
  let out = "";
  for (const ch of digits) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

/** A stable five-character pod-name suffix (kube uses `utilrand.String(5)` from the same alphabet). */
export function nameSuffix(seed: string): string {
  let h = fnv32(seed);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHABET[h % SAFE_ALPHABET.length];
    h = Math.floor(h / SAFE_ALPHABET.length) ^ fnv32(`${seed}:${i}`);
    h >>>= 0;
  }
  return out;
}

/** `<prefix>-<suffix>` not in `used` (controllers retry on a name collision; so does this). */
export function uniqueName(prefix: string, seed: string, used: Set<string>): string {
  let name = `${prefix}-${nameSuffix(seed)}`;
  for (let k = 1; used.has(name); k++) name = `${prefix}-${nameSuffix(`${seed}~${k}`)}`;
  used.add(name);
  return name;
}

function claimNames(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of Array.isArray(spec["volumes"]) ? (spec["volumes"] as unknown[]) : []) {
    const c = field(v, "persistentVolumeClaim", "claimName");
    if (typeof c === "string") out.push(c);
  }
  return out;
}

/** The HPA that scales a workload, if any (`scaleTargetRef` kind and name in the same namespace). */
export function controllingHpa(workload: K8sObject, companions: readonly K8sObject[]): K8sObject | undefined {
  return companions.find((c) => c.kind === "HorizontalPodAutoscaler" && followsWorkload(c, workload));
}

/**
 * The pods a workload's controller creates. DaemonSets return no pods here (their pods depend on the
 * nodes: see {@link daemonSetPod}); kinds that run no pods return undefined.
 */
export function expandWorkload(o: K8sObject, companions: readonly K8sObject[] = []): ExpandedWorkload | undefined {
  const tpl = podTemplate(o);
  if (!tpl) return undefined;
  const ns = o.metadata.namespace ?? "default";
  const ref = objectRef(o);
  const base: ExpandedWorkload = { workload: o, ref, replicas: 0, replicasFrom: "spec", pods: [], claimTemplates: [] };
  const specReplicas = field(o.body, "spec", "replicas");
  const hpa = controllingHpa(o, companions);
  const replicaCount = (): { n: number; from: ExpandedWorkload["replicasFrom"] } => {
    if (hpa) {
      const min = field(hpa.body, "spec", "minReplicas");
      return { n: typeof min === "number" ? min : 1, from: "hpa" };
    }
    return typeof specReplicas === "number" ? { n: specReplicas, from: "spec" } : { n: 1, from: "default" };
  };
  const mk = (name: string, labels: Record<string, string>, extra: Partial<ExpandedPod> = {}, spec = tpl.spec): ExpandedPod => ({
    name,
    namespace: ns,
    labels,
    annotations: tpl.annotations,
    spec,
    workload: ref,
    claims: claimNames(spec),
    templateKey: ref,
    ...extra,
  });
  switch (o.kind) {
    case "Pod":
      return { ...base, replicas: 1, pods: [mk(o.metadata.name, tpl.labels)] };
    case "Deployment":
    case "ReplicaSet":
    case "ReplicationController": {
      const { n, from } = replicaCount();
      const selector = field(o.body, "spec", "selector") as LabelSelector | Record<string, string> | undefined;
      let rsName = o.metadata.name;
      let labels = tpl.labels;
      let controller: ExpandedPod["controller"];
      if (o.kind === "Deployment") {
        const hash = templateHash(field(o.body, "spec", "template"));
        rsName = `${o.metadata.name}-${hash}`;
        labels = { ...tpl.labels, "pod-template-hash": hash };
        const sel = (selector ?? {}) as LabelSelector;
        controller = { kind: "ReplicaSet", name: rsName, selector: { ...sel, matchLabels: { ...(sel.matchLabels ?? {}), "pod-template-hash": hash } } };
      } else if (o.kind === "ReplicaSet") {
        controller = { kind: "ReplicaSet", name: rsName, selector: selector as LabelSelector };
      } else {
        controller = { kind: "ReplicationController", name: rsName, mapSelector: (selector as Record<string, string> | undefined) ?? tpl.labels };
      }
      const pods: ExpandedPod[] = [];
      const used = new Set<string>();
      for (let i = 0; i < n; i++) pods.push(mk(uniqueName(rsName, `${ref}#${i}`, used), labels, { controller }));
      return { ...base, replicas: n, replicasFrom: from, pods };
    }
    case "StatefulSet": {
      const { n, from } = replicaCount();
      const hash = templateHash(field(o.body, "spec", "template"));
      const vcts = Array.isArray(field(o.body, "spec", "volumeClaimTemplates")) ? (field(o.body, "spec", "volumeClaimTemplates") as unknown[]) : [];
      const start = typeof field(o.body, "spec", "ordinals", "start") === "number" ? (field(o.body, "spec", "ordinals", "start") as number) : 0;
      const controller = { kind: "StatefulSet", name: o.metadata.name, selector: field(o.body, "spec", "selector") as LabelSelector };
      const claimTemplates: ExpandedWorkload["claimTemplates"] = [];
      const pods: ExpandedPod[] = [];
      const templateNames = vcts.map((v) => String(field(v, "metadata", "name") ?? "data"));
      // Pods mount claims named <template>-<set>-<ordinal>; volumes of the same name in the pod template are replaced.
      const spec: Record<string, unknown> = {
        ...tpl.spec,
        volumes: (Array.isArray(tpl.spec["volumes"]) ? (tpl.spec["volumes"] as unknown[]) : []).filter((v) => !templateNames.includes(String(field(v, "name")))),
      };
      const ownClaims = claimNames(spec);
      for (let i = start; i < start + n; i++) {
        const name = `${o.metadata.name}-${i}`;
        const claims = templateNames.map((t) => `${t}-${name}`);
        vcts.forEach((v, vi) => {
          claimTemplates.push({
            name: claims[vi]!,
            namespace: ns,
            spec: (field(v, "spec") ?? {}) as Record<string, unknown>,
            labels: { ...((field(v, "metadata", "labels") ?? {}) as Record<string, string>) },
          });
        });
        pods.push(
          mk(
            name,
            {
              ...tpl.labels,
              "controller-revision-hash": `${o.metadata.name}-${hash}`,
              "statefulset.kubernetes.io/pod-name": name,
              "apps.kubernetes.io/pod-index": String(i),
            },
            { controller, ordinal: i, claims: [...ownClaims, ...claims] },
            spec,
          ),
        );
      }
      return { ...base, replicas: n, replicasFrom: from, pods, claimTemplates };
    }
    case "Job": {
      if (field(o.body, "spec", "suspend") === true) return { ...base, replicasFrom: "parallelism", note: "suspended Job: no pods" };
      const parallelism = typeof field(o.body, "spec", "parallelism") === "number" ? (field(o.body, "spec", "parallelism") as number) : 1;
      const completions = field(o.body, "spec", "completions");
      const n = typeof completions === "number" ? Math.min(parallelism, completions) : parallelism;
      const indexed = field(o.body, "spec", "completionMode") === "Indexed";
      const controller = { kind: "Job", name: o.metadata.name };
      const labels = { ...tpl.labels, "batch.kubernetes.io/job-name": o.metadata.name, "job-name": o.metadata.name };
      const pods: ExpandedPod[] = [];
      const used = new Set<string>();
      for (let i = 0; i < n; i++) {
        const suffix = uniqueName("", `${ref}#${i}`, used).slice(1);
        pods.push(
          indexed
            ? mk(`${o.metadata.name}-${i}-${suffix}`, { ...labels, "batch.kubernetes.io/job-completion-index": String(i) }, { controller, ordinal: i })
            : mk(`${o.metadata.name}-${suffix}`, labels, { controller }),
        );
      }
      return { ...base, replicas: n, replicasFrom: "parallelism", pods };
    }
    case "CronJob":
      return { ...base, replicasFrom: "not-expanded", note: "CronJob pods exist only while a run is active; not placed" };
    case "DaemonSet":
      return { ...base, replicasFrom: "spec" };
    default:
      return undefined;
  }
}

/** Tolerations the DaemonSet controller adds to every daemon pod (`util.AddOrUpdateDaemonPodTolerations`). */
export const DAEMONSET_TOLERATIONS = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
] as const;

/**
 * The DaemonSet's pod spec with the daemon tolerations added (the node-specific affinity is added
 * per pod by {@link daemonSetPod}).
 */
export function daemonSetTemplate(o: K8sObject): { labels: Record<string, string>; annotations: Record<string, string>; spec: Record<string, unknown> } | undefined {
  const tpl = podTemplate(o);
  if (!tpl || o.kind !== "DaemonSet") return undefined;
  const tolerations = [...(Array.isArray(tpl.spec["tolerations"]) ? (tpl.spec["tolerations"] as unknown[]) : [])];
  const extra: unknown[] = [...DAEMONSET_TOLERATIONS];
  if (tpl.spec["hostNetwork"] === true) extra.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  for (const t of extra) {
    const tk = t as { key: string; effect: string };
    if (!tolerations.some((x) => field(x, "key") === tk.key && field(x, "effect") === tk.effect)) tolerations.push(t);
  }
  const hash = templateHash(field(o.body, "spec", "template"));
  return {
    labels: { ...tpl.labels, "controller-revision-hash": hash, "pod-template-generation": "1" },
    annotations: tpl.annotations,
    spec: { ...tpl.spec, tolerations },
  };
}

/**
 * The daemon pod for one node: the template with its required node affinity replaced by a
 * `metadata.name` field selector for that node (`ReplaceDaemonSetPodNodeNameNodeAffinity`).
 */
export function daemonSetPod(o: K8sObject, template: NonNullable<ReturnType<typeof daemonSetTemplate>>, nodeName: string): ExpandedPod {
  const ns = o.metadata.namespace ?? "default";
  const ref = objectRef(o);
  const affinity = { ...((template.spec["affinity"] ?? {}) as Record<string, unknown>) };
  affinity["nodeAffinity"] = {
    ...((affinity["nodeAffinity"] ?? {}) as Record<string, unknown>),
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }] },
  };
  const spec = { ...template.spec, affinity };
  return {
    name: `${o.metadata.name}-${nameSuffix(`${ref}@${nodeName}`)}`,
    namespace: ns,
    labels: template.labels,
    annotations: template.annotations,
    spec,
    workload: ref,
    controller: { kind: "DaemonSet", name: o.metadata.name, selector: field(o.body, "spec", "selector") as LabelSelector },
    claims: claimNames(spec),
    templateKey: `${ref}@${nodeName}`,
  };
}
