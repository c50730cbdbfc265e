/**
 * The scheduling framework's extension points, shaped like kube-scheduler's
 * (`pkg/scheduler/framework/interface.go`) with one change for speed: Filter takes a node index and
 * returns a reason id (0 = pass) instead of allocating a Status, and Score fills a typed array for
 * all feasible nodes at once (kube runs each score plugin over the node list too, in parallel).
 * PreFilter `AddPod`/`RemovePod` extensions are not needed: the incremental indexes in
 * `state/matching.ts` are updated by every bind and unbind.
 * @module
 */
import type { Selector } from "../../k8s/selector.js";
import type { ClusterState } from "../state/cluster.js";
import type { PodRecord } from "../state/pods.js";

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** Computes per-cycle state. Returns PASS, SKIP (the plugin's Filter is not run) or a reason id rejecting the pod on every node. */
  preFilter(cycle: CycleState, pod: PodRecord): number;
}

export interface FilterPlugin extends Plugin {
  /** PASS (0) when `node` can run `pod`, else a reason id. */
  filter(cycle: CycleState, pod: PodRecord, node: number): number;
  /**
   * The result depends only on the pod template and the node's spec (labels, taints,
   * unschedulable): the framework caches it per template and node until a node changes — the
   * equivalence cache that makes identical pods of a workload cheap.
   */
  readonly static?: boolean;
}

export interface PreScorePlugin extends Plugin {
  /** Computes per-cycle scoring state for the feasible nodes; false skips the plugin's Score. */
  preScore(cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number): boolean;
}

export interface ScorePlugin extends Plugin {
  /** Set by PreScore when every feasible node gets the same normalised score (the framework then skips Score). */
  constant?: number | undefined;
  /** Raw scores of `feasible[0..count)` into `out[0..count)`. */
  score(cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, out: Float64Array): void;
  /** In-place NormalizeScore to 0..100. */
  normalize?(cycle: CycleState, pod: PodRecord, count: number, scores: Float64Array): void;
  /**
   * Fast path: Score + NormalizeScore + `total[i] += weight × score` in as few passes as the plugin
   * can (same results as the three steps; `scratch` is free to use). Not used for `--explain`.
   */
  accumulate?(cycle: CycleState, pod: PodRecord, feasible: Int32Array, count: number, scratch: Float64Array, total: Float64Array, weight: number): void;
}

export interface BindPlugin extends Plugin {
  /** Reserve/PreBind work once the pod is placed (VolumeBinding binds WaitForFirstConsumer claims). */
  bound(pod: PodRecord, node: number): void;
}

/** What every plugin gets at construction (kube's `framework.Handle`). */
export interface Handle {
  state: ClusterState;
  /** Kubernetes minor version of the cluster (behaviour that changed between versions). */
  minor: number;
  /** Services and controllers that select pods, for the system default spreading selector. */
  defaultSelectors: DefaultSelectorSource;
}

export interface DefaultSelectorSource {
  /** The merged selector of Services selecting the pod and its ReplicaSet/StatefulSet/ReplicationController (`helper.DefaultSelector`). */
  forPod(pod: PodRecord): { name: string; selector: Selector } | undefined;
}

/**
 * Per-cycle state (`framework.CycleState`): one slot per plugin, written in PreFilter/PreScore and
 * read in Filter/Score. Slots are plugin-owned objects reused across cycles.
 */
export class CycleState {
  private readonly slots = new Map<string, unknown>();
  /** PreFilterResult: the only nodes worth filtering (NodeAffinity with a `metadata.name` field selector), or undefined for all. */
  nodeNames: number[] | undefined = undefined;
  /** Plugins that restricted `nodeNames`. */
  restrictedBy: string[] = [];

  reset(): void {
    if (this.slots.size > 0) this.slots.clear();
    this.nodeNames = undefined;
    if (this.restrictedBy.length > 0) this.restrictedBy = [];
  }

  write<T>(key: string, value: T): void {
    this.slots.set(key, value);
  }

  read<T>(key: string): T {
    return this.slots.get(key) as T;
  }
}
