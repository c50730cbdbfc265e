/**
 * Which fleet storage backends a cluster's workloads actually use, and by whom: PersistentVolumeClaims
 * (mounted by a workload, or standing alone) and StatefulSet volumeClaimTemplates, resolved to a backend
 * through their StorageClass (named, or the class annotated as the default). Each consumer knows the
 * data services its workload runs, so rules can tell storage that is the only copy from storage under
 * an application that replicates by itself.
 * @module
 */
import { claimsOf } from "../../k8s/claims.js";
import type { K8sObject } from "../../k8s/object.js";
import type { Cluster, DataService, Fleet, StorageBackend } from "../../model/fleet.js";
import { dataServicesOfWorkload } from "./fleet.js";
import type { CheckIndex, Workload } from "./index.js";
import { claimVolumes } from "./storage.js";

export interface Consumer {
  /** The workload using the volume; undefined for a claim nobody mounts (data at rest). */
  workload?: Workload;
  /** The claim object (PVC) or the StatefulSet holding the template. */
  claimOwner: K8sObject;
  claim: string;
  /** Data services this workload runs in the cluster (by `dataServices[].workload`). */
  dataServices: DataService[];
}

export interface BackendUse {
  backend: StorageBackend;
  /** Index of the backend in `spec.clusters[i].storage`. */
  index: number;
  consumers: Consumer[];
}

/** Members a data service runs in one cluster: the primary (if there) plus the replicas there. */
export function membersIn(d: DataService, cluster: string): number {
  return (d.primary.cluster === cluster ? 1 : 0) + d.replicas.filter((r) => r.cluster === cluster).reduce((s, r) => s + r.count, 0);
}

/** True when the application keeps its own copies in this cluster (≥ 2 members of a data service, each with its own volume). */
export function replicatesInCluster(c: Consumer, cluster: string): boolean {
  return c.dataServices.some((d) => membersIn(d, cluster) >= 2);
}

/** Backends of the cluster that at least one claim uses, with their consumers (backend order). */
export function backendsInUse(index: CheckIndex, cluster: Cluster, fleet: Fleet): BackendUse[] {
  if (cluster.storage.length === 0) return [];
  const byClass = new Map<string, number>();
  cluster.storage.forEach((b, i) => b.storageClasses.forEach((sc) => byClass.set(sc, i)));
  // Who mounts which PVC.
  const mounters = new Map<K8sObject, Workload[]>();
  for (const w of index.workloads) {
    for (const v of claimVolumes(index, w)) {
      if (!v.claim) continue;
      mounters.set(v.claim, [...(mounters.get(v.claim) ?? []), w]);
    }
  }
  const uses = new Map<number, BackendUse>();
  for (const claim of claimsOf(index.objects)) {
    const bi = claim.storageClass === undefined ? undefined : byClass.get(claim.storageClass);
    if (bi === undefined) continue;
    let use = uses.get(bi);
    if (!use) uses.set(bi, (use = { backend: cluster.storage[bi]!, index: bi, consumers: [] }));
    const owners = claim.owner.kind === "StatefulSet" ? [index.workload(claim.owner)].filter((w): w is Workload => w !== undefined) : (mounters.get(claim.owner) ?? []);
    if (owners.length === 0) use.consumers.push({ claimOwner: claim.owner, claim: claim.name, dataServices: [] });
    for (const w of owners) {
      use.consumers.push({ workload: w, claimOwner: claim.owner, claim: claim.name, dataServices: dataServicesOfWorkload(fleet, cluster.name, w) });
    }
  }
  return [...uses.values()].sort((a, b) => a.index - b.index);
}

/** `StatefulSet shop/db`, or `PersistentVolumeClaim shop/data` for a claim nobody mounts. */
export function consumerName(c: Consumer): string {
  if (c.workload) return `${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`;
  return `${c.claimOwner.kind} ${c.claimOwner.metadata.namespace ?? "default"}/${c.claimOwner.metadata.name}`;
}

/** Distinct consumer names, at most `max`, with "and n more". */
export function consumerList(list: readonly Consumer[], max = 3): string {
  const names = [...new Set(list.map(consumerName))];
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}
