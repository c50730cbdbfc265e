/**
 * The dynamic side of one cluster during one scenario: what happened to its nodes, pods, volumes and
 * control plane. Only what the scenario touched is stored (a node crash touches one node and its
 * pods), so a sweep over 5,000 nodes costs what each failure changes. Pods count as serving when
 * their process runs where clients reach it (`live`) and kube-proxy routes to them (`listed`).
 * @module
 */
import type { Segment } from "../types.js";
import type { ClusterModel, EndpointInstance, EtcdInfo } from "./model.js";

export type Ready = "True" | "Unknown" | "False";

export interface NodeState {
  name: string;
  /** Running (not crashed, shut down or in a lost zone). */
  powered: boolean;
  /** Its kubelet reaches the API (no partition between them). */
  reachable: boolean;
  /** Clients reach pods on it. */
  clientSide: boolean;
  /** The Ready condition as the node lifecycle controller last set it. */
  ready: Ready;
  /** When its lease was last renewed (the grace period counts from here). */
  lastRenewal: number;
  /** Its kubelet renews the node lease (powered and reaching the API). */
  renewing: boolean;
  noExecute: boolean;
  /** When the controller marked it NotReady, and the chain of steps until then. */
  notReadyAt: number;
  chain: Segment[];
  cordoned: boolean;
  outOfService: boolean;
  /** Bumped whenever pending detections or evictions for this node become stale. */
  generation: number;
  /** The failure that stopped it, for timelines. */
  cause?: string;
}

export interface PodState {
  ref: string;
  name: string;
  workload: string;
  node?: string;
  /** Its containers run (and were Ready once). */
  started: boolean;
  /** Started, and clients reach it. */
  live: boolean;
  listed: boolean;
  /** Evicted but not gone (its node is unreachable). */
  terminating: boolean;
  /** How this pod came to serve (a replacement) — the recovery chain. */
  chain: Segment[];
}

export interface WorkloadState {
  serving: number;
  /** Endpoints kube-proxy still routes to although the pod is dead (requests to them fail). */
  listedDead: number;
  /** Pods running before the failure. */
  expected: number;
  /** What keeps it from recovering, when something does. */
  blocker?: { mechanism: Segment["mechanism"]; text: string };
}

export interface VolumeState {
  /** Node it is attached to. */
  node?: string;
  /** When it can be attached elsewhere (after a detach or force detach). */
  freeAt: number;
  /** Why it was free only then. */
  freeBecause?: Segment;
}

export interface ControlPlaneState {
  etcdUp: boolean[];
  /** Member sides reachable from the quorum side (partition). */
  etcdLeader: number;
  /** API writes wait for a Raft election until then. */
  electingUntil: number;
  /** etcd members can talk but a latency spike makes the leader churn. */
  churn: boolean;
  endpointUp: boolean[];
  endpointHolder: number;
  /** Clients reach the API again then (VIP / LB failover). */
  endpointBackAt: number;
  /** kube-controller-manager leader (a control-plane node, or `zone:<name>` in a managed control plane): active from (Infinity: none). */
  kcmNode?: string;
  kcmFrom: number;
  schedulerNode?: string;
  schedulerFrom: number;
  /** When the last leader stopped renewing (its lease expires a lease duration later). */
  leaderLostAt: number;
}

export type ZoneState = "Normal" | "PartialDisruption" | "FullDisruption";

/** The node lifecycle controller's rate-limited NoExecute tainting queue of one zone. */
export interface Tainter {
  queue: string[];
  /** Nodes per second (0: evictions stop). */
  qps: number;
  tokens: number;
  last: number;
  /** A tainting pass is scheduled then. */
  nextPass: number;
}

export type TouchFn = (cluster: string, workload: string, cause?: Segment[]) => void;

export class ClusterSim {
  readonly name: string;
  /** Keys of this cluster's batched events (pods becoming ready, endpoint syncs). */
  readonly readyKey: string;
  readonly endpointsKey: string;
  readonly nodes = new Map<string, NodeState>();
  readonly pods = new Map<string, PodState>();
  readonly workloads = new Map<string, WorkloadState>();
  readonly volumes = new Map<string, VolumeState>();
  /** Zone key → nodes NotReady (Unknown or False) as the controller sees them. */
  readonly notReady = new Map<string, number>();
  readonly cp: ControlPlaneState;
  /** Work that waits for the control plane (API writes and controllers). */
  readonly deferred: { label: string; run: () => void }[] = [];
  /** Replacement pods created and not tried by the scheduler yet. */
  readonly toSchedule = new Set<string>();
  /** Pods the scheduler could not place (retried when capacity frees up or nodes return). */
  readonly pending = new Set<string>();
  /** A scheduling pass is queued for this instant. */
  schedulingQueued = false;
  /** Node lifecycle controller: zone states, tainting queues, "all zones fully disrupted" mode. */
  readonly zoneStates = new Map<string, ZoneState>();
  readonly tainters = new Map<string, Tainter>();
  masterDisruption = false;
  disruptionQueued = false;
  /** Whether the API accepted writes at the last control-plane change. */
  apiWritable = true;
  quorumLostNoted = false;
  /** Memo of whether a kube-apiserver runs on a side, at DrillSim.stamp. */
  readonly apiServerMemo = { stamp: -1, side: 0, on: false };
  /** Memo of the quorum side at DrillSim.stamp. */
  quorumMemo: { stamp: number; side: number } = { stamp: -1, side: 0 };
  /** The controller's node monitor passes run at monitorAnchor + k × nodeMonitorPeriod. */
  monitorAnchor = 0;
  /** Side of the partition whose kubelets reach the API (-1: none), as last applied to leases. */
  leaseSide = 0;
  /** Side of the partition the clients are on (see scenarios/apply.ts). */
  clientSide = 0;

  /** kube-proxy where the clients are gets endpoint updates: its nodes reach the API. */
  get proxySynced(): boolean {
    return this.leaseSide >= 0 && this.leaseSide === this.clientSide;
  }
  /** etcd members: the cluster's, plus any a counterfactual adds (a witness). */
  readonly etcd: EtcdInfo[];
  /** The API endpoint: the cluster's, or one a counterfactual puts in its place. */
  readonly endpoint: { kind: string; instances: EndpointInstance[]; failoverMs: number };

  constructor(
    readonly model: ClusterModel,
    private readonly touch: TouchFn,
    extraEtcd: readonly EtcdInfo[] = [],
    endpoint?: { kind: string; instances: EndpointInstance[]; failoverMs: number },
  ) {
    this.name = model.name;
    this.readyKey = `ready|${model.name}`;
    this.endpointsKey = `endpoints|${model.name}`;
    this.etcd = [...model.etcd, ...extraEtcd];
    this.endpoint = endpoint ?? model.endpoint;
    const leader = model.managed ? `zone:${this.endpoint.instances[0]?.zone ?? ""}` : model.leaderNode;
    const etcdLeader = Math.max(0, this.etcd.findIndex((m) => m.node === leader));
    this.cp = {
      etcdUp: this.etcd.map(() => true),
      etcdLeader,
      electingUntil: -Infinity,
      churn: false,
      endpointUp: this.endpoint.instances.map(() => true),
      endpointHolder: 0,
      endpointBackAt: -Infinity,
      kcmNode: leader,
      kcmFrom: -Infinity,
      schedulerNode: leader,
      schedulerFrom: -Infinity,
      leaderLostAt: -Infinity,
    };
  }

  node(name: string): NodeState {
    let n = this.nodes.get(name);
    if (!n) {
      n = { name, powered: true, reachable: true, clientSide: true, ready: "True", lastRenewal: 0, renewing: true, noExecute: false, notReadyAt: Infinity, chain: [], cordoned: false, outOfService: false, generation: 0 };
      this.nodes.set(name, n);
    }
    return n;
  }

  workload(ref: string): WorkloadState {
    let w = this.workloads.get(ref);
    if (!w) {
      const info = this.model.workloads.get(ref);
      const base = info?.baseline ?? 0;
      w = { serving: base, listedDead: 0, expected: base };
      this.workloads.set(ref, w);
    }
    return w;
  }

  /** The drill's record of a pod the twin knows, created as it was before the failure (serving when bound). */
  pod(ref: string): PodState {
    let p = this.pods.get(ref);
    if (!p) {
      const v = this.model.twin.podBrief(ref);
      if (!v) throw new Error(`no pod ${ref} in cluster ${this.name}`);
      const bound = v.node !== undefined && v.phase !== "Pending";
      p = { ref, name: v.name, workload: v.workload, node: v.node, started: bound, live: bound, listed: bound, terminating: v.phase === "Terminating", chain: [] };
      this.pods.set(ref, p);
    }
    return p;
  }

  /** A pod created during the drill (a replacement): not running yet. */
  newPod(ref: string, workload: string, chain: Segment[]): PodState {
    const name = ref.slice(ref.indexOf("/") + 1);
    const p: PodState = { ref, name, workload, started: false, live: false, listed: false, terminating: false, chain };
    this.pods.set(ref, p);
    this.workload(workload);
    return p;
  }

  setLive(p: PodState, live: boolean, cause?: Segment[]): void {
    if (p.live === live) return;
    const w = this.workload(p.workload);
    if (p.listed) {
      w.serving += live ? 1 : -1;
      w.listedDead += live ? -1 : 1;
    }
    p.live = live;
    this.touch(this.name, p.workload, live ? (cause ?? p.chain) : undefined);
  }

  setListed(p: PodState, listed: boolean, cause?: Segment[]): void {
    if (p.listed === listed) return;
    const w = this.workload(p.workload);
    if (p.live) w.serving += listed ? 1 : -1;
    else w.listedDead += listed ? 1 : -1;
    p.listed = listed;
    this.touch(this.name, p.workload, listed ? (cause ?? p.chain) : undefined);
  }

  /** Forgets a pod that is gone for good (deleted). */
  dropPod(p: PodState): void {
    this.setLive(p, false);
    this.setListed(p, false);
    this.pods.delete(p.ref);
  }

  block(workload: string, mechanism: Segment["mechanism"], text: string): void {
    this.workload(workload).blocker = { mechanism, text };
    this.touch(this.name, workload);
  }

  unblock(workload: string): void {
    const w = this.workloads.get(workload);
    if (w) w.blocker = undefined;
  }

  /** Pods (by ref) on a node now, as the twin has them bound; their drill records exist afterwards. */
  podsOn(node: string): string[] {
    const out: string[] = [];
    for (const v of this.model.twin.podBriefsOn(node)) {
      out.push(v.ref);
      if (!this.pods.has(v.ref)) {
        const bound = v.phase !== "Pending";
        this.pods.set(v.ref, { ref: v.ref, name: v.name, workload: v.workload, node: v.node, started: bound, live: bound, listed: bound, terminating: v.phase === "Terminating", chain: [] });
      }
    }
    return out;
  }

  /** How many nodes of a zone key are counted (for zone states). */
  zoneSize(zoneKey: string): number {
    return this.model.zones.get(zoneKey)?.length ?? 0;
  }
}
