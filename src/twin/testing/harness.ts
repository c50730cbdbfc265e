/**
 * Test harness: a twin with existing pods bound where the test says (`spec.nodeName`, bound without
 * scheduling as the kubelet would) and one incoming pod, returning what each plugin said per node.
 * @module
 */
import type { K8sObject } from "../../k8s/object.js";
import type { NodeSpec } from "../state/nodes.js";
import { createTwin, type Twin } from "../twin.js";
import type { Explanation } from "../types.js";
import { k8s, makeCluster, type NodeBuilder, type PodBuilder } from "./builders.js";

export interface Outcome {
  twin: Twin;
  explanation: Explanation;
  /** Node → first rejecting reason, or "" when feasible. */
  filter: Record<string, string>;
  /** Feasible nodes, sorted by name. */
  feasible: string[];
  /** Node → plugin → normalised score (feasible nodes only; needs ≥ 2 feasible nodes). */
  scores: Record<string, Record<string, number>>;
  selected?: string;
  /** The FitError message when the pod stays Pending. */
  message?: string;
}

/** Existing pod `p` bound to `node` (no scheduling). */
export function on(p: PodBuilder, node: string): K8sObject {
  const o = p.obj();
  (o.body["spec"] as Record<string, unknown>)["nodeName"] = node;
  return o;
}

/** Places `existing` (objects; pods with nodeName land there), then explains `incoming`. */
export function evaluate(nodes: (NodeSpec | NodeBuilder)[], existing: K8sObject[], incoming: PodBuilder, extra: K8sObject[] = [], seed = 1): Outcome {
  const twin = createTwin(makeCluster(nodes, [...existing, ...extra]), { seed, percentageOfNodesToScore: 100 });
  twin.placeAll();
  const obj = incoming.obj();
  twin.addPod({ name: obj.metadata.name, namespace: obj.metadata.namespace, labels: obj.metadata.labels, spec: obj.body["spec"] as Record<string, unknown> }, { schedule: false });
  const e = twin.explain(`${obj.metadata.namespace ?? "default"}/${obj.metadata.name}`);
  const filter: Record<string, string> = {};
  for (const f of e.filters) filter[f.node] = f.feasible ? "" : f.rejectedBy ? (f.filters[f.rejectedBy] ?? e.pending?.message ?? "") : (e.pending?.message ?? "");
  const scores: Record<string, Record<string, number>> = {};
  for (const s of e.scores) scores[s.node] = Object.fromEntries(Object.entries(s.plugins).map(([k, v]) => [k, v.normalized]));
  return { twin, explanation: e, filter, feasible: e.filters.filter((f) => f.feasible).map((f) => f.node).sort(), scores, selected: e.selected, message: e.pending?.message };
}

export { k8s };
