/**
 * N-1 capacity by sums of requests, the way capacity is planned: every long-running workload needs
 * replicas × its pod request, DaemonSets take one pod's request on every node they run on, and after
 * losing a node (or a zone) the pods must fit into the allocatable capacity of the surviving nodes
 * they are allowed to run on. A pod's nodes come from its nodeSelector, required node affinity and
 * taints, so the check is done per set of eligible nodes: the pods that can only run inside a set
 * must fit into that set (a necessary condition for any placement; bin-packing can only be worse).
 * Inter-pod rules (anti-affinity, spread) are the twin's business (`hactl place`).
 * @module
 */
import { podRequests } from "../../k8s/pod.js";
import type { Node } from "../../model/fleet.js";
import type { CheckIndex, Workload } from "./index.js";
import type { Topology } from "./topology.js";

export type Resource = "cpu" | "memory" | "pods";
export const RESOURCES: readonly Resource[] = ["cpu", "memory", "pods"];

/** cpu in millicores, memory in bytes, pods as a count. */
export type Amounts = Record<Resource, number>;

const REPLICATED = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"]);

export interface Demand {
  workload: Workload;
  /** Pods at the lower end (HPA minReplicas or spec.replicas) and at the upper end (HPA maxReplicas). */
  min: number;
  max: number;
  /** Request of one pod. */
  pod: Amounts;
  /** Indexes (into `CapacityModel.nodes`) of the nodes the pod may run on. */
  eligible: number[];
  /** Key of the eligible set (sorted indexes joined). */
  key: string;
}

/** Workloads that may run on exactly the same nodes, with their summed demand. */
export interface Group {
  key: string;
  eligible: number[];
  demands: Demand[];
  /** Summed requests × replicas at the low and the high end. */
  min: Amounts;
  max: Amounts;
}

export interface CapacityModel {
  nodes: readonly Node[];
  /** Allocatable minus the DaemonSet pods that run on the node. */
  free: Amounts[];
  demands: Demand[];
  /** Demands grouped by their set of eligible nodes (sums are per group, so losses scale with groups, not workloads). */
  groups: Group[];
  /** Replicated workloads without any cpu or memory request: not counted (resource-requests-missing reports them). */
  unrequested: Workload[];
  daemonSets: number;
}

function zero(): Amounts {
  return { cpu: 0, memory: 0, pods: 0 };
}

function podAmounts(spec: Record<string, unknown>): Amounts {
  const r = podRequests(spec);
  return { cpu: r["cpu"] ?? 0, memory: r["memory"] ?? 0, pods: 1 };
}

/** The demand of every long-running workload and the free capacity of every node of a cluster. */
export function capacityModel(index: CheckIndex, topology: Topology): CapacityModel {
  const nodes = topology.nodes;
  const pos = new Map(nodes.map((n, i) => [n, i]));
  const free = nodes.map((n) => ({ cpu: Math.round(n.allocatable.cpu * 1000), memory: n.allocatable.memory, pods: n.allocatable.pods }));
  const demands: Demand[] = [];
  const unrequested: Workload[] = [];
  let daemonSets = 0;
  for (const w of index.workloads) {
    if (w.kind === "DaemonSet") {
      daemonSets++;
      const pod = podAmounts(w.template.spec);
      for (const n of topology.eligible(w.template.spec)) {
        const f = free[pos.get(n)!]!;
        for (const r of RESOURCES) f[r] -= pod[r];
      }
      continue;
    }
    if (!REPLICATED.has(w.kind)) continue; // Jobs finish; bare Pods are not replaced anyway
    const range = index.replicaRange(w);
    if (!range || range.max === 0) continue;
    const pod = podAmounts(w.template.spec);
    if (pod.cpu === 0 && pod.memory === 0) unrequested.push(w);
    const eligible = topology.eligible(w.template.spec).map((n) => pos.get(n)!).sort((a, b) => a - b);
    if (eligible.length === 0) continue; // nowhere to run at all: place / pinned rules
    demands.push({ workload: w, min: range.min, max: range.max, pod, eligible, key: eligible.join(",") });
  }
  const byKey = new Map<string, Group>();
  for (const d of demands) {
    let g = byKey.get(d.key);
    if (!g) byKey.set(d.key, (g = { key: d.key, eligible: d.eligible, demands: [], min: zero(), max: zero() }));
    g.demands.push(d);
    for (const r of RESOURCES) {
      g.min[r] += d.pod[r] * d.min;
      g.max[r] += d.pod[r] * d.max;
    }
  }
  return { nodes, free, demands, groups: [...byKey.values()], unrequested, daemonSets };
}

export interface Shortfall {
  resource: Resource;
  /** Requests of the pods that must fit, and what the surviving eligible nodes offer. */
  demand: number;
  capacity: number;
  /** Surviving nodes of the set. */
  survivors: number;
  /** Workloads whose pods must fit there. */
  workloads: Demand[];
  pods: number;
}

export interface LossResult {
  /** Worst relative use of a resource after the loss (demand / capacity), and its numbers. */
  worst: Shortfall;
  /** Resources that do not fit (demand > capacity), worst first. */
  short: Shortfall[];
}

/**
 * What losing `lost` (node indexes) does to the pods of the other nodes, at `at` replicas: for every
 * set of eligible nodes, the demand of the workloads that can only run inside that set against the
 * free capacity of its surviving nodes. Workloads that could only run on the lost nodes are left
 * out (nothing can absorb them; pinned-to-one-domain reports them).
 */
export function afterLoss(m: CapacityModel, lost: ReadonlySet<number>, at: "min" | "max"): LossResult | undefined {
  // Each group's surviving eligible nodes; groups confined to the lost nodes drop out.
  const left = m.groups.map((g) => ({ g, nodes: lost.size === 0 ? g.eligible : g.eligible.filter((i) => !lost.has(i)) })).filter((x) => x.nodes.length > 0);
  if (left.length === 0) return undefined;
  const sets = new Map<string, number[]>();
  for (const x of left) sets.set(x.nodes.join(","), x.nodes);
  const all = [...new Set(left.flatMap((x) => x.nodes))].sort((a, b) => a - b);
  sets.set(all.join(","), all);
  let worst: Shortfall | undefined;
  const short: Shortfall[] = [];
  for (const [key, set] of sets) {
    const inSet = new Set(set);
    const members = left.filter((x) => x.nodes.join(",") === key || x.nodes.every((i) => inSet.has(i))).map((x) => x.g);
    if (members.length === 0) continue;
    for (const r of RESOURCES) {
      const demand = members.reduce((sum, g) => sum + g[at][r], 0);
      if (demand === 0) continue;
      const capacity = set.reduce((sum, i) => sum + Math.max(0, m.free[i]![r]), 0);
      const workloads = members.flatMap((g) => g.demands);
      const sf: Shortfall = { resource: r, demand, capacity, survivors: set.length, workloads, pods: workloads.reduce((n, d) => n + d[at], 0) };
      if (!worst || ratio(sf) > ratio(worst)) worst = sf;
      if (demand > capacity) short.push(sf);
    }
  }
  if (!worst) return undefined;
  short.sort((a, b) => ratio(b) - ratio(a));
  return { worst, short };
}

export function ratio(s: Pick<Shortfall, "demand" | "capacity">): number {
  return s.capacity <= 0 ? Infinity : s.demand / s.capacity;
}

/** Node indexes per zone, in the cluster's zone order. */
export function nodesByZone(m: CapacityModel): Map<string, number[]> {
  const out = new Map<string, number[]>();
  m.nodes.forEach((n, i) => {
    const list = out.get(n.zone);
    if (list) list.push(i);
    else out.set(n.zone, [i]);
  });
  return out;
}

/** Sum of the free capacity of some nodes. */
export function freeOf(m: CapacityModel, nodes: Iterable<number>): Amounts {
  const out = zero();
  for (const i of nodes) for (const r of RESOURCES) out[r] += Math.max(0, m.free[i]![r]);
  return out;
}

/** `2.7 CPU`, `6.3 GiB memory`, `110 pods`. */
export function formatAmount(r: Resource, v: number): string {
  if (r === "cpu") return `${Number((v / 1000).toFixed(2))} CPU`;
  if (r === "memory") return `${Number((v / 2 ** 30).toFixed(1))} GiB memory`;
  return `${v} pods`;
}
