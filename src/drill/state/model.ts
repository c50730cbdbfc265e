/**
 * The static side of a drill, built once per fleet and reused by every scenario of a sweep: each
 * cluster's twin (placed once; scenarios run between snapshot and restore), its nodes by zone, its
 * workloads, volumes, etcd members and API endpoint instances.
 * @module
 */
import type { Timing } from "../../catalog/kubernetes-timing.js";
import type { K8sObject } from "../../k8s/object.js";
import type { Cluster, Fleet, StorageBackend } from "../../model/fleet.js";
import { LABEL_REGION, LABEL_ZONE } from "../../model/fleet.js";
import { createTwin, type Twin } from "../../twin/index.js";
import type { Segment } from "../types.js";
import { claimsOfPod, workloadInfos, type WorkloadInfo } from "./workloads.js";

/** `node.kubernetes.io/exclude-disruption`: nodes the node lifecycle controller leaves out of zone states. */
export const LABEL_EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

export interface NodeInfo {
  name: string;
  zone: string;
  site: string;
  /** `nodetopology.GetZoneKey`: region and zone, the unit of zone states and eviction rate limiting. */
  zoneKey: string;
  controlPlane: boolean;
  excluded: boolean;
}

export interface VolumeInfo {
  /** `namespace/claim`. */
  key: string;
  backend?: StorageBackend;
  zonal: boolean;
  /** ReadWriteOnce (or ReadWriteOncePod): one node at a time, so a new node waits for the detach. */
  rwo: boolean;
  zone?: string;
  node?: string;
}

export interface Place {
  node?: string;
  zone: string;
  site: string;
}

export interface EtcdInfo extends Place {
  name: string;
}

export interface EndpointInstance extends Place {
  name: string;
}

export class ClusterModel {
  readonly name: string;
  readonly timing: Timing;
  readonly twin: Twin;
  readonly nodes = new Map<string, NodeInfo>();
  /** Zone key → nodes counted in its zone state. */
  readonly zones = new Map<string, string[]>();
  readonly workloads: Map<string, WorkloadInfo>;
  readonly volumes = new Map<string, VolumeInfo>();
  readonly etcd: EtcdInfo[] = [];
  readonly endpoint: { kind: string; instances: EndpointInstance[]; failoverMs: number };
  /** Where the leaders sit (etcd, kube-controller-manager, kube-scheduler, VIP): the first control-plane node — the worst one to lose. */
  readonly leaderNode?: string;
  readonly managed: boolean;
  readonly notes: string[] = [];
  /** Recovery steps every scenario builds alike (a workload's pod start, kube-proxy's sync), made once: segments are never changed. */
  private readonly segments = new Map<string, Segment>();

  private readonly starts = new Map<string, Segment>();

  /** The segment under `key`, made by `make` the first time. */
  segment(key: string, make: () => Segment): Segment {
    let s = this.segments.get(key);
    if (!s) {
      s = make();
      this.segments.set(key, s);
    }
    return s;
  }

  /** The pod-start segment of a workload's pods (by workload ref), made by `make` the first time. */
  startSegment(workload: string, make: () => Segment): Segment {
    let s = this.starts.get(workload);
    if (!s) {
      s = make();
      this.starts.set(workload, s);
    }
    return s;
  }

  constructor(
    readonly cluster: Cluster,
    fleet: Fleet,
    seed: number,
  ) {
    this.name = cluster.name;
    this.timing = cluster.timing;
    this.managed = cluster.controlPlane.managed;
    this.twin = createTwin(cluster, { seed });
    const placed = this.twin.placeAll();
    if (placed.pending > 0) this.notes.push(`${placed.pending} pod(s) of cluster ${cluster.name} are Pending before any failure (see hactl place); recovery is measured against the pods that run`);
    const siteOf = (zone: string) => fleet.zone(zone)?.site ?? zone;
    for (const n of cluster.nodes) {
      const info: NodeInfo = {
        name: n.name,
        zone: n.zone,
        site: n.site,
        zoneKey: `${n.labels[LABEL_REGION] ?? ""}:\u0000:${n.labels[LABEL_ZONE] ?? ""}`,
        controlPlane: n.role === "control-plane",
        excluded: n.labels[LABEL_EXCLUDE_DISRUPTION] !== undefined,
      };
      this.nodes.set(n.name, info);
      if (!info.excluded) {
        const list = this.zones.get(info.zoneKey) ?? [];
        list.push(n.name);
        this.zones.set(info.zoneKey, list);
      }
    }
    this.workloads = workloadInfos(cluster.objects, this.twin.workloads(), this.timing);
    for (const v of this.twin.volumes()) {
      const backend = cluster.storage.find((b) => b.name === v.backend);
      this.volumes.set(`${v.namespace}/${v.claim}`, {
        key: `${v.namespace}/${v.claim}`,
        backend,
        zonal: v.zonal,
        rwo: v.accessModes.length === 0 ? true : !v.accessModes.some((m) => m === "ReadWriteMany" || m === "ReadOnlyMany"),
        zone: v.zone,
        node: v.node,
      });
    }
    const cp = cluster.controlPlane;
    const cpNodes = cp.nodes;
    this.leaderNode = cpNodes[0]?.name;
    // A managed control plane runs its etcd members and endpoint in up to three of the cluster's zones.
    const managedZones = cluster.zones.slice(0, 3);
    if (this.managed || cp.etcd.topology === "managed") {
      const zones = managedZones.length > 0 ? managedZones : [cluster.nodes[0]?.zone ?? ""];
      for (let i = 0; i < 3; i++) {
        const z = zones[i % zones.length]!;
        this.etcd.push({ name: `managed-etcd-${i + 1}`, zone: z, site: siteOf(z) });
      }
    } else if (cp.etcd.topology === "embedded-sqlite") {
      const n = cpNodes[0];
      if (n) this.etcd.push({ name: `${n.name}-sqlite`, node: n.name, zone: n.zone, site: n.site });
    } else {
      for (const m of cp.etcd.members) this.etcd.push({ name: m.name, node: m.node, zone: m.zone, site: m.site });
    }
    const ep = cp.endpoint;
    const instances: EndpointInstance[] = [];
    if (this.managed || ep.kind === "cloud-lb") {
      const zones = managedZones.length > 0 ? managedZones : [cluster.nodes[0]?.zone ?? ""];
      for (let i = 0; i < Math.max(ep.instances, 1); i++) {
        const z = zones[i % zones.length]!;
        instances.push({ name: `lb-${i + 1}`, zone: z, site: siteOf(z) });
      }
    } else {
      const count = ep.kind === "single-node" ? 1 : Math.max(ep.instances, 1);
      for (let i = 0; i < count; i++) {
        const n = cpNodes[i % Math.max(cpNodes.length, 1)];
        instances.push(i < cpNodes.length && n ? { name: n.name, node: n.name, zone: n.zone, site: n.site } : { name: `${ep.kind}-${i + 1}`, zone: n?.zone ?? "", site: n?.site ?? "" });
      }
    }
    this.endpoint = { kind: this.managed ? "cloud-lb" : ep.kind, instances, failoverMs: ep.failoverMs };
  }

  private podClaims?: Map<string, string[]>;

  /** PVCs (`namespace/claim`) of every pod that mounts some, before any failure. Computed on first use. */
  claimsByPod(): Map<string, string[]> {
    if (!this.podClaims) {
      this.podClaims = new Map();
      for (const p of this.twin.pods()) {
        const w = this.workloads.get(p.workload);
        const claims = w ? claimsOfPod(w, p.name) : [];
        if (claims.length > 0) this.podClaims.set(p.ref, [...claims]);
      }
    }
    return this.podClaims;
  }
}

/** Every cluster's model, placed once. */
export class DrillModel {
  readonly clusters = new Map<string, ClusterModel>();

  constructor(
    readonly fleet: Fleet,
    readonly seed: number,
    reuse?: ReadonlyMap<string, ClusterModel>,
  ) {
    for (const c of fleet.clusters) this.clusters.set(c.name, reuse?.get(c.name) ?? new ClusterModel(c, fleet, seed));
  }

  /**
   * The same fleet with one cluster's Kubernetes objects replaced (a counterfactual manifest change):
   * that cluster is placed again, the others' twins are shared.
   */
  withObjects(cluster: string, objects: K8sObject[]): DrillModel {
    const reuse = new Map(this.clusters);
    reuse.delete(cluster);
    const clusters = this.fleet.clusters.map((c) => (c.name === cluster ? { ...c, objects } : c));
    const fleet: Fleet = { ...this.fleet, clusters, cluster: (n) => clusters.find((c) => c.name === n) };
    return new DrillModel(fleet, this.seed, reuse);
  }

  cluster(name: string): ClusterModel {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`no cluster "${name}" in fleet ${this.fleet.name}`);
    return c;
  }
}
