/**
 * The cluster state of one twin and its primitive mutations. Every change goes through a primitive
 * here (bind, unbind, add/delete pod, node add/remove/taint/cordon/condition, volume binding); each
 * keeps the matching indexes in step and records its inverse in the undo log while a snapshot is
 * held, so restore is exact.
 * @module
 */
import type { TaintLike } from "../../k8s/pod.js";
import { allTermsKey, hasPodAffinity, podAffinityInfo, termKey, type PodAffinityInfo } from "./affinity.js";
import { Matching, TermKind, type ExistingTerm, type PodKind } from "./matching.js";
import { DIM_CPU, DIM_MEMORY, NodeTable, type NodeSpec } from "./nodes.js";
import { PodPhase, PodRecord, Template, type PendingInfo, type TemplateInput } from "./pods.js";
import { UndoLog, UndoOp, type UndoApply } from "./undo.js";
import { VolumeTable, type Volume } from "./volumes.js";

export interface TemplateAffinity {
  info: PodAffinityInfo;
  any: boolean;
  /** Terms this template's pods carry once running (for symmetry and scoring of later pods). */
  own: ExistingTerm[];
}

export class ClusterState {
  readonly nodes: NodeTable;
  readonly matching: Matching;
  readonly volumes = new VolumeTable();
  readonly undo = new UndoLog();
  readonly pods: PodRecord[] = [];
  readonly podByRef = new Map<string, PodRecord>();
  readonly templates: Template[] = [];
  readonly templateByKey = new Map<string, Template>();
  readonly affinity: TemplateAffinity[] = [];
  /** Next queue sequence number (creation order). */
  seq = 0;
  /** Pods currently bound (not deleted). */
  bound = 0;

  constructor(nodeCapacity = 16) {
    this.nodes = new NodeTable(nodeCapacity);
    this.matching = new Matching(this.nodes);
    this.matching.pods = this.pods;
  }

  template(input: TemplateInput): Template {
    const existing = this.templateByKey.get(input.key);
    if (existing) return existing;
    const t = new Template(this.templates.length, input, this.nodes);
    this.templates.push(t);
    this.templateByKey.set(t.key, t);
    const info = podAffinityInfo(t.spec, t.namespace);
    const own: ExistingTerm[] = [];
    const m = this.matching;
    const topo = (k: string) => this.nodes.topology(k);
    for (const term of info.requiredAnti) own.push(m.term(termKey(m, term), topo(term.topologyKey), TermKind.RequiredAnti, 1));
    // HardPodAffinityWeight (default 1): existing pods' required affinity terms attract matching pods in scoring.
    for (const term of info.requiredAffinity) own.push(m.term(termKey(m, term), topo(term.topologyKey), TermKind.RequiredAffinity, 1));
    for (const term of info.preferredAffinity) own.push(m.term(termKey(m, term), topo(term.topologyKey), TermKind.PreferredAffinity, term.weight));
    for (const term of info.preferredAnti) own.push(m.term(termKey(m, term), topo(term.topologyKey), TermKind.PreferredAnti, term.weight));
    if (info.requiredAffinity.length > 1) allTermsKey(m, info.requiredAffinity);
    this.affinity[t.id] = { info, any: hasPodAffinity(info), own };
    return t;
  }

  // ---- pods -------------------------------------------------------------------------------------

  /**
   * Creates a pending pod. `ref` (`namespace/name`) may be given when the caller built it already:
   * the pod keeps that very string, so lookups with the pod's ref find the map key by identity.
   * `free`: the caller just checked that no pod has this ref. `kindId`: the pod kind, when known.
   */
  addPod(name: string, namespace: string, labels: Record<string, string>, template: Template, ordinal: number | undefined, claims: number[], pinnedNode?: string, workload?: string, ref = `${namespace}/${name}`, free = false, kindId = -1): PodRecord {
    // `free`: the caller just found no pod under this ref.
    const prev = free ? undefined : this.podByRef.get(ref);
    if (prev && !prev.deleted) throw new Error(`pod ${ref} already exists`);
    const p = new PodRecord(this.pods.length, name, namespace, labels, template, this.seq++, ordinal, claims, pinnedNode, workload ?? template.workload, ref);
    // A replacement has its predecessor's labels and namespace, so its kind (`kindId`).
    const kind = kindId >= 0 ? this.matching.kinds[kindId]! : this.matching.kind(labels, namespace);
    p.kind = kind.id;
    kind.pods.push(p);
    this.pods.push(p);
    this.podByRef.set(ref, p);
    if (this.undo.recording) this.undo.push(UndoOp.AddPod, 0, 0, 0, 0, p, kind, prev);
    return p;
  }

  /** Deletes a pod (unbinding it first). */
  deletePod(p: PodRecord): void {
    if (p.deleted) return;
    if (p.node >= 0) this.unbind(p);
    p.deleted = true;
    const ref = p.ref;
    if (this.podByRef.get(ref) === p) this.podByRef.delete(ref);
    if (this.undo.recording) this.undo.push(UndoOp.Undelete, 0, 0, 0, 0, p, undefined, undefined);
  }

  /** Binds `p` to node `n`; `at` puts it back at a position in the node's pod list (undo of unbind). */
  bind(p: PodRecord, n: number, at?: number): void {
    if (p.node >= 0) throw new Error(`pod ${p.ref} is already bound`);
    const t = p.template;
    const nodes = this.nodes;
    // Recorded first, so it runs after the inverse below: the node's version numbers come back too.
    if (this.undo.recording) this.recordVersions(n);
    for (const d of t.requestDims) {
      const a = nodes.req[d]!;
      a[n] = a[n]! + t.requests[d]!;
    }
    nodes.nonzeroCpu[n] = nodes.nonzeroCpu[n]! + t.nonzeroCpu;
    nodes.nonzeroMem[n] = nodes.nonzeroMem[n]! + t.nonzeroMem;
    nodes.podCount[n] = nodes.podCount[n]! + 1;
    nodes.freePods[n] = nodes.freePods[n]! - 1;
    nodes.freeCpu[n] = nodes.alloc[DIM_CPU]![n]! - nodes.req[DIM_CPU]![n]!;
    nodes.freeMem[n] = nodes.alloc[DIM_MEMORY]![n]! - nodes.req[DIM_MEMORY]![n]!;
    nodes.version[n] = nodes.nextVersion();
    nodes.touch(n);
    const list = nodes.podsOn[n]!;
    if (at === undefined || at >= list.length) list.push(p.id);
    else list.splice(at, 0, p.id);
    p.node = n;
    p.phase = PodPhase.Bound;
    this.bound++;
    this.matching.bind(p, n, 1, this.affinity[t.id]!.own);
    const pending = p.pending;
    p.pending = undefined;
    if (this.undo.recording) this.undo.push(UndoOp.Unbind, 0, 0, 0, 0, p, pending, undefined);
  }

  unbind(p: PodRecord): void {
    const n = p.node;
    if (n < 0) return;
    const t = p.template;
    const nodes = this.nodes;
    if (this.undo.recording) this.recordVersions(n);
    this.matching.bind(p, n, -1, this.affinity[t.id]!.own);
    for (const d of t.requestDims) {
      const a = nodes.req[d]!;
      a[n] = a[n]! - t.requests[d]!;
    }
    nodes.nonzeroCpu[n] = nodes.nonzeroCpu[n]! - t.nonzeroCpu;
    nodes.nonzeroMem[n] = nodes.nonzeroMem[n]! - t.nonzeroMem;
    nodes.podCount[n] = nodes.podCount[n]! - 1;
    nodes.freePods[n] = nodes.freePods[n]! + 1;
    nodes.freeCpu[n] = nodes.alloc[DIM_CPU]![n]! - nodes.req[DIM_CPU]![n]!;
    nodes.freeMem[n] = nodes.alloc[DIM_MEMORY]![n]! - nodes.req[DIM_MEMORY]![n]!;
    nodes.version[n] = nodes.nextVersion();
    nodes.touch(n);
    const list = nodes.podsOn[n]!;
    const i = list.lastIndexOf(p.id);
    if (i >= 0) {
      // splice(i, 1) without the array it returns.
      for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
      list.length--;
    }
    p.node = -1;
    p.phase = PodPhase.Pending;
    this.bound--;
    if (this.undo.recording) this.undo.push(UndoOp.Rebind, n, i, 0, 0, p, undefined, undefined);
  }

  setTerminating(p: PodRecord, on: boolean): void {
    if (p.terminating === on) return;
    const n = p.node;
    if (n >= 0) {
      if (this.undo.recording) this.recordVersions(n);
      this.matching.terminating(p, n, on);
      // It no longer counts for spreading (or counts again): what was cached for the node is stale.
      this.nodes.version[n] = this.nodes.nextVersion();
      this.nodes.touch(n);
    }
    p.terminating = on;
    if (this.undo.recording) this.undo.push(UndoOp.Terminating, on ? 0 : 1, 0, 0, 0, p, undefined, undefined);
  }

  setPending(p: PodRecord, info: PendingInfo | undefined): void {
    const old = p.pending;
    p.pending = info;
    if (this.undo.recording) this.undo.push(UndoOp.Pending, 0, 0, 0, 0, p, old, undefined);
  }

  /** Undo entry that puts node `n`'s version numbers back after the change recorded next is undone. */
  private recordVersions(n: number): void {
    this.undo.push(UndoOp.Versions, n, this.nodes.version[n]!, this.nodes.blockVersionOf(n), this.nodes.zoneVersionOf(n), undefined, undefined, undefined);
  }

  /** Undoes every mutation recorded after `mark` (see {@link mark}). */
  rewind(mark: number): void {
    this.undo.rewind(mark, this.undoOne);
  }

  /** Applies one recorded inverse. */
  private readonly undoOne: UndoApply = (op, a, b, c, d, r0, r1, r2) => {
    switch (op) {
      case UndoOp.Versions:
        this.nodes.restoreVersions(a, b, c, d);
        break;
      case UndoOp.Unbind: {
        const p = r0 as PodRecord;
        this.unbind(p);
        p.pending = r1 as PendingInfo | undefined;
        break;
      }
      case UndoOp.Rebind:
        this.bind(r0 as PodRecord, a, b);
        break;
      case UndoOp.Terminating:
        this.setTerminating(r0 as PodRecord, a === 1);
        break;
      case UndoOp.Pending:
        (r0 as PodRecord).pending = r1 as PendingInfo | undefined;
        break;
      case UndoOp.AddPod: {
        const p = r0 as PodRecord;
        const prev = r2 as PodRecord | undefined;
        this.pods.pop();
        (r1 as PodKind).pods.pop();
        if (prev) this.podByRef.set(p.ref, prev);
        else this.podByRef.delete(p.ref);
        this.seq--;
        break;
      }
      case UndoOp.Undelete: {
        const p = r0 as PodRecord;
        p.deleted = false;
        this.podByRef.set(p.ref, p);
        break;
      }
    }
  };

  // ---- snapshots ----------------------------------------------------------------------------------

  /** Marks the undo log for a snapshot (see `NodeTable.frozenAt`). */
  mark(): number {
    if (!this.undo.holding) this.nodes.freeze();
    return this.undo.mark();
  }

  /** Stops holding a snapshot. */
  release(): void {
    this.undo.release();
    if (!this.undo.holding) this.nodes.unfreeze();
  }

  // ---- nodes ------------------------------------------------------------------------------------

  addNode(spec: NodeSpec): number {
    if (this.nodes.byName.has(spec.name)) throw new Error(`node ${spec.name} already exists`);
    const tree = this.nodes.saveTree();
    const n = this.nodes.add(spec);
    for (const t of this.templates) t.align(this.nodes);
    this.matching.node(n, 1);
    if (this.undo.recording) this.undo.record(() => {
      this.matching.node(n, -1);
      this.nodes.unadd(n, tree.zoneOrder, tree.zoneNodes);
    });
    return n;
  }

  /** Removes a node; its pods must have been deleted or unbound. */
  removeNode(n: number): void {
    if (this.nodes.podCount[n]! > 0) throw new Error(`node ${this.nodes.names[n]} still has pods`);
    const tree = this.nodes.saveTree();
    this.matching.node(n, -1);
    this.nodes.remove(n);
    if (this.undo.recording) this.undo.record(() => {
      this.nodes.revive(n, tree.zoneOrder, tree.zoneNodes);
      this.matching.node(n, 1);
    });
  }

  setUnschedulable(n: number, on: boolean): void {
    const old = this.nodes.unschedulable[n]!;
    if (old === (on ? 1 : 0)) return;
    if (this.undo.recording) this.recordVersions(n);
    this.nodes.unschedulable[n] = on ? 1 : 0;
    this.nodes.changed(n);
    if (this.undo.recording) this.undo.record(() => this.setUnschedulable(n, old === 1));
  }

  setTaints(n: number, taints: TaintLike[]): void {
    const old = this.nodes.taints[n]!;
    if (this.undo.recording) this.recordVersions(n);
    this.nodes.taints[n] = taints;
    this.nodes.taintSet[n] = this.nodes.internTaints(taints);
    // PreferNoSchedule decides whether scoring can be fused (cluster-wide): that needs a full invalidation.
    if (old.some((t) => t.effect === "PreferNoSchedule") || taints.some((t) => t.effect === "PreferNoSchedule")) this.nodes.epoch++;
    else this.nodes.changed(n);
    this.matching.node(n, 0);
    if (this.undo.recording) this.undo.record(() => this.setTaints(n, old));
  }

  setCondition(n: number, c: 0 | 1 | 2): void {
    const old = this.nodes.condition[n]! as 0 | 1 | 2;
    if (old === c) return;
    this.nodes.condition[n] = c;
    if (this.undo.recording) this.undo.record(() => this.setCondition(n, old));
  }

  // ---- volumes ----------------------------------------------------------------------------------

  bindVolume(v: Volume, zone: string | undefined, node: string | undefined): void {
    const old = { bound: v.bound, zone: v.zone, node: v.node };
    v.bound = true;
    v.zone = zone;
    v.node = node;
    if (this.undo.recording) this.undo.record(() => Object.assign(v, old));
  }

  /** CPU in millicores requested on node `n` (for reports). */
  requestedCpu(n: number): number {
    return this.nodes.req[DIM_CPU]![n]!;
  }
}
