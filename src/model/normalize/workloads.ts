/**
 * Which Kubernetes objects run in which cluster: workload sources, placements (active-active,
 * active-passive with hot/warm/cold standby; Duplicated or Divided replicas) and the Services, PDBs
 * and HPAs that follow the workloads they target.
 * @module
 */
import { objectRef, type K8sObject } from "../../k8s/object.js";
import { declaredReplicas, followsWorkload, isWorkload } from "../../k8s/workload.js";
import type { PathSegment } from "../diagnostics.js";
import type { Cluster, Placement } from "../fleet.js";
import type { FleetSpec, PlacementSpec } from "../schema/fleet.js";
import { parseDuration } from "../units.js";
import type { NormalizeContext } from "./context.js";

/** Objects loaded from one workload source. */
export interface WorkloadBundle {
  /** Where the source is declared: `spec.workloads[i]`, `spec.clusters[c].workloads[i]`, or given on the command line. */
  origin: { kind: "fleet"; index: number } | { kind: "cluster"; cluster: string; clusterIndex: number; index: number } | { kind: "command-line" };
  objects: K8sObject[];
}

const COMPANION_KINDS = new Set(["Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"]);

/** Default promotion times by standby temperature (seed 003: hot < 5 min, warm < 30 min, cold < 4 h). */
export const PROMOTION_DEFAULT_MS = { hot: 0, warm: 2 * 60_000, cold: 15 * 60_000 } as const;
/** A person has to notice, decide and act: seed 000's manual active-passive is 5–15 min. */
export const MANUAL_FAILOVER_EXTRA_MS = 10 * 60_000;

export function normalizeWorkloads(
  spec: FleetSpec,
  clusters: Cluster[],
  bundles: readonly WorkloadBundle[],
  ctx: NormalizeContext,
): { objects: K8sObject[]; placements: Placement[] } {
  const clusterNames = clusters.map((c) => c.name);
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const placements = (spec.placement ?? []).map((p, i) => normalizePlacement(p, ["spec", "placement", i], clusterNames, ctx));
  ctx.duplicates(spec.placement ?? [], (p) => p.name, (i) => ["spec", "placement", i, "name"], "placement");

  const all: K8sObject[] = [];
  const fleetLevel: { obj: K8sObject; sourceClusters?: string[]; sourcePath?: PathSegment[] }[] = [];
  for (const b of bundles) {
    if (b.origin.kind === "cluster") {
      const c = byName.get(b.origin.cluster);
      for (const o of b.objects) {
        all.push(o);
        c?.objects.push(o);
      }
      continue;
    }
    let sourceClusters: string[] | undefined;
    let sourcePath: PathSegment[] | undefined;
    if (b.origin.kind === "fleet") {
      sourcePath = ["spec", "workloads", b.origin.index];
      sourceClusters = spec.workloads?.[b.origin.index]?.clusters;
      sourceClusters?.forEach((cn, i) => {
        if (!byName.has(cn)) ctx.unresolved([...sourcePath!, "clusters", i], "cluster", cn, clusterNames);
      });
    }
    for (const o of b.objects) {
      all.push(o);
      fleetLevel.push({ obj: o, sourceClusters, sourcePath });
    }
  }

  // Direct placement matches.
  const placedBy = new Map<K8sObject, Placement>();
  for (const { obj } of fleetLevel) {
    const matching = placements.filter((p) => selects(p.spec, obj));
    if (matching.length > 1) {
      const idx = (spec.placement ?? []).indexOf(matching[1]!.spec);
      ctx.error(["spec", "placement", idx, "workloads"], "conflict", `${objectRef(obj)} is selected by placements "${matching[0]!.name}" and "${matching[1]!.name}"; an object may follow only one placement`, {
        suggestion: "narrow one placement's workloads selector (names, namespaces, matchLabels)",
      });
    }
    if (matching[0] && (isWorkload(obj) || !COMPANION_KINDS.has(obj.kind) || matching[0].spec.workloads.names?.includes(obj.metadata.name))) {
      placedBy.set(obj, matching[0]);
    }
  }
  // Companions (Services, PDBs, HPAs) follow the placed workloads they target.
  const placedWorkloads = [...placedBy.keys()].filter(isWorkload);
  for (const { obj } of fleetLevel) {
    if (placedBy.has(obj) || !COMPANION_KINDS.has(obj.kind)) continue;
    const target = placedWorkloads.find((w) => followsWorkload(obj, w));
    if (target) placedBy.set(obj, placedBy.get(target)!);
  }

  for (const { obj, sourceClusters } of fleetLevel) {
    const p = placedBy.get(obj);
    if (p) {
      p.selected.push(objectRef(obj));
      p.clusters.forEach((cn, rank) => {
        const c = byName.get(cn);
        if (!c) return;
        if (p.mode === "active-passive" && rank > 0 && p.standby === "cold") return; // deployed only on failover
        c.objects.push(p.scheduling === "Divided" ? divided(obj, p, cn) : obj);
      });
      continue;
    }
    for (const cn of sourceClusters ?? clusterNames) byName.get(cn)?.objects.push(obj);
  }

  placements.forEach((p, i) => {
    if (p.selected.length === 0) {
      const names = p.spec.workloads.names;
      if (names && names.length > 0) {
        const known = [...new Set(all.filter(isWorkload).map((o) => o.metadata.name))];
        names.forEach((n, ni) => {
          if (!all.some((o) => o.metadata.name === n)) ctx.unresolved(["spec", "placement", i, "workloads", "names", ni], "workload", n, known);
        });
      } else {
        ctx.warn(["spec", "placement", i, "workloads"], "selects-nothing", `placement "${p.name}" selects no objects`, {
          suggestion: "check the namespaces and labels against the fleet's workloads",
        });
      }
    }
  });

  for (const c of clusters) reportDuplicates(c, ctx);
  return { objects: all, placements };
}

function normalizePlacement(p: PlacementSpec, at: PathSegment[], clusterNames: string[], ctx: NormalizeContext): Placement {
  p.clusters.forEach((cn, i) => {
    if (!clusterNames.includes(cn)) ctx.unresolved([...at, "clusters", i], "cluster", cn, clusterNames);
  });
  const weights: Record<string, number> = {};
  for (const cn of p.clusters) weights[cn] = p.replicas.weights?.[cn] ?? 1;
  for (const w of Object.keys(p.replicas.weights ?? {})) {
    if (!p.clusters.includes(w)) ctx.unresolved([...at, "replicas", "weights", w], "cluster in this placement", w, p.clusters);
  }
  if (p.replicas.weights && p.replicas.scheduling === "Duplicated") {
    ctx.warn([...at, "replicas", "weights"], "ignored-field", "weights only apply with scheduling: Divided", { suggestion: "set replicas.scheduling: Divided or remove weights" });
  }
  if (p.mode === "active-active" && p.standby) {
    ctx.warn([...at, "standby"], "ignored-field", "standby only applies to active-passive placements", { suggestion: "remove standby or set mode: active-passive" });
  }
  if (p.mode === "active-passive" && p.clusters.length < 2) {
    ctx.error([...at, "clusters"], "out-of-range", "active-passive needs at least two clusters (the active and a standby)");
  }
  const standby = p.standby ?? "hot";
  const promotionMs =
    (p.promotionTime ? parseDuration(p.promotionTime)! : PROMOTION_DEFAULT_MS[standby]) + (p.failover === "manual" ? MANUAL_FAILOVER_EXTRA_MS : 0);
  return {
    spec: p,
    name: p.name,
    mode: p.mode,
    standby,
    failover: p.failover,
    promotionMs,
    clusters: p.clusters.filter((c) => clusterNames.includes(c)),
    weights,
    scheduling: p.replicas.scheduling,
    selected: [],
  };
}

function selects(p: PlacementSpec, o: K8sObject): boolean {
  const w = p.workloads;
  if (!w.namespaces && !w.names && !w.matchLabels) return false;
  if (w.namespaces && !(o.metadata.namespace !== undefined && w.namespaces.includes(o.metadata.namespace))) return false;
  if (w.names && !w.names.includes(o.metadata.name)) return false;
  if (w.matchLabels && !Object.entries(w.matchLabels).every(([k, v]) => o.metadata.labels[k] === v)) return false;
  return true;
}

/** Splits `total` replicas by weight like Karmada's static weighted division: floor shares, remainders to the largest fractions. */
export function divideReplicas(total: number, weights: Record<string, number>): Record<string, number> {
  const names = Object.keys(weights);
  const sum = names.reduce((s, n) => s + weights[n]!, 0);
  const out: Record<string, number> = {};
  if (sum === 0) {
    names.forEach((n) => (out[n] = 0));
    return out;
  }
  const exact = names.map((n) => ({ n, v: (total * weights[n]!) / sum }));
  let assigned = 0;
  for (const e of exact) {
    out[e.n] = Math.floor(e.v);
    assigned += out[e.n]!;
  }
  exact
    .sort((a, b) => b.v - Math.floor(b.v) - (a.v - Math.floor(a.v)) || weights[b.n]! - weights[a.n]! || a.n.localeCompare(b.n))
    .slice(0, total - assigned)
    .forEach((e) => (out[e.n] = out[e.n]! + 1));
  return out;
}

function divided(o: K8sObject, p: Placement, cluster: string): K8sObject {
  const total = declaredReplicas(o);
  if (total === undefined) return o;
  const share = divideReplicas(total, p.weights)[cluster] ?? 0;
  const body = structuredClone(o.body);
  (body["spec"] as Record<string, unknown>)["replicas"] = share;
  return { ...o, body };
}

function reportDuplicates(c: Cluster, ctx: NormalizeContext): void {
  const seen = new Map<string, K8sObject>();
  for (const o of c.objects) {
    const key = `${o.apiVersion.split("/")[0]}|${objectRef(o)}`;
    const prev = seen.get(key);
    if (prev && prev !== o && prev.body !== o.body) {
      ctx.diagnostics.push({
        severity: "error",
        code: "duplicate-object",
        message: `${objectRef(o)} is defined twice for cluster "${c.name}" (also at ${prev.source.file}:${prev.source.line}); the second would overwrite the first`,
        file: o.source.file,
        line: o.source.line,
        column: o.source.column,
        suggestion: "remove one copy, or give the objects different names or namespaces",
      });
    } else seen.set(key, o);
  }
}
