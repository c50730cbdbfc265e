/**
 * Public data shapes of the twin: plain objects with stable JSON forms, returned by `Twin` queries
 * and operations and printed by `hactl place -o json`.
 * @module
 */

export interface TwinOptions {
  /** Seed of the random tie-break (and of zones picked for Immediate zonal volumes). Default 1. */
  seed?: number;
  /**
   * kube-scheduler's `percentageOfNodesToScore`: 0 (default) is adaptive — 50 − nodes/125 %, at
   * least 5 %, and never fewer than 100 nodes; 100 scores every feasible node.
   */
  percentageOfNodesToScore?: number;
}

/** A node as the twin sees it now. */
export interface NodeView {
  name: string;
  zone: string;
  pool?: string;
  role?: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
  unschedulable: boolean;
  /** Ready condition: True, False (NotReady) or Unknown (unreachable). */
  ready: "True" | "False" | "Unknown";
  pods: number;
}

export interface ResourceUse {
  /** Requested by bound pods (cpu in cores, memory and storage in bytes). */
  requested: number;
  allocatable: number;
  /** requested / allocatable (0..1); 0 when nothing is allocatable. */
  ratio: number;
}

export interface NodeUtilisation {
  node: string;
  zone: string;
  pods: { count: number; allocatable: number };
  cpu: ResourceUse;
  memory: ResourceUse;
  /** Extended resources with a request or an allocatable amount. */
  extended: Record<string, ResourceUse>;
  unschedulable: boolean;
  ready: NodeView["ready"];
}

export interface ZoneSummary {
  zone: string;
  nodes: number;
  /** Nodes that take new pods (Ready, not cordoned). */
  schedulableNodes: number;
  pods: number;
  cpu: ResourceUse;
  memory: ResourceUse;
}

export type PodPhaseName = "Running" | "Pending" | "Terminating";

export interface PodView {
  /** `namespace/name`. */
  ref: string;
  name: string;
  namespace: string;
  /** `Kind/namespace/name` of the workload. */
  workload: string;
  phase: PodPhaseName;
  node?: string;
  zone?: string;
  priority: number;
  /** Requests: cpu in cores, memory in bytes, others in units. */
  requests: Record<string, number>;
}

/** The few facts of a pod a drill reads thousands of times per scenario (no requests, no zone lookup). */
export interface PodBrief {
  ref: string;
  name: string;
  workload: string;
  phase: PodPhaseName;
  node?: string;
}

/** A Pending pod and why, in kube-scheduler's words. */
export interface PendingPod {
  ref: string;
  workload: string;
  /** Unschedulable (FitError), SchedulingGated, NodeNotFound (spec.nodeName), WaitingForPredecessor (StatefulSet OrderedReady). */
  kind: string;
  /** `0/6 nodes are available: 3 Insufficient cpu, 3 node(s) didn't match pod topology spread constraints.` */
  message: string;
  /** The PostFilter part of the FailedScheduling event, e.g. `preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.` */
  preemption?: string;
  /** The FailedScheduling event text: message and preemption part. */
  event: string;
  /** Reason → number of nodes it applied to. */
  reasons: Record<string, number>;
  /** Plugins that rejected the pod on some node. */
  plugins: string[];
}

export interface ScheduleResult {
  pod: string;
  /** The node the pod was bound to, or undefined when it stays Pending. */
  node?: string;
  zone?: string;
  pending?: PendingPod;
  /** Pods evicted by preemption to make room (they are recreated by their controllers). */
  preempted?: string[];
}

export interface PlaceAllResult {
  scheduled: number;
  pending: number;
  preempted: number;
  /** Pods bound in this call, in order. */
  results: ScheduleResult[];
}

/** What an operation on a node displaced. */
export interface Disruption {
  node: string;
  /** Pods deleted or evicted now. */
  evicted: string[];
  /** Replacement pods created for evicted controller-owned pods, and where they went. */
  replacements: ScheduleResult[];
  /** Pods that tolerate a new NoExecute taint for a bounded time: evict them after `seconds` (the drill does). */
  tolerating: { pod: string; seconds: number }[];
  /** Pending pods that a retry placed (after capacity was freed or a node came back). */
  retried: ScheduleResult[];
}

export interface WorkloadView {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  /** Replicas the controller keeps (DaemonSet: eligible nodes). */
  desired: number;
  replicasFrom: string;
  running: number;
  pending: number;
  terminating: number;
  /** Pods per zone (running). */
  zones: Record<string, number>;
  note?: string;
}

export interface VolumeView {
  claim: string;
  namespace: string;
  storageClass?: string;
  backend?: string;
  zonal: boolean;
  bindingMode?: "Immediate" | "WaitForFirstConsumer";
  bound: boolean;
  zone?: string;
  node?: string;
  accessModes: string[];
}

export interface FilterExplanation {
  node: string;
  zone: string;
  /** Plugin → "passed", "skipped" (PreFilter skipped it) or the reason it rejected the node. */
  filters: Record<string, string>;
  /** The first failing plugin: what kube-scheduler reports for this node. */
  rejectedBy?: string;
  feasible: boolean;
  /** Inside the window kube-scheduler evaluated this cycle (nodes after the window are not looked at once enough feasible nodes are found). */
  evaluated: boolean;
}

export interface ScoreExplanation {
  node: string;
  zone: string;
  /** Plugin → raw score, normalised score (0..100) and weighted contribution. */
  plugins: Record<string, { raw: number; normalized: number; weighted: number }>;
  total: number;
  selected: boolean;
}

export interface Explanation {
  pod: string;
  workload: string;
  numAllNodes: number;
  /** Feasible nodes the cycle looks for before it stops filtering (percentageOfNodesToScore). */
  numFeasibleNodesToFind: number;
  startIndex: number;
  preFilter: { plugin: string; result: string }[];
  filters: FilterExplanation[];
  /** Scores of the feasible nodes the cycle found (empty when one or none was feasible). */
  scores: ScoreExplanation[];
  skippedScorePlugins: string[];
  weights: Record<string, number>;
  /** The node the cycle picks, if any. */
  selected?: string;
  pending?: PendingPod;
  /** PodTopologySpread constraints in force: global minimum, eligible domains, self-match. */
  spread: { topologyKey: string; maxSkew: number; when: string; min: number; domains: number; self: boolean }[];
}

/** Places where the twin is simpler than a real cluster; printed with every placement. */
export const SIMPLIFICATIONS: readonly string[] = [
  "ImageLocality is omitted: fleets declare no cached images, so it would add the same score to every node.",
  "NodeVolumeLimits and VolumeRestrictions (ReadWriteOncePod) are not modelled; ReadWriteOnce attach conflicts are runtime (drill), not scheduling.",
  "Pods are queued by priority, then in manifest order (a real queue orders by creation time); Filter runs sequentially, so the nodes found before percentageOfNodesToScore stops are deterministic.",
  "Score ties are broken by one seeded uniform draw among the top-scoring nodes (kube-scheduler's reservoir sampling has the same distribution, one draw per tie).",
  "Pod names use stable hashes instead of random suffixes; pod-template-hash is FNV-based, not kube's hash of the Go struct.",
  "Nodes without declared ephemeral storage are not limited by it; Immediate zonal volumes are provisioned in a seeded-random zone.",
  "CronJob pods are not placed (they exist only while a run is active); HPA-scaled workloads run minReplicas.",
];
