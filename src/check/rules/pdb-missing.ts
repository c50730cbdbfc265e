/** Replicated workloads without a PodDisruptionBudget. @module */
import { field } from "../../k8s/object.js";
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";

export default defineRule({
  id: "pdb-missing",
  title: "Replicated workload without a PodDisruptionBudget",
  category: "disruption",
  severity: "warning",
  rationale:
    "Node drains (upgrades, autoscaler scale-down, maintenance) evict pods through the Eviction API, which only " +
    "holds back when a PodDisruptionBudget covers the pods. Without one, a drain of two nodes can evict every " +
    "replica at once. The check uses the PDB's full selector (matchLabels and matchExpressions) in the workload's namespace.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"],
  messages: {
    missing: "{{workload}} runs {{replicas}} but no PodDisruptionBudget in namespace {{namespace}} selects its pods",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!["Deployment", "StatefulSet", "ReplicaSet", "Rollout"].includes(w.kind)) continue;
      const range = ctx.index.replicaRange(w);
      // A single replica cannot keep anything up during a drain; workload-replicas reports that.
      if (!range || range.max < 2) continue;
      if (ctx.index.pdbsFor(w).length > 0) continue;
      const replicas = range.min === range.max ? plural(range.max, "replica") : `${range.min}–${range.max} replicas (HPA)`;
      const selector = field(w.object.body, "spec", "selector");
      const pdbName = ctx.index.get("PodDisruptionBudget", w.namespace, w.name) ? `${w.name}-pdb` : w.name;
      const matchLabels = selector && typeof selector === "object" ? selector : { matchLabels: w.template.labels };
      ctx.report({
        object: w.object,
        path: ["metadata", "name"],
        messageId: "missing",
        data: { workload: describeWorkload(w), replicas, namespace: w.namespace },
        mechanism:
          `kubectl drain and the cluster autoscaler evict pods through the Eviction API; with no budget every eviction is allowed, ` +
          `so draining the nodes that hold the ${plural(range.max, "replica")} can stop all of them at the same time.`,
        fix: `Add a PodDisruptionBudget with maxUnavailable: 1 and the workload's selector (and unhealthyPodEvictionPolicy: AlwaysAllow so crashing pods never block drains).`,
        edits: [
          {
            op: "add-document",
            path: [],
            value: {
              apiVersion: "policy/v1",
              kind: "PodDisruptionBudget",
              metadata: { name: pdbName, namespace: w.namespace },
              spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: matchLabels },
            },
          },
        ],
      });
    }
  },
});
