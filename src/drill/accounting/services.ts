/**
 * The services a drill accounts for, derived once from the fleet: every long-running workload (with
 * the Services in front of it; one service across clusters when a placement spreads it), every data
 * service (its StatefulSet serves through its primary), every traffic hostname, and every cluster's
 * control plane. Each has its objective (per-service entry, else the fleet's defaults).
 * @module
 */
import { dataServiceObjective, objectiveOf } from "../../check/view/fleet.js";
import type { DataService, Fleet, Placement, TrafficHostname } from "../../model/fleet.js";
import type { Objective, ServiceKind } from "../types.js";
import type { DrillModel } from "../state/model.js";

export interface ServiceDef {
  id: string;
  name: string;
  kind: ServiceKind;
  clusters: string[];
  namespace?: string;
  objective: Objective;
  /** Workload rows: the workload in each cluster. Hostnames: the served workload per target cluster. */
  members: { cluster: string; workload: string }[];
  placement?: Placement;
  data?: DataService;
  hostname?: TrafficHostname;
  controlPlane?: string;
}

const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"]);

export class ServiceRegistry {
  readonly list: ServiceDef[] = [];
  readonly byId = new Map<string, ServiceDef>();
  /** cluster → workload → services that depend on it. */
  private readonly byMember = new Map<string, Map<string, string[]>>();
  /** cluster → services that depend on the cluster as a whole (hostnames, data services, control plane). */
  private readonly byCluster = new Map<string, string[]>();

  constructor(fleet: Fleet, model: DrillModel) {
    // Every copy of a data service's workload belongs to the data service (a standby cluster's copy too).
    const dataWorkloads = new Set<string>();
    for (const d of fleet.dataServices) {
      const clusters = [...new Set([d.primary.cluster, ...d.replicas.map((r) => r.cluster)])];
      const members: ServiceDef["members"] = [];
      for (const c of clusters) {
        const w = d.spec.workload ? findWorkload(model, c, d.spec.workload) : undefined;
        if (w) {
          members.push({ cluster: c, workload: w });
          dataWorkloads.add(w);
        }
      }
      const o = dataServiceObjective(fleet, d);
      this.add({ id: `data/${d.name}`, name: d.name, kind: "data", clusters, namespace: d.spec.workload?.namespace, objective: objective(o), members, data: d });
    }
    // Workloads: one service per workload and cluster, or across the clusters of its placement.
    const grouped = new Map<string, ServiceDef>();
    for (const [cname, cm] of model.clusters) {
      for (const w of cm.workloads.values()) {
        if (!LONG_RUNNING.has(w.kind) || dataWorkloads.has(w.ref)) continue;
        const objRef = `${w.kind}/${w.namespace}/${w.name}`;
        const placement = fleet.placement.find((p) => p.clusters.includes(cname) && p.selected.includes(objRef));
        const multi = [...model.clusters.values()].filter((m) => m.workloads.has(w.ref)).length > 1;
        const id = placement || !multi ? w.ref : `${w.ref}@${cname}`;
        let def = grouped.get(id);
        if (!def) {
          const o = objectiveOf(fleet.objectives, [w.name, ...w.services], w.namespace);
          def = { id, name: `${w.namespace}/${w.name}${placement || !multi ? "" : ` (${cname})`}`, kind: "workload", clusters: [], namespace: w.namespace, objective: objective(o), members: [], placement };
          grouped.set(id, def);
        }
        def.clusters.push(cname);
        def.members.push({ cluster: cname, workload: w.ref });
      }
    }
    for (const def of grouped.values()) this.add(def);
    for (const h of fleet.traffic.hostnames) {
      const members: ServiceDef["members"] = [];
      for (const t of h.targets) {
        const ref = h.spec.workload ? findWorkload(model, t.cluster, h.spec.workload) : undefined;
        if (ref) members.push({ cluster: t.cluster, workload: ref });
      }
      const own = fleet.objectives.services.find((s) => s.name === h.name);
      const o = own ? { rtoMs: own.rtoMs, rpoMs: own.rpoMs, service: own.name } : objectiveOf(fleet.objectives, h.spec.workload ? [h.spec.workload.name] : [], h.spec.workload?.namespace);
      const placement = h.spec.workload ? fleet.placement.find((p) => members.some((m) => p.selected.includes(m.workload))) : undefined;
      this.add({ id: `hostname/${h.name}`, name: h.name, kind: "hostname", clusters: [...new Set(h.targets.map((t) => t.cluster))], objective: objective(o), members, hostname: h, placement });
    }
    for (const c of fleet.clusters) {
      this.add({ id: `control-plane/${c.name}`, name: `control plane of ${c.name}`, kind: "control-plane", clusters: [c.name], objective: objective({ rtoMs: fleet.objectives.rtoMs, rpoMs: fleet.objectives.rpoMs }), members: [], controlPlane: c.name });
    }
  }

  private add(def: ServiceDef): void {
    this.list.push(def);
    this.byId.set(def.id, def);
    for (const m of def.members) {
      let c = this.byMember.get(m.cluster);
      if (!c) this.byMember.set(m.cluster, (c = new Map()));
      push(c, m.workload, def.id);
    }
    if (def.kind !== "workload") for (const c of def.clusters) push(this.byCluster, c, def.id);
  }

  /** Services that depend on a workload of a cluster. */
  ofWorkload(cluster: string, workload: string): readonly string[] {
    return this.byMember.get(cluster)?.get(workload) ?? NONE;
  }

  /** Hostnames, data services and control planes of a cluster (they depend on more than pods). */
  ofCluster(cluster: string): readonly string[] {
    return this.byCluster.get(cluster) ?? NONE;
  }
}

const NONE: readonly string[] = [];

function push(m: Map<string, string[]>, k: string, v: string): void {
  const l = m.get(k);
  if (l) {
    if (!l.includes(v)) l.push(v);
  } else m.set(k, [v]);
}

function objective(o: { rtoMs: number; rpoMs: number; service?: string }): Objective {
  return { rtoMs: o.rtoMs, rpoMs: o.rpoMs, source: o.service ? `spec.objectives.services ${o.service}` : "spec.objectives" };
}

/** The workload ref (`Kind/ns/name`) a data service or hostname names in a cluster: a StatefulSet or Deployment, or the workload behind a Service of that name. */
export function findWorkload(model: DrillModel, cluster: string, ref: { namespace?: string; name: string }): string | undefined {
  const cm = model.clusters.get(cluster);
  if (!cm) return undefined;
  const ws = [...cm.workloads.values()].filter((w) => ref.namespace === undefined || w.namespace === ref.namespace);
  const direct = ws.filter((w) => w.name === ref.name).sort((a, b) => rank(a.kind) - rank(b.kind))[0];
  if (direct) return direct.ref;
  return ws.find((w) => w.services.includes(ref.name))?.ref;
}

function rank(kind: string): number {
  return ["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet"].indexOf(kind) + 1 || 9;
}
