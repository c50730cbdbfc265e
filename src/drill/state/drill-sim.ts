/**
 * One scenario's world: the clock, every cluster's dynamic state, the network, the data services and
 * traffic host names, and the accounting. Mechanisms (src/drill/mechanisms) change it; the recorder
 * reads it. Counterfactual tweaks (a shorter toleration, a witness etcd member, automatic fencing)
 * are applied here so a re-run differs only by the change.
 * @module
 */
import type { Backup, DataService } from "../../model/fleet.js";
import type { Sim } from "../engine/sim.js";
import { Recorder, type Level } from "../accounting/recorder.js";
import type { ServiceRegistry } from "../accounting/services.js";
import type { Segment } from "../types.js";
import { ClusterSim } from "./cluster-sim.js";
import type { DrillModel, EndpointInstance, EtcdInfo } from "./model.js";
import { Reachability } from "./reach.js";
import type { DataSim, HostSim } from "./service-state.js";

/** Changes a counterfactual re-run applies (each names one change an operator could make). */
export interface Tweaks {
  /** `cluster|Kind/ns/name` → tolerationSeconds for node.kubernetes.io/unreachable and not-ready. */
  tolerationSeconds?: Map<string, number>;
  /** Fencing automation applies node.kubernetes.io/out-of-service this long after a node goes NotReady. */
  fencingAfterMs?: number;
  /** Hostname → TTL / detection overrides. */
  hostnames?: Map<string, { ttlMs?: number; detectionMs?: number }>;
  /** Data service name → replacement definition. */
  dataServices?: Map<string, DataService>;
  /** Backup name → replacement definition. */
  backups?: Map<string, Backup>;
  /** Cluster → extra etcd members (a witness). */
  etcdMembers?: Map<string, EtcdInfo[]>;
  /** Cluster → an API endpoint in place of its own (kube-vip instead of a single node). */
  endpoints?: Map<string, { kind: string; instances: EndpointInstance[]; failoverMs: number }>;
}

export type Reactor = (id: string) => void;

/** Calls the control plane makes into node lifecycle (set by the runner, so neither imports the other). */
export interface ControlPlaneHooks {
  onNewControllerLeader(ds: DrillSim, cs: ClusterSim): void;
  onApiReachability(ds: DrillSim, cs: ClusterSim): void;
}

export class DrillSim {
  readonly clusters = new Map<string, ClusterSim>();
  readonly reach: Reachability;
  readonly recorder: Recorder;
  /** Zones and sites that failed (and have not recovered). */
  readonly failedZones = new Set<string>();
  readonly failedSites = new Set<string>();
  readonly failedClusters = new Set<string>();
  /** Storage nodes failed through a storageNode step (their data is gone or unreachable). */
  readonly failedStorage = new Set<string>();
  /** GSLB targets failed through a gslbTarget step: `hostname|cluster`. */
  readonly failedTargets = new Set<string>();
  /** Times of fail steps (RTO counts from the last one before a service's outage). */
  readonly failureTimes: number[] = [];
  readonly data = new Map<string, DataSim>();
  readonly hosts = new Map<string, HostSim>();
  /** Active-passive workload services: when their standby serves, and how. */
  readonly promotions = new Map<string, number>();
  readonly promotionChains = new Map<string, Segment[]>();
  readonly notes: string[] = [];
  /** Per service kind: reacts to a touch before the recorder evaluates (schedules failovers, DNS moves). */
  readonly reactors = new Map<string, Reactor>();
  hooks?: ControlPlaneHooks;
  /** Bumped whenever what etcd quorum depends on changes (members, nodes, zones, partitions): memo key. */
  stamp = 0;
  /** Evaluates a service's level now. */
  evaluate: (id: string) => Level = () => 2;
  private readonly reacting = new Set<string>();

  constructor(
    readonly sim: Sim,
    readonly model: DrillModel,
    readonly registry: ServiceRegistry,
    readonly tweaks: Tweaks = {},
  ) {
    this.reach = new Reachability(model.fleet);
    this.recorder = new Recorder((id) => this.evaluate(id));
    for (const [name, cm] of model.clusters) this.clusters.set(name, new ClusterSim(cm, (c, w, cause) => this.touchWorkload(c, w, cause), tweaks.etcdMembers?.get(name) ?? [], tweaks.endpoints?.get(name)));
    sim.onSettle((t) => this.settle(t));
  }

  cluster(name: string): ClusterSim {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`no cluster "${name}"`);
    return c;
  }

  get fleet() {
    return this.model.fleet;
  }

  touchWorkload(cluster: string, workload: string, cause?: Segment[]): void {
    for (const id of this.registry.ofWorkload(cluster, workload)) this.touch(id, cause);
  }

  /** Marks the services of a whole cluster (control plane, data services, hostnames) for evaluation. */
  touchCluster(cluster: string, cause?: Segment[]): void {
    for (const id of this.registry.ofCluster(cluster)) this.touch(id, cause);
  }

  touch(id: string, cause?: Segment[]): void {
    this.recorder.touch(id, cause);
    this.reacting.add(id);
  }

  private settle(t: number): void {
    // Reactors may touch more services (a data service failing over makes its hostname re-check).
    for (let round = 0; round < 4 && this.reacting.size > 0; round++) {
      const ids = [...this.reacting];
      this.reacting.clear();
      for (const id of ids) {
        const kind = this.registry.byId.get(id)?.kind;
        if (kind) this.reactors.get(kind)?.(id);
      }
    }
    this.recorder.settle(t);
  }

  /** A zone is failed when it, its site, or (for a managed control plane) the whole cluster failed. */
  zoneDown(zone: string): boolean {
    return this.failedZones.has(zone) || this.failedSites.has(this.fleet.zone(zone)?.site ?? zone);
  }

  backup(b: Backup): Backup {
    return this.tweaks.backups?.get(b.name) ?? b;
  }

  dataService(d: DataService): DataService {
    return this.tweaks.dataServices?.get(d.name) ?? d;
  }
}
