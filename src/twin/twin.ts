/**
 * The twin of one cluster: its nodes and pods, the default kube-scheduler that places them, and the
 * operations failure drills need (cordon, taint, NotReady, remove/add node, add/evict/delete pod),
 * each rescheduling only what it displaced, with cheap snapshots for what-ifs.
 * @module
 */
import { nameSuffix } from "../k8s/expand.js";
import type { TaintLike } from "../k8s/pod.js";
import { buildState, defaultSelectors, templateInput, type Built, type TwinInput, type WorkloadInfo } from "./build.js";
import { FusedScoring } from "./framework/fused.js";
import { emptyRecord, Scheduler, type CycleRecord } from "./framework/scheduler.js";
import type { Handle } from "./framework/types.js";
import { DefaultPreemption } from "./plugins/defaultpreemption/defaultpreemption.js";
import { defaultPlugins, DEFAULT_WEIGHTS, type DefaultPlugins } from "./plugins/registry.js";
import { firstUntolerated } from "./plugins/tainttoleration/tainttoleration.js";
import { ClusterState } from "./state/cluster.js";
import { LABEL_ZONE, type NodeSpec } from "./state/nodes.js";
import { cacheSlot, type PendingInfo, type PodRecord, type Template } from "./state/pods.js";
import { Rng } from "./state/rng.js";
import { fold, FNV_OFFSET, suffixOf } from "./state/names.js";
import { toleratesTaint } from "../k8s/pod.js";
import * as views from "./views.js";
import type { Disruption, Explanation, NodeUtilisation, NodeView, PendingPod, PlaceAllResult, PodBrief, PodView, ScheduleResult, TwinOptions, VolumeView, WorkloadView, ZoneSummary } from "./types.js";

export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
const TOLERATION_SLOT = cacheSlot("noexecute-toleration");
/** {@link Twin.toleration}: evicted at once, or never. */
const NOT_TOLERATED = -2;
const FOREVER = -1;
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";

/** A saved point to return to with {@link Twin.restore}. */
export interface Snapshot {
  readonly id: number;
  readonly mark: number;
  readonly rng: [number, number, number, number];
  readonly nextStart: number;
  readonly names: number;
}

export class Twin {
  readonly cluster: string;
  /** Kubernetes minor version the scheduler behaves like. */
  readonly minor: number;
  readonly seed: number;
  readonly notes: string[];
  /** @internal */ readonly state: ClusterState;
  /** @internal */ readonly scheduler: Scheduler;
  /** @internal */ readonly plugins: DefaultPlugins;
  private readonly rng: Rng;
  private readonly built: Built;
  private readonly preemption: DefaultPreemption;
  private nameCounter = 0;
  private snapshots = 0;
  /** FNV-1a state after `<workload ref>#r` per workload (replacement names). */
  private readonly seedHash: Record<string, number> = Object.create(null) as Record<string, number>;

  constructor(input: TwinInput, opts: TwinOptions = {}) {
    this.cluster = input.name;
    this.minor = input.version?.minor ?? 31;
    this.seed = opts.seed ?? 1;
    this.rng = new Rng(this.seed);
    this.state = new ClusterState(input.nodes.length + 16);
    this.built = buildState(this.state, input, this.rng);
    this.notes = this.built.notes;
    const h: Handle = { state: this.state, minor: this.minor, defaultSelectors: defaultSelectors(this.built) };
    this.plugins = defaultPlugins(h);
    const w = DEFAULT_WEIGHTS;
    const fused = new FusedScoring(h, this.plugins.byName, { fit: w["NodeResourcesFit"]!, balanced: w["NodeResourcesBalancedAllocation"]!, spread: w["PodTopologySpread"]! }, this.rng);
    this.scheduler = new Scheduler(h, this.plugins, this.rng, opts.percentageOfNodesToScore ?? 0, fused, this.plugins.byName.NodeResourcesFit);
    this.preemption = new DefaultPreemption(this.state, this.scheduler, this.rng, () => this.built.budgets);
    for (const w of this.built.workloads.values()) if (w.template?.daemon) for (const n of this.state.nodes.order) this.daemonPodFor(w, n);
  }

  // ---- queries ----------------------------------------------------------------------------------

  nodes(): NodeView[] {
    return views.nodes(this.state);
  }

  node(name: string): NodeView | undefined {
    const n = this.state.nodes.byName.get(name);
    return n === undefined ? undefined : views.node(this.state, n);
  }

  /** Every pod that exists (Running, Pending or Terminating). */
  pods(): PodView[] {
    return this.state.pods.filter((p) => !p.deleted).map((p) => views.pod(this.state, p));
  }

  pod(ref: string): PodView | undefined {
    const p = this.state.podByRef.get(ref);
    return p && !p.deleted ? views.pod(this.state, p) : undefined;
  }

  /** A pod's ref, name, workload, phase and node: {@link pod} without building requests and zone. */
  podBrief(ref: string): PodBrief | undefined {
    const p = this.state.podByRef.get(ref);
    return p && !p.deleted ? this.brief(p) : undefined;
  }

  /** Whether pod `ref` exists (Running, Pending or Terminating): {@link podBrief} without building one. */
  hasPod(ref: string): boolean {
    const p = this.state.podByRef.get(ref);
    return p !== undefined && !p.deleted;
  }

  /** The node pod `ref` is bound to (Running or Terminating), or undefined (Pending, or no such pod). */
  podNode(ref: string): string | undefined {
    const p = this.state.podByRef.get(ref);
    return p && !p.deleted && p.node >= 0 ? this.state.nodes.names[p.node] : undefined;
  }

  /** {@link podsOn} as briefs. */
  podBriefsOn(node: string): PodBrief[] {
    const n = this.nodeOrThrow(node);
    return this.state.nodes.podsOn[n]!.map((id) => this.brief(this.state.pods[id]!));
  }

  private brief(p: PodRecord): PodBrief {
    const bound = p.node >= 0;
    return { ref: p.ref, name: p.name, workload: p.workload, phase: !bound ? "Pending" : p.terminating ? "Terminating" : "Running", node: bound ? this.state.nodes.names[p.node] : undefined };
  }

  /** Pods bound to a node (Running or Terminating), in binding order: costs the pods on that node only. */
  podsOn(node: string): PodView[] {
    const n = this.nodeOrThrow(node);
    return this.state.nodes.podsOn[n]!.map((id) => views.pod(this.state, this.state.pods[id]!));
  }

  /** Pods of a workload (`Kind/namespace/name`). */
  podsOf(workload: string): PodView[] {
    return this.state.pods.filter((p) => !p.deleted && p.workload === workload).map((p) => views.pod(this.state, p));
  }

  pending(): PendingPod[] {
    return this.state.pods.filter((p) => !p.deleted && p.node < 0).map((p) => views.pending(p, p.pending));
  }

  byZone(): ZoneSummary[] {
    return views.byZone(this.state);
  }

  utilisation(): NodeUtilisation[] {
    return views.utilisation(this.state);
  }

  workloads(): WorkloadView[] {
    return views.workloads(this.state, [...this.built.workloads.values()]);
  }

  volumes(): VolumeView[] {
    return views.volumes(this.state);
  }

  // ---- scheduling -------------------------------------------------------------------------------

  /** Schedules every Pending pod in queue order (priority, then creation) and returns what happened. */
  placeAll(): PlaceAllResult {
    const outer = this.inPlaceAll;
    this.inPlaceAll = true;
    try {
      return this.placeAllPasses();
    } finally {
      this.inPlaceAll = outer;
    }
  }

  /**
   * Schedules the given Pending pods (`namespace/name`; others are ignored) in kube-scheduler's queue
   * order, like {@link placeAll} restricted to them: identical pods that fail are not retried while
   * nothing was bound, and preemption victims' replacements get another pass. Costs what the pods cost,
   * not a scan of every pod — the drill schedules a node's replacements in one call. `unschedulable`
   * lists the given pods that stay Pending, with kube-scheduler's reason.
   */
  scheduleMany(refs: readonly string[]): PlaceAllResult & { unschedulable: PendingPod[] } {
    const first: PodRecord[] = [];
    for (const ref of refs) {
      const p = this.state.podByRef.get(ref);
      if (p && !p.deleted && p.node < 0) first.push(p);
    }
    if (first.length === 0) return { scheduled: 0, pending: 0, preempted: 0, results: [], unschedulable: [] };
    const outer = this.inPlaceAll;
    this.inPlaceAll = true;
    try {
      const r = this.placeAllPasses(first);
      const unschedulable = first.filter((p) => !p.deleted && p.node < 0).map((p) => views.pending(p, p.pending));
      return { ...r, unschedulable };
    } finally {
      this.inPlaceAll = outer;
    }
  }

  private placeAllPasses(initial?: PodRecord[]): PlaceAllResult {
    const results: ScheduleResult[] = [];
    let preempted = 0;
    let scope = initial;
    for (let pass = 0; pass < 8; pass++) {
      const queue = scope ? this.sortQueue(scope.filter((p) => !p.deleted && p.node < 0)) : this.queue();
      if (queue.length === 0) break;
      const before = this.state.pods.length;
      let evicted = 0;
      const failed = new Map<number, PendingInfo>();
      let version = this.state.bound;
      for (const p of queue) {
        if (p.deleted || p.node >= 0) continue;
        // Identical pods fail identically while nothing changed (equivalence class shortcut).
        const eqKey = p.claims.length === 0 && p.ordinal === undefined && p.pinnedNode === undefined ? p.template.id * 4194304 + p.kind : undefined;
        if (eqKey && this.state.bound === version && failed.has(eqKey)) {
          this.state.setPending(p, failed.get(eqKey));
          continue;
        }
        const r = this.scheduleOne(p);
        if (r.preempted) {
          evicted += r.preempted.length;
          preempted += r.preempted.length;
        }
        if (r.node) results.push(r);
        else if (eqKey) {
          failed.set(eqKey, p.pending!);
          version = this.state.bound;
        }
      }
      // Preemption victims are recreated by their controllers: give them (and pods waiting on freed room) another pass.
      if (evicted === 0 && this.state.pods.length === before) break;
      if (scope) scope = [...queue, ...this.state.pods.slice(before)];
    }
    const pending = (scope ?? this.state.pods).filter((p) => !p.deleted && p.node < 0).length;
    return { scheduled: results.length, pending, preempted, results };
  }

  /** Schedules one Pending pod (`namespace/name`). */
  schedule(ref: string): ScheduleResult {
    const p = this.podOrThrow(ref);
    if (p.node >= 0) return { pod: ref, node: this.state.nodes.names[p.node], zone: this.state.nodes.zoneOf(p.node) };
    return this.scheduleOne(p);
  }

  /** Pending pods in kube-scheduler's activeQ order: priority descending, then creation. */
  private queue(): PodRecord[] {
    return this.sortQueue(this.state.pods.filter((p) => !p.deleted && p.node < 0));
  }

  private sortQueue(pods: PodRecord[]): PodRecord[] {
    return pods.sort((a, b) => b.template.priority - a.template.priority || a.seq - b.seq);
  }

  private scheduleOne(p: PodRecord, depth = 0): ScheduleResult {
    const st = this.state;
    const t = p.template;
    const blocked = this.blockedBy(p);
    if (blocked) return this.stayPending(p, blocked);
    if (t.schedulingGates.length > 0) return this.stayPending(p, { kind: "SchedulingGated", message: `pod has scheduling gates: ${t.schedulingGates.join(", ")}`, reasons: {}, plugins: ["SchedulingGates"] });
    if (t.nodeName !== undefined) {
      const n = st.nodes.byName.get(t.nodeName);
      if (n === undefined) return this.stayPending(p, { kind: "NodeNotFound", message: `spec.nodeName "${t.nodeName}" names no node of this cluster`, reasons: {}, plugins: [] });
      return this.bindTo(p, n);
    }
    const out = this.scheduler.schedule(p);
    if (out.ok) return this.bindTo(p, out.node);
    // ErrNoNodesAvailable is not a FitError: no PostFilter.
    if (st.nodes.count === 0) return this.stayPending(p, out.pending);
    const post = this.preemption.postFilter(p, out.statuses);
    if (post.node >= 0 && "victims" in post && depth < 2) {
      const preempted: string[] = [];
      for (const v of post.victims) {
        preempted.push(v.ref);
        // Replacements wait: the preemptor is nominated to the node, and kube-scheduler keeps nominated room for it.
        this.evictNow(v, true, false);
      }
      const again = this.scheduleOne(p, depth + 1);
      if (depth === 0) this.retryWaiting();
      return { ...again, preempted: [...preempted, ...(again.preempted ?? [])] };
    }
    return this.stayPending(p, { ...out.pending, preemption: "message" in post ? post.message : undefined });
  }

  private stayPending(p: PodRecord, info: PendingInfo): ScheduleResult {
    this.state.setPending(p, info);
    return { pod: p.ref, pending: views.pending(p, info) };
  }

  private bindTo(p: PodRecord, n: number): ScheduleResult {
    this.state.bind(p, n);
    this.scheduler.bound(p, n);
    const zones = this.state.nodes.topology(LABEL_ZONE);
    const zd = zones.domainOf[n]!;
    return { pod: p.ref, node: this.state.nodes.names[n], zone: zd >= 0 ? zones.names[zd] : "" };
  }

  /** StatefulSet OrderedReady: ordinal i exists only once ordinal i−1 runs. */
  private blockedBy(p: PodRecord): PendingInfo | undefined {
    if (p.ordinal === undefined || p.ordinal === 0) return undefined;
    const w = this.built.workloads.get(p.workload);
    if (!w?.orderedReady || p.ordinal === undefined || p.ordinal === 0) return undefined;
    const prev = this.state.podByRef.get(`${p.namespace}/${w.name}-${p.ordinal - 1}`);
    if (!prev || prev.deleted || (prev.node >= 0 && !prev.terminating)) return undefined;
    return { kind: "WaitingForPredecessor", message: `not created yet: StatefulSet ${w.name} (podManagementPolicy OrderedReady) waits for ${w.name}-${p.ordinal - 1} to be Running and Ready`, reasons: {}, plugins: [] };
  }

  /**
   * What the scheduler would do with a pod now, per plugin, without changing anything. A bound pod
   * is explained as if it were being placed again.
   */
  explain(ref: string): Explanation {
    const p = this.podOrThrow(ref);
    const snap = this.snapshot();
    try {
      if (p.node >= 0) this.state.unbind(p);
      const rec: CycleRecord = emptyRecord();
      const out = this.scheduler.schedule(p, rec);
      let pending: PendingPod | undefined;
      if (!out.ok) {
        const post = this.preemption.postFilter(p, out.statuses);
        pending = views.pending(p, { ...out.pending, preemption: "message" in post ? post.message : `preemption: would evict ${post.victims.map((v) => v.ref).join(", ")} on ${this.state.nodes.names[post.node]}` });
      }
      return views.explanation(this.state, this.scheduler, p, rec, pending, this.plugins.byName.PodTopologySpread.describe(p), { ...DEFAULT_WEIGHTS });
    } finally {
      this.restore(snap);
      this.release(snap);
    }
  }

  // ---- node operations --------------------------------------------------------------------------

  cordon(node: string): void {
    this.state.setUnschedulable(this.nodeOrThrow(node), true);
  }

  uncordon(node: string, opts: { retryPending?: boolean } = {}): Disruption {
    const n = this.nodeOrThrow(node);
    this.state.setUnschedulable(n, false);
    return { node, evicted: [], replacements: [], tolerating: [], retried: opts.retryPending === false ? [] : this.retryPending() };
  }

  /**
   * Adds a taint. A NoExecute taint evicts pods that do not tolerate it now (replaced by their
   * controllers unless `replace: false`) and lists those that tolerate it for a bounded time.
   */
  taint(node: string, taint: TaintLike, opts: { replace?: boolean } = {}): Disruption {
    const n = this.nodeOrThrow(node);
    const taints = this.state.nodes.taints[n]!.filter((t) => !(t.key === taint.key && t.effect === taint.effect));
    this.state.setTaints(n, [...taints, { key: taint.key, value: taint.value, effect: taint.effect }]);
    const d: Disruption = { node, evicted: [], replacements: [], tolerating: [], retried: [] };
    if (taint.effect !== "NoExecute") return d;
    const key = `${taint.key}\u0000${taint.value ?? ""}\u0000${taint.effect}`;
    for (const id of [...this.state.nodes.podsOn[n]!]) {
      const p = this.state.pods[id]!;
      if (p.terminating) continue;
      const seconds = this.toleration(p.template, key, taint);
      if (seconds === NOT_TOLERATED) {
        d.evicted.push(p.ref);
        const r = this.evictNow(p, opts.replace !== false);
        if (r) d.replacements.push(r);
      } else if (seconds !== FOREVER) d.tolerating.push({ pod: p.ref, seconds });
    }
    return d;
  }

  /**
   * How a template's pods tolerate a NoExecute taint (`key` identifies it): NOT_TOLERATED, FOREVER, or
   * the seconds until eviction (the smallest tolerationSeconds of the tolerations that match, when all
   * of them set one). Cached per template: a drill taints thousands of nodes running pods of the same
   * few templates.
   */
  private toleration(t: Template, key: string, taint: TaintLike): number {
    let cache = t.slots[TOLERATION_SLOT] as Map<string, number> | undefined;
    if (!cache) {
      cache = new Map();
      t.slots[TOLERATION_SLOT] = cache;
    }
    let v = cache.get(key);
    if (v === undefined) {
      const tol = t.tolerations.filter((x) => toleratesTaint(x, taint));
      if (tol.length === 0) v = NOT_TOLERATED;
      else {
        const secs = tol.map((x) => x.tolerationSeconds).filter((s): s is number => typeof s === "number");
        v = secs.length === tol.length ? Math.max(0, Math.min(...secs)) : FOREVER;
      }
      cache.set(key, v);
    }
    return v;
  }

  untaint(node: string, key: string, effect?: TaintLike["effect"], opts: { retryPending?: boolean } = {}): Disruption {
    const n = this.nodeOrThrow(node);
    this.state.setTaints(n, this.state.nodes.taints[n]!.filter((t) => !(t.key === key && (!effect || t.effect === effect))));
    return { node, evicted: [], replacements: [], tolerating: [], retried: opts.retryPending === false ? [] : this.retryPending() };
  }

  /**
   * Marks a node NotReady: Ready=Unknown (`reachable: false`, the node stopped reporting: taint
   * `node.kubernetes.io/unreachable`) or Ready=False (`not-ready`). The NoSchedule taint keeps new
   * pods away at once; the NoExecute taint (default on; the drill may add it later, rate-limited)
   * evicts pods without a toleration and lists the others with their tolerationSeconds (300 s by
   * default). Pods stay bound until evicted — and still count for spreading and affinity.
   */
  setNotReady(node: string, opts: { reachable?: boolean; noExecute?: boolean; replace?: boolean } = {}): Disruption {
    const n = this.nodeOrThrow(node);
    const key = opts.reachable === true ? TAINT_NOT_READY : TAINT_UNREACHABLE;
    this.state.setCondition(n, opts.reachable === true ? 1 : 2);
    this.taint(node, { key, effect: "NoSchedule" });
    if (opts.noExecute === false) return { node, evicted: [], replacements: [], tolerating: [], retried: [] };
    return this.taint(node, { key, effect: "NoExecute" }, { replace: opts.replace });
  }

  setReady(node: string, opts: { retryPending?: boolean } = {}): Disruption {
    const n = this.nodeOrThrow(node);
    this.state.setCondition(n, 0);
    this.state.setTaints(n, this.state.nodes.taints[n]!.filter((t) => t.key !== TAINT_UNREACHABLE && t.key !== TAINT_NOT_READY));
    return { node, evicted: [], replacements: [], tolerating: [], retried: opts.retryPending === false ? [] : this.retryPending() };
  }

  /**
   * Deletes a node and its pods (as when the Node object is deleted). Controller-owned pods get
   * replacements, scheduled now unless `reschedule: false`; daemon pods go with their node.
   */
  removeNode(node: string, opts: { reschedule?: boolean } = {}): Disruption {
    const n = this.nodeOrThrow(node);
    const d: Disruption = { node, evicted: [], replacements: [], tolerating: [], retried: [] };
    const victims = [...this.state.nodes.podsOn[n]!].map((id) => this.state.pods[id]!);
    const toReplace: PodRecord[] = [];
    for (const p of victims) {
      d.evicted.push(p.ref);
      this.state.deletePod(p);
      if (!p.template.daemon && p.template.controller) toReplace.push(p);
    }
    this.state.removeNode(n);
    for (const p of toReplace) {
      const r = this.recreateFrom(p, opts.reschedule !== false);
      if (r) d.replacements.push(r);
    }
    return d;
  }

  /** Adds a node (with the pods of DaemonSets that should run there) and retries Pending pods. */
  addNode(spec: NodeSpec, opts: { retryPending?: boolean } = {}): Disruption {
    const n = this.state.addNode(spec);
    const d: Disruption = { node: spec.name, evicted: [], replacements: [], tolerating: [], retried: [] };
    for (const w of this.built.workloads.values()) {
      if (!w.template?.daemon) continue;
      const p = this.daemonPodFor(w, n);
      if (p) d.replacements.push(this.scheduleOne(p));
    }
    if (opts.retryPending !== false) d.retried = this.retryPending();
    return d;
  }

  // ---- pod operations ---------------------------------------------------------------------------

  /**
   * Evicts a pod as the taint manager or the Eviction API would: it starts terminating (stays on its
   * node, no longer counted for spreading) and its controller creates a replacement, scheduled at once
   * — except a StatefulSet pod, whose replacement needs the old pod gone (see {@link deletePod}).
   * With `schedule: false` the replacement is created Pending (schedule it later, e.g. with
   * {@link scheduleMany} for a batch).
   */
  evict(ref: string, opts: { replace?: boolean; schedule?: boolean } = {}): ScheduleResult | undefined {
    return this.evictNow(this.podOrThrow(ref), opts.replace !== false, opts.schedule !== false);
  }

  /**
   * Deletes a pod for good (a terminating pod finishing, or a force delete). A StatefulSet pod is
   * recreated under the same name when `replace` (default true); others are recreated only if they
   * were not already replaced at eviction. Freed capacity lets Pending pods retry. With
   * `schedule: false` the replacement stays Pending (for a later {@link scheduleMany}).
   */
  deletePod(ref: string, opts: { replace?: boolean; retryPending?: boolean; schedule?: boolean } = {}): Disruption {
    const p = this.podOrThrow(ref);
    const wasTerminating = p.terminating;
    const node = p.node >= 0 ? this.state.nodes.names[p.node]! : "";
    this.state.deletePod(p);
    const d: Disruption = { node, evicted: [p.ref], replacements: [], tolerating: [], retried: [] };
    const isSts = p.template.controller?.kind === "StatefulSet";
    if (opts.replace !== false && p.template.controller && !p.template.daemon && (isSts || !wasTerminating)) {
      const r = this.recreateFrom(p, opts.schedule !== false);
      if (r) d.replacements.push(r);
    }
    if (opts.retryPending !== false) d.retried = this.retryPending();
    return d;
  }

  /** Removes a pod (same as {@link deletePod}; its controller replaces it unless `replace: false`). */
  removePod(ref: string, opts: { replace?: boolean; retryPending?: boolean } = {}): Disruption {
    return this.deletePod(ref, opts);
  }

  /** Creates and schedules a pod from a manifest-like description. */
  addPod(pod: { name: string; namespace?: string; labels?: Record<string, string>; spec: Record<string, unknown>; workload?: string }, opts: { schedule?: boolean } = {}): ScheduleResult {
    const ns = pod.namespace ?? "default";
    const key = `Pod/${ns}/${pod.name}#${this.state.templates.length}`;
    const obj = { apiVersion: "v1", kind: "Pod", metadata: { name: pod.name, namespace: ns, labels: pod.labels ?? {}, annotations: {} }, body: { spec: pod.spec }, source: { file: "", line: 0, column: 0, path: [] } };
    const t = this.state.template({ ...templateInput(this.built, obj, pod.spec, pod.labels ?? {}, pod.workload ?? `Pod/${ns}/${pod.name}`), key });
    const claims = (Array.isArray(pod.spec["volumes"]) ? (pod.spec["volumes"] as { persistentVolumeClaim?: { claimName?: string } }[]) : [])
      .map((v) => v.persistentVolumeClaim?.claimName)
      .filter((c): c is string => typeof c === "string")
      .map((c) => (this.state.volumes.get(ns, c) ?? this.state.volumes.add({ namespace: ns, claim: c, accessModes: [], fromTemplate: false, exists: false, bound: false })).id);
    const p = this.state.addPod(pod.name, ns, pod.labels ?? {}, t, undefined, claims);
    return opts.schedule === false ? { pod: p.ref } : this.scheduleOne(p);
  }

  /** Victims' replacements created during preemption: scheduled once the preemptor is placed (outside placeAll). */
  private retryWaiting(): void {
    if (!this.inPlaceAll) this.retryPending();
  }

  private inPlaceAll = false;

  /** Tries every Pending pod again (after capacity was freed or nodes changed). */
  retryPending(): ScheduleResult[] {
    if (!this.state.pods.some((p) => !p.deleted && p.node < 0)) return [];
    return this.placeAll().results;
  }

  private evictNow(p: PodRecord, replace: boolean, schedule = true): ScheduleResult | undefined {
    if (p.deleted) return undefined;
    const st = this.state;
    const unreachable = p.node >= 0 && st.nodes.condition[p.node] === 2;
    if (p.node >= 0 && unreachable) st.setTerminating(p, true);
    else st.deletePod(p);
    if (!replace || !p.template.controller || p.template.daemon) return undefined;
    if (p.template.controller.kind === "StatefulSet" && !p.deleted) return undefined;
    return this.recreateFrom(p, schedule);
  }

  /** The controller's replacement for pod `p` (new name; same name for StatefulSets). */
  private recreateFrom(p: PodRecord, schedule: boolean): ScheduleResult | undefined {
    const w = this.built.workloads.get(p.workload);
    if (!w) return undefined;
    let name: string;
    let ref: string;
    const sts = w.kind === "StatefulSet";
    if (sts) {
      name = p.name;
      ref = p.ref;
    } else {
      // `${w.prefix}-${nameSuffix(`${w.ref}#r${counter}`)}`, hashed from the workload's saved state (state/names.ts).
      const seed = (this.seedHash[w.ref] ??= fold(FNV_OFFSET, `${w.ref}#r`));
      do {
        name = `${w.prefix}-${suffixOf(fold(seed, String(this.nameCounter++)))}`;
        ref = `${p.namespace}/${name}`;
      } while (this.state.podByRef.has(ref));
    }
    // The replacement carries its template's labels: the same (read-only) object, so its pod kind is found by identity.
    const np = this.state.addPod(name, p.namespace, p.labels, p.template, p.ordinal, p.claims, p.pinnedNode, p.workload, ref, !sts, p.kind);
    return schedule ? this.scheduleOne(np) : { pod: np.ref };
  }

  private daemonPodFor(w: WorkloadInfo, n: number): PodRecord | undefined {
    const st = this.state;
    const t = w.template!;
    // nodeShouldRunDaemonPod: node selector / affinity and taints (with the daemon tolerations); resources are the scheduler's business.
    if (t.requiredAffinity && !t.requiredAffinity.matcher(st.nodes.labels[n]!, st.nodes.names[n]!)) return undefined;
    if (firstUntolerated(st.nodes.taints[n]!, t.tolerations)) return undefined;
    const nodeName = st.nodes.names[n]!;
    let name: string;
    do name = `${w.name}-${nameSuffix(`${w.ref}@${nodeName}#${this.nameCounter++}`)}`;
    while (st.podByRef.has(`${w.namespace}/${name}`));
    return st.addPod(name, w.namespace, w.labels, t, undefined, [], nodeName);
  }

  // ---- snapshots --------------------------------------------------------------------------------

  /** Saves the current state; {@link restore} returns to it (any number of times) until {@link release}. */
  snapshot(): Snapshot {
    return { id: ++this.snapshots, mark: this.state.mark(), rng: this.rng.save(), nextStart: this.scheduler.nextStartNodeIndex, names: this.nameCounter };
  }

  restore(s: Snapshot): void {
    this.state.rewind(s.mark);
    this.rng.load(s.rng);
    this.scheduler.nextStartNodeIndex = s.nextStart;
    this.nameCounter = s.names;
    // Every undone primitive invalidated what it touched (node changes, blocks, versions): caches stay valid.
  }

  /** Stops holding a snapshot (the undo log is dropped when none is held). */
  release(_s: Snapshot): void {
    this.state.release();
  }

  /** Runs `fn` on the twin and puts everything back afterwards. */
  whatIf<T>(fn: (twin: Twin) => T): T {
    const s = this.snapshot();
    try {
      return fn(this);
    } finally {
      this.restore(s);
      this.release(s);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private nodeOrThrow(name: string): number {
    const n = this.state.nodes.byName.get(name);
    if (n === undefined) throw new Error(`no node "${name}" in cluster ${this.cluster}`);
    return n;
  }

  private podOrThrow(ref: string): PodRecord {
    const p = this.state.podByRef.get(ref);
    if (!p || p.deleted) throw new Error(`no pod "${ref}" in cluster ${this.cluster} (use namespace/name)`);
    return p;
  }

}

/** Builds the twin of a cluster (all pods Pending; call {@link Twin.placeAll}). */
export function createTwin(cluster: TwinInput, opts: TwinOptions = {}): Twin {
  return new Twin(cluster, opts);
}
