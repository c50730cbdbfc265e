/**
 * Which nodes a pod may land on, following kube-scheduler's filters that depend only on the pod and
 * the node: NodeUnschedulable, NodeAffinity (nodeSelector AND required node affinity; terms ORed,
 * expressions ANDed; In/NotIn/Exists/DoesNotExist/Gt/Lt; matchFields on metadata.name) and
 * TaintToleration (NoSchedule and NoExecute taints must be tolerated). Resources and inter-pod rules
 * are the twin's business, not the checker's.
 * @module
 */
import type { Node, Taint } from "../../model/fleet.js";

interface NodeSelectorRequirement {
  key?: string;
  operator?: string;
  values?: unknown[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Toleration {
  key?: string;
  operator?: "Equal" | "Exists";
  value?: string;
  effect?: string;
}

/** True when the pod's nodeSelector and required node affinity accept the node. */
export function nodeAffinityMatches(podSpec: Record<string, unknown>, node: Pick<Node, "name" | "labels">): boolean {
  const sel = podSpec["nodeSelector"];
  if (sel && typeof sel === "object") {
    for (const [k, v] of Object.entries(sel as Record<string, unknown>)) if (node.labels[k] !== String(v)) return false;
  }
  const terms = requiredNodeTerms(podSpec);
  if (terms === undefined) return true;
  // An empty list of terms matches no node (scheduler: "nodeSelectorTerms: Required value").
  return terms.some((t) => termMatches(t, node));
}

/** The required node-affinity terms, or undefined when none are set. */
export function requiredNodeTerms(podSpec: Record<string, unknown>): NodeSelectorTerm[] | undefined {
  const terms = (podSpec["affinity"] as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: unknown } } } | undefined)?.nodeAffinity
    ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return Array.isArray(terms) ? (terms as NodeSelectorTerm[]) : undefined;
}

function termMatches(t: NodeSelectorTerm, node: Pick<Node, "name" | "labels">): boolean {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  // A term with no requirements matches nothing (nodeaffinity.go: "empty term matches no objects").
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, node.labels[r.key ?? ""], Object.prototype.hasOwnProperty.call(node.labels, r.key ?? ""))) return false;
  for (const r of fields) {
    if (r.key !== "metadata.name") return false;
    if (!requirementMatches(r, node.name, true)) return false;
  }
  return true;
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined, has: boolean): boolean {
  const values = (r.values ?? []).map(String);
  switch (r.operator) {
    case "In":
      return has && values.includes(value!);
    case "NotIn":
      return !has || !values.includes(value!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(value!, 10);
      const b = Number.parseInt(values[0]!, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** `v1.Toleration.ToleratesTaint`. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true; // empty key + Exists tolerates everything
  if (!t.key) return false;
  return (t.value ?? "") === (taint.value ?? "");
}

/** True when every NoSchedule/NoExecute taint of the node is tolerated. */
export function toleratesNode(podSpec: Record<string, unknown>, node: Pick<Node, "taints">): boolean {
  const tolerations = Array.isArray(podSpec["tolerations"]) ? (podSpec["tolerations"] as Toleration[]) : [];
  return node.taints.every((taint) => taint.effect === "PreferNoSchedule" || tolerations.some((t) => t && tolerates(t, taint)));
}

/** The nodes that pass the pod's node-level filters. */
export function eligibleNodes(podSpec: Record<string, unknown>, nodes: readonly Node[], opts: { taints?: boolean } = {}): Node[] {
  return nodes.filter((n) => !n.unschedulable && nodeAffinityMatches(podSpec, n) && (opts.taints === false || toleratesNode(podSpec, n)));
}
