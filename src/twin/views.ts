/**
 * Plain-data views of the twin's state (the public JSON shapes in types.ts).
 * @module
 */
import type { WorkloadInfo } from "./build.js";
import type { CycleRecord, Scheduler } from "./framework/scheduler.js";
import { reasonOf } from "./framework/status.js";
import type { ClusterState } from "./state/cluster.js";
import { DIM_CPU, DIM_MEMORY, LABEL_ZONE } from "./state/nodes.js";
import type { PendingInfo, PodRecord } from "./state/pods.js";
import type { Explanation, NodeUtilisation, NodeView, PendingPod, PodView, ResourceUse, VolumeView, WorkloadView, ZoneSummary } from "./types.js";

const READY = ["True", "False", "Unknown"] as const;

export function node(st: ClusterState, n: number): NodeView {
  const nodes = st.nodes;
  const spec = nodes.specs[n]!;
  return {
    name: nodes.names[n]!,
    zone: nodes.zoneOf(n),
    pool: spec.pool,
    role: spec.role,
    labels: nodes.labels[n]!,
    taints: nodes.taints[n]!.map((t) => ({ ...t })),
    unschedulable: nodes.unschedulable[n] === 1,
    ready: READY[nodes.condition[n]!]!,
    pods: nodes.podCount[n]!,
  };
}

export function nodes(st: ClusterState): NodeView[] {
  const out: NodeView[] = [];
  for (let n = 0; n < st.nodes.size; n++) if (st.nodes.alive[n]) out.push(node(st, n));
  return out;
}

function requests(p: PodRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(p.template.requestMap)) out[k] = k === "cpu" ? v / 1000 : v;
  return out;
}

export function pod(st: ClusterState, p: PodRecord): PodView {
  const bound = p.node >= 0;
  return {
    ref: p.ref,
    name: p.name,
    namespace: p.namespace,
    workload: p.workload,
    phase: !bound ? "Pending" : p.terminating ? "Terminating" : "Running",
    node: bound ? st.nodes.names[p.node] : undefined,
    zone: bound ? st.nodes.zoneOf(p.node) : undefined,
    priority: p.template.priority,
    requests: requests(p),
  };
}

export function pending(p: PodRecord, info: PendingInfo | undefined): PendingPod {
  const i = info ?? { kind: "Unschedulable", message: "not scheduled yet", reasons: {}, plugins: [] };
  return {
    ref: p.ref,
    workload: p.workload,
    kind: i.kind,
    message: i.message,
    preemption: i.preemption,
    event: i.preemption ? `${i.message} ${i.preemption}` : i.message,
    reasons: i.reasons,
    plugins: i.plugins,
  };
}

function use(requested: number, allocatable: number): ResourceUse {
  return { requested, allocatable, ratio: allocatable > 0 && Number.isFinite(allocatable) ? requested / allocatable : 0 };
}

export function utilisation(st: ClusterState): NodeUtilisation[] {
  const nodes = st.nodes;
  const out: NodeUtilisation[] = [];
  for (let n = 0; n < nodes.size; n++) {
    if (!nodes.alive[n]) continue;
    const extended: Record<string, ResourceUse> = {};
    for (let d = 3; d < nodes.dims.length; d++) {
      const a = nodes.alloc[d]![n]!;
      const r = nodes.req[d]![n]!;
      if (a > 0 || r > 0) extended[nodes.dims[d]!] = use(r, a);
    }
    out.push({
      node: nodes.names[n]!,
      zone: nodes.zoneOf(n),
      pods: { count: nodes.podCount[n]!, allocatable: nodes.allowedPods[n]! },
      cpu: use(nodes.req[DIM_CPU]![n]! / 1000, nodes.alloc[DIM_CPU]![n]! / 1000),
      memory: use(nodes.req[DIM_MEMORY]![n]!, nodes.alloc[DIM_MEMORY]![n]!),
      extended,
      unschedulable: nodes.unschedulable[n] === 1,
      ready: READY[nodes.condition[n]!]!,
    });
  }
  return out;
}

export function byZone(st: ClusterState): ZoneSummary[] {
  const nodes = st.nodes;
  const zones = new Map<string, ZoneSummary>();
  for (let n = 0; n < nodes.size; n++) {
    if (!nodes.alive[n]) continue;
    const z = nodes.labels[n]![LABEL_ZONE] ?? "";
    let s = zones.get(z);
    if (!s) {
      s = { zone: z, nodes: 0, schedulableNodes: 0, pods: 0, cpu: use(0, 0), memory: use(0, 0) };
      zones.set(z, s);
    }
    s.nodes++;
    if (!nodes.unschedulable[n] && nodes.condition[n] === 0) s.schedulableNodes++;
    s.pods += nodes.podCount[n]!;
    s.cpu.requested += nodes.req[DIM_CPU]![n]! / 1000;
    s.cpu.allocatable += nodes.alloc[DIM_CPU]![n]! / 1000;
    s.memory.requested += nodes.req[DIM_MEMORY]![n]!;
    s.memory.allocatable += nodes.alloc[DIM_MEMORY]![n]!;
  }
  for (const s of zones.values()) {
    s.cpu = use(s.cpu.requested, s.cpu.allocatable);
    s.memory = use(s.memory.requested, s.memory.allocatable);
  }
  return [...zones.values()].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
}

export function workloads(st: ClusterState, infos: WorkloadInfo[]): WorkloadView[] {
  const by = new Map<string, WorkloadView>();
  for (const w of infos) {
    by.set(w.ref, { ref: w.ref, kind: w.kind, namespace: w.namespace, name: w.name, desired: w.desired, replicasFrom: w.replicasFrom, running: 0, pending: 0, terminating: 0, zones: {}, note: w.note });
  }
  for (const p of st.pods) {
    if (p.deleted) continue;
    const v = by.get(p.workload);
    if (!v) continue;
    if (p.template.daemon && !p.terminating) v.desired++;
    if (p.node < 0) v.pending++;
    else if (p.terminating) v.terminating++;
    else {
      v.running++;
      const z = st.nodes.zoneOf(p.node);
      v.zones[z] = (v.zones[z] ?? 0) + 1;
    }
  }
  return [...by.values()];
}

export function volumes(st: ClusterState): VolumeView[] {
  return st.volumes.list
    .filter((v) => v.exists)
    .map((v) => ({
      claim: v.claim,
      namespace: v.namespace,
      storageClass: v.storageClass,
      backend: v.backend?.name,
      zonal: v.backend?.zonal ?? (v.pv?.zones !== undefined),
      bindingMode: v.backend?.mode,
      bound: v.bound,
      zone: v.zone ?? v.pv?.zones?.join(","),
      node: v.node,
      accessModes: v.accessModes,
    }));
}

export function explanation(
  st: ClusterState,
  sched: Scheduler,
  p: PodRecord,
  rec: CycleRecord,
  pend: PendingPod | undefined,
  spread: Explanation["spread"],
  weights: Record<string, number>,
): Explanation {
  const nodes = st.nodes;
  const evaluated = new Set(rec.evaluated.map((e) => e.node));
  // Re-run PreFilter so every filter can be asked about every node (the cycle itself stops at the first failure).
  const pre = sched.preFilter(p);
  const filters = Array.from(nodes.order).map((n) => {
    const results = pre === 0 ? sched.filterAll(p, n) : [];
    const f: Record<string, string> = {};
    let rejectedBy: string | undefined;
    for (const r of results) {
      if (r.reason === "skip") f[r.plugin] = "skipped";
      else if (r.reason === 0) f[r.plugin] = "passed";
      else {
        f[r.plugin] = reasonOf(r.reason).texts.join(", ");
        rejectedBy ??= r.plugin;
      }
    }
    if (pre !== 0) rejectedBy = reasonOf(pre).plugin;
    return { node: nodes.names[n]!, zone: nodes.zoneOf(n), filters: f, rejectedBy, feasible: pre === 0 && rejectedBy === undefined, evaluated: evaluated.has(n) };
  });
  const scores = rec.feasible.length > 1
    ? rec.feasible.map((n, i) => {
        const plugins: Record<string, { raw: number; normalized: number; weighted: number }> = {};
        for (const s of rec.scores) plugins[s.plugin] = { raw: s.raw[i]!, normalized: s.normalized[i]!, weighted: s.normalized[i]! * s.weight };
        return { node: nodes.names[n]!, zone: nodes.zoneOf(n), plugins, total: rec.totals[i]!, selected: n === rec.selected };
      })
    : [];
  return {
    pod: p.ref,
    workload: p.workload,
    numAllNodes: rec.numAllNodes,
    numFeasibleNodesToFind: rec.numToFind,
    startIndex: rec.startIndex,
    preFilter: rec.preFilter,
    filters,
    scores: scores.sort((a, b) => b.total - a.total || (a.node < b.node ? -1 : 1)),
    skippedScorePlugins: rec.skippedScore,
    weights,
    selected: rec.selected >= 0 ? nodes.names[rec.selected] : undefined,
    pending: pend,
    spread,
  };
}
