/**
 * Where the recovery point of each piece of data comes from: the copies that survive the failure the
 * objectives ask for (a node, or a whole site when geo-redundancy is required) — data-service replicas
 * and storage replication — and, when no surviving copy is recent enough, the backups. One item per
 * data service and per stateful workload (claims of workloads that run no data service), with its RPO.
 * @module
 */
import type { PathSegment } from "../../model/diagnostics.js";
import type { Backup, Cluster, DataService, Fleet, StorageBackend } from "../../model/fleet.js";
import {
  backupsOfDataService,
  backupsOfVolumes,
  clusterIndex,
  clusterPath,
  dataFailureScope,
  dataServiceObjective,
  dataServicePath,
  memberSites,
  objectiveOf,
  replicaRecoveryPoint,
} from "./fleet.js";
import { backendsInUse } from "./storage-usage.js";

export interface DataItem {
  kind: "data service" | "volumes";
  /** `orders-db`, or `StatefulSet shop/uploads`. */
  name: string;
  cluster: string;
  namespace?: string;
  rpoMs: number;
  /** The failure the data must survive. */
  scope: "node" | "site";
  /** The best surviving copy: its lag and what it is. */
  copy?: { lagMs: number; what: string };
  /** Backups that hold this data. */
  backups: Backup[];
  /** Where in the fleet file the item is described. */
  path: PathSegment[];
  /** Data services: the replicas declared (for messages). */
  replicas: number;
  dataService?: DataService;
}

/** What storage replication leaves after the failure: sync copies 0, async copies their lag, else nothing. */
export function storageRecoveryPoint(c: Cluster, b: StorageBackend, scope: "node" | "site"): { lagMs: number; what: string } | undefined {
  if (b.replicas < 2 || b.replication === "none") return undefined;
  // A site loss only leaves a copy when the copies are spread over the cluster's sites.
  if (scope === "site" && !(b.failureDomain === "site" && c.sites.length >= 2)) return undefined;
  const lagMs = b.replication === "sync" ? 0 : (b.replicationLagMs ?? Infinity);
  return { lagMs, what: `${b.replication} ${b.provider} copies (${b.name})` };
}

/** Every piece of data in the fleet with its RPO, surviving copy and backups (for the failure the objectives name, or `scope`). */
export function dataItems(fleet: Fleet, scope: "node" | "site" = dataFailureScope(fleet.objectives)): DataItem[] {
  const out: DataItem[] = [];
  // Best storage copy under each data service's primary (its volumes live in the primary's cluster).
  const storageUnder = new Map<string, { lagMs: number; what: string }>();
  for (const c of fleet.clusters) {
    const index = clusterIndex(c);
    for (const use of backendsInUse(index, c, fleet)) {
      const storage = storageRecoveryPoint(c, use.backend, scope);
      for (const x of use.consumers) {
        if (x.dataServices.length > 0) {
          for (const d of x.dataServices) {
            const best = storageUnder.get(d.name);
            if (storage && d.primary.cluster === c.name && (!best || storage.lagMs < best.lagMs)) storageUnder.set(d.name, storage);
          }
          continue;
        }
        if (!x.workload) continue; // a claim nobody mounts holds no live data worth an RPO
        const w = x.workload;
        // The cluster's own index knows which Services select the workload (objectives may name either).
        const o = objectiveOf(fleet.objectives, [w.name, ...index.servicesFor(w).map((svc) => svc.metadata.name)], w.namespace);
        const name = `${w.kind} ${w.namespace}/${w.name}`;
        if (out.some((i) => i.kind === "volumes" && i.name === name && i.cluster === c.name)) continue;
        out.push({
          kind: "volumes",
          name,
          cluster: c.name,
          namespace: w.namespace,
          rpoMs: o.rpoMs,
          scope,
          copy: storage,
          backups: backupsOfVolumes(fleet, c.name, w.namespace),
          path: [...clusterPath(fleet, c.name), "storage", use.index],
          replicas: 0,
        });
      }
    }
  }
  for (const d of fleet.dataServices) {
    const rp = replicaRecoveryPoint(fleet, d, scope);
    let copy = rp ? { lagMs: rp.lagMs, what: `${rp.replica.mode} replica in ${rp.replica.cluster}${rp.replica.zone ? ` (${rp.replica.zone})` : ""}` } : undefined;
    // Storage under the primary's volumes may keep a better copy.
    const storage = storageUnder.get(d.name);
    if (storage && (!copy || storage.lagMs < copy.lagMs)) copy = storage;
    const ns = d.spec.workload?.namespace;
    const volumeBackups = d.spec.workload ? fleet.backups.filter((b) => b.volumes && b.clusters.includes(d.primary.cluster) && (b.namespaces === undefined || (ns !== undefined && b.namespaces.includes(ns)))) : [];
    out.push({
      kind: "data service",
      name: d.name,
      cluster: d.primary.cluster,
      namespace: ns,
      rpoMs: dataServiceObjective(fleet, d).rpoMs,
      scope,
      copy,
      backups: [...new Set([...backupsOfDataService(fleet, d), ...volumeBackups])],
      path: dataServicePath(fleet, d.name),
      replicas: d.replicas.length,
      dataService: d,
    });
  }
  return out;
}

/** Sites holding the live data a backup protects (its data services' members, its clusters). */
export function protectedSites(fleet: Fleet, b: Backup): Set<string> {
  const sites = new Set<string>();
  for (const d of fleet.dataServices) {
    if (!backupsOfDataService(fleet, d).includes(b)) continue;
    for (const m of [d.primary, ...d.replicas]) for (const s of memberSites(fleet, m)) sites.add(s);
  }
  for (const cn of b.clusters) {
    const c = fleet.cluster(cn);
    if (!c) continue;
    if (b.volumes) {
      // Volumes live where pods run: the workers (or every node when the control plane runs workloads too).
      const workers = c.nodes.filter((n) => n.role !== "control-plane");
      for (const n of workers.length > 0 ? workers : c.nodes) sites.add(n.site);
    } else if (b.dataServices.length === 0) {
      // Cluster state (etcd snapshots, resources) lives with etcd; a managed control plane is the provider's region.
      const members = c.controlPlane.etcd.members;
      for (const s of members.length > 0 ? members.map((m) => m.site) : c.sites) sites.add(s);
    }
  }
  return sites;
}
