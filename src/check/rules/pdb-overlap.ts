/** Pods covered by several PDBs: the Eviction API refuses them with 500. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "pdb-overlap",
  title: "Pods are covered by more than one PodDisruptionBudget",
  category: "disruption",
  severity: "critical",
  rationale:
    "The Eviction API does not support pods matched by several PodDisruptionBudgets: it answers 500 (\"This pod has " +
    "more than one PodDisruptionBudget, which the eviction subresource does not support\"). Drains and autoscaler " +
    "scale-downs fail on every node running these pods.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    overlap: "Pods of {{workload}} are selected by {{count}} PodDisruptionBudgets: {{names}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      const pdbs = ctx.index.pdbsFor(w);
      if (pdbs.length < 2) continue;
      ctx.report({
        object: w.object,
        path: w.templateMetaPath,
        messageId: "overlap",
        data: { workload: describeWorkload(w), count: pdbs.length, names: pdbs.map((p) => p.name).join(", ") },
        mechanism: "kubectl drain and the cluster autoscaler evict through the Eviction API, which returns 500 for a pod with more than one PDB; the drain fails on that pod and the node is never emptied.",
        fix: `Keep one PodDisruptionBudget for these pods: narrow the selectors of the others (${pdbs.slice(1).map((p) => p.name).join(", ")}) so they no longer match the labels ${Object.entries(w.template.labels).map(([k, v]) => `${k}=${v}`).join(",")}.`,
        related: pdbs.map((p) => p.object),
      });
    }
  },
});
