/**
 * The normalised Fleet: a typed, resolved graph that every engine reads. Built from a validated
 * Fleet document (see schema/fleet.ts) by normalize/; names are resolved to objects, node pools are
 * expanded into named nodes with the standard topology labels, durations are milliseconds, quantities
 * are numbers, and timing defaults for each cluster's Kubernetes version are applied.
 * @module
 */
import type { K8sObject } from "../k8s/object.js";
import type { Timing, TimingOrigin } from "../catalog/kubernetes-timing.js";
import type { SourceDoc } from "./load/yaml-source.js";
import type {
  BackupSpec,
  ClusterSpec,
  DataServiceSpec,
  FleetDocument,
  Objectives,
  PlacementSpec,
  SiteSpec,
  StorageBackendSpec,
  TrafficHostnameSpec,
} from "./schema/fleet.js";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_ZONE = "topology.kubernetes.io/zone";
export const LABEL_REGION = "topology.kubernetes.io/region";
export const LABEL_CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
/** Set by the kubelet on every node; charts and add-ons (CoreDNS, ingress-nginx) select `linux`. */
export const LABEL_OS = "kubernetes.io/os";

export interface Site {
  name: string;
  kind: SiteSpec["kind"];
  region: string;
  provider?: string;
  jurisdiction?: string;
  /** Zone names; a site declared without zones has one zone named after the site. */
  zones: string[];
  /** True when the zones were declared (not the implicit single zone). */
  declaredZones: boolean;
}

export interface Zone {
  name: string;
  site: string;
  region: string;
}

export interface Rtt {
  ms: number;
  /** declared: a latency link; default: same zone/site defaults; unknown: two sites without a link. */
  origin: "declared" | "default" | "unknown";
}

export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface Resources {
  /** CPU in cores. */
  cpu: number;
  /** Memory in bytes. */
  memory: number;
  pods: number;
  ephemeralStorage?: number;
  extended: Record<string, number>;
}

export interface Node {
  name: string;
  cluster: string;
  /** Node pool name, or `control-plane`. */
  pool: string;
  role: "control-plane" | "worker" | "storage" | "edge" | "infra";
  zone: string;
  site: string;
  region: string;
  labels: Record<string, string>;
  taints: Taint[];
  allocatable: Resources;
  unschedulable: boolean;
}

export interface EtcdMember {
  name: string;
  /** The control-plane node hosting a stacked member. */
  node?: string;
  zone: string;
  site: string;
}

export interface ControlPlane {
  managed: boolean;
  nodes: Node[];
  etcd: { topology: "stacked" | "external" | "managed" | "embedded-sqlite"; members: EtcdMember[] };
  endpoint: { kind: "kube-vip" | "haproxy-keepalived" | "cloud-lb" | "dns" | "single-node"; instances: number; address?: string; failoverMs: number };
}

export interface StorageBackend {
  name: string;
  provider: StorageBackendSpec["provider"];
  replicas: number;
  replication: "sync" | "async" | "none";
  replicationLagMs?: number;
  failureDomain: "host" | "zone" | "site";
  storageClasses: string[];
  accessModes: string[];
  zonal: boolean;
  volumeBindingMode: "Immediate" | "WaitForFirstConsumer";
  nodes: string[];
}

export interface Cluster {
  name: string;
  spec: ClusterSpec;
  version: { major: 1; minor: number; text: string };
  distribution: ClusterSpec["distribution"];
  role?: ClusterSpec["role"];
  /** Every node: control plane first, then pools in order. */
  nodes: Node[];
  controlPlane: ControlPlane;
  /** Zones and sites where the cluster has nodes or etcd members. */
  zones: string[];
  sites: string[];
  storage: StorageBackend[];
  network: ClusterSpec["network"];
  ingress: ClusterSpec["ingress"];
  timing: Timing;
  /** Which timing values were overridden, and where. */
  timingOrigin: Record<string, TimingOrigin>;
  /** Kubernetes objects that run in this cluster (after placement). */
  objects: K8sObject[];
}

export interface ServiceObjective {
  name: string;
  namespace?: string;
  rtoMs: number;
  rpoMs: number;
  critical: boolean;
}

export interface ResolvedObjectives {
  spec: Objectives;
  rtoMs: number;
  rpoMs: number;
  budget: Objectives["budget"];
  geoRedundancy: Objectives["geoRedundancy"];
  dataResidency?: string[];
  /** Explicit, or inferred: some site declares ≥ 2 zones. */
  providerZones: boolean;
  /** Explicit, or inferred: some site is of kind edge. */
  edge: boolean;
  services: ServiceObjective[];
}

export interface Placement {
  spec: PlacementSpec;
  name: string;
  mode: PlacementSpec["mode"];
  standby: "hot" | "warm" | "cold";
  failover: "automatic" | "manual";
  promotionMs: number;
  clusters: string[];
  /** Replicas per cluster for Divided scheduling: weight share; Duplicated: 1 each. */
  weights: Record<string, number>;
  scheduling: "Duplicated" | "Divided";
  /** Workloads (by `namespace/name`) this placement selected. */
  selected: string[];
}

export interface TrafficHostname {
  spec: TrafficHostnameSpec;
  name: string;
  strategy: TrafficHostnameSpec["strategy"];
  ttlMs: number;
  /** Detection time: interval × fall. */
  detectionMs: number;
  targets: TrafficHostnameSpec["targets"];
}

export interface DataService {
  spec: DataServiceSpec;
  name: string;
  engine: DataServiceSpec["engine"];
  failover: "automatic" | "manual";
  failoverMs?: number;
  primary: { cluster: string; zone?: string; site?: string };
  replicas: { cluster: string; zone?: string; site?: string; mode: "sync" | "async"; lagMs: number; count: number }[];
}

export interface Backup {
  spec: BackupSpec;
  name: string;
  tool: BackupSpec["tool"];
  schedule: string;
  /** Longest gap between two scheduled runs (worst case for RPO). */
  maxIntervalMs: number;
  durationMs: number;
  restoreMs: number;
  site: string;
  clusters: string[];
  namespaces?: string[];
  dataServices: string[];
  volumes: boolean;
  lastRestoreTest?: string;
}

/** What a drill step fails (or recovers), with every name resolved (see schema/scenarios.ts). */
export type FailureTarget =
  | { kind: "node"; cluster: string; node: string }
  | { kind: "shutdown"; cluster: string; node: string; gracePeriodMs: number }
  | { kind: "drain"; cluster: string; node: string }
  | { kind: "zone"; zone: string }
  | { kind: "site"; site: string }
  | { kind: "cluster"; cluster: string }
  | { kind: "etcd-member"; cluster: string; member: string }
  | { kind: "endpoint"; cluster: string; instances: number }
  | { kind: "storage-node"; cluster: string; node: string }
  | { kind: "gslb-target"; hostname: string; cluster: string }
  | { kind: "partition"; groups: string[][] }
  | { kind: "latency"; between: [string, string]; rttMs: number };

export interface ScenarioStep {
  atMs: number;
  action: "fail" | "recover" | "out-of-service";
  target: FailureTarget;
}

/** A failure drill: steps at times (sorted by `atMs`). */
export interface Scenario {
  name: string;
  description?: string;
  steps: ScenarioStep[];
}

export interface Fleet {
  name: string;
  document: FleetDocument;
  source: SourceDoc;
  objectives: ResolvedObjectives;
  sites: Site[];
  zones: Zone[];
  clusters: Cluster[];
  placement: Placement[];
  traffic: { resolverCacheMs: number; provider: string; hostnames: TrafficHostname[] };
  dataServices: DataService[];
  backups: Backup[];
  /** Failure drills declared in spec.scenarios. */
  scenarios: Scenario[];
  /** All Kubernetes objects of the fleet, once each (a cluster's `objects` holds those placed there). */
  objects: K8sObject[];
  /** RTT between two zones or sites (by name). */
  rtt(a: string, b: string): Rtt;
  site(name: string): Site | undefined;
  zone(name: string): Zone | undefined;
  cluster(name: string): Cluster | undefined;
}
