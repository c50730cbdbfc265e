/**
 * The indexed view a rule queries: objects by kind and by name, workloads (top-level pod creators)
 * with their pod templates, and the companions that follow them — PodDisruptionBudgets, Services and
 * HorizontalPodAutoscalers — resolved once with exact selector semantics and namespaces. Built in
 * O(objects + matches): a label index (namespace → `key=value` → workloads) narrows every selector
 * to its candidates before the full match.
 * @module
 */
import { field, type K8sObject } from "../../k8s/object.js";
import { compileMapSelector, type Selector } from "../../k8s/selector.js";
import { buildHpa, buildPdb, buildWorkload, hasController, type Hpa, type Pdb, type Workload } from "./workloads.js";

export type { Container, Hpa, Pdb, Workload } from "./workloads.js";

export interface CheckIndex {
  /** Every object of this run, in input order. */
  readonly objects: readonly K8sObject[];
  /** Objects of one kind (`Deployment`, `StorageClass`, ...). */
  byKind(kind: string): readonly K8sObject[];
  /** One object by kind, namespace (ignored for cluster-scoped kinds) and name. */
  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined;
  /** Top-level pod creators: workload kinds (and Argo Rollouts) not owned by a controller. */
  readonly workloads: readonly Workload[];
  /** The workload view of an object, if it is one. */
  workload(o: K8sObject): Workload | undefined;
  readonly pdbs: readonly Pdb[];
  pdb(o: K8sObject): Pdb | undefined;
  /** Workloads whose pod template labels a selector matches, in one namespace. */
  workloadsMatching(namespace: string, selector: Selector): Workload[];
  /** PDBs whose selector matches the workload's pod template labels (same namespace). */
  pdbsFor(w: Workload): readonly Pdb[];
  /** Workloads a PDB covers. */
  workloadsOfPdb(p: Pdb): readonly Workload[];
  /** Services whose selector matches the workload's pod template labels (same namespace). */
  servicesFor(w: Workload): readonly K8sObject[];
  /** The HPA whose scaleTargetRef names the workload. */
  hpaFor(w: Workload): Hpa | undefined;
  /** Replicas the workload runs at least / at most: the HPA's range, else `spec.replicas` (default 1). */
  replicaRange(w: Workload): { min: number; max: number } | undefined;
}

const key = (kind: string, ns: string | undefined, name: string) => `${kind}\u0000${ns ?? ""}\u0000${name}`;

export function buildIndex(objects: readonly K8sObject[]): CheckIndex {
  const byKind = new Map<string, K8sObject[]>();
  const byKey = new Map<string, K8sObject>();
  for (const o of objects) {
    const list = byKind.get(o.kind);
    if (list) list.push(o);
    else byKind.set(o.kind, [o]);
    byKey.set(key(o.kind, o.metadata.namespace, o.metadata.name), o);
  }

  const workloads: Workload[] = [];
  const workloadOf = new Map<K8sObject, Workload>();
  for (const o of objects) {
    if (hasController(o)) continue;
    const w = buildWorkload(o);
    if (!w) continue;
    workloads.push(w);
    workloadOf.set(o, w);
  }

  // Label index: namespace → "key=value" → workloads whose template carries that label.
  const labelIndex = new Map<string, Map<string, Workload[]>>();
  const inNamespace = new Map<string, Workload[]>();
  for (const w of workloads) {
    let idx = labelIndex.get(w.namespace);
    if (!idx) labelIndex.set(w.namespace, (idx = new Map()));
    for (const [k, v] of Object.entries(w.template.labels)) {
      const kv = `${k}=${v}`;
      const list = idx.get(kv);
      if (list) list.push(w);
      else idx.set(kv, [w]);
    }
    const all = inNamespace.get(w.namespace);
    if (all) all.push(w);
    else inNamespace.set(w.namespace, [w]);
  }

  const workloadsMatching = (namespace: string, selector: Selector): Workload[] => {
    if (selector.nothing) return [];
    const all = inNamespace.get(namespace) ?? [];
    if (selector.empty) return [...all];
    // Narrow by the most selective single-valued In requirement, then match fully.
    let candidates: Workload[] = all;
    const idx = labelIndex.get(namespace);
    for (const r of selector.requirements) {
      if (r.operator !== "In" || r.values?.length !== 1) continue;
      const hit = idx?.get(`${r.key}=${r.values[0]}`) ?? [];
      if (hit.length < candidates.length) candidates = hit;
      if (candidates.length === 0) return [];
    }
    return candidates.filter((w) => selector.matches(w.template.labels));
  };

  const pdbs = (byKind.get("PodDisruptionBudget") ?? []).map(buildPdb);
  const pdbOf = new Map<K8sObject, Pdb>(pdbs.map((p) => [p.object, p]));
  const pdbsOfWorkload = new Map<Workload, Pdb[]>();
  const workloadsOfPdb = new Map<Pdb, Workload[]>();
  for (const p of pdbs) {
    const matched = workloadsMatching(p.namespace, p.selector);
    workloadsOfPdb.set(p, matched);
    for (const w of matched) {
      const list = pdbsOfWorkload.get(w);
      if (list) list.push(p);
      else pdbsOfWorkload.set(w, [p]);
    }
  }

  const servicesOf = new Map<Workload, K8sObject[]>();
  for (const s of byKind.get("Service") ?? []) {
    const sel = compileMapSelector(field(s.body, "spec", "selector") as Record<string, string> | undefined);
    for (const w of workloadsMatching(s.metadata.namespace ?? "default", sel)) {
      const list = servicesOf.get(w);
      if (list) list.push(s);
      else servicesOf.set(w, [s]);
    }
  }

  const hpaOf = new Map<string, Hpa>();
  for (const h of byKind.get("HorizontalPodAutoscaler") ?? []) {
    const ref = field(h.body, "spec", "scaleTargetRef") as { kind?: unknown; name?: unknown } | undefined;
    if (typeof ref?.kind !== "string" || typeof ref.name !== "string") continue;
    hpaOf.set(key(ref.kind, h.metadata.namespace, ref.name), buildHpa(h));
  }
  for (const w of workloads) w.hpa = hpaOf.get(key(w.kind, w.namespace, w.name));

  return {
    objects,
    byKind: (kind) => byKind.get(kind) ?? [],
    get: (kind, ns, name) => byKey.get(key(kind, ns, name)) ?? byKey.get(key(kind, undefined, name)),
    workloads,
    workload: (o) => workloadOf.get(o),
    pdbs,
    pdb: (o) => pdbOf.get(o),
    workloadsMatching,
    pdbsFor: (w) => pdbsOfWorkload.get(w) ?? [],
    workloadsOfPdb: (p) => workloadsOfPdb.get(p) ?? [],
    servicesFor: (w) => servicesOf.get(w) ?? [],
    hpaFor: (w) => w.hpa,
    replicaRange(w) {
      if (w.hpa) return { min: w.hpa.minReplicas, max: Math.max(w.hpa.minReplicas, w.hpa.maxReplicas) };
      if (w.replicas === undefined) return undefined;
      return { min: w.replicas, max: w.replicas };
    },
  };
}
