/** Too few replicas: one pod is one failure away from an outage. @module */
import * as z from "zod";
import { describeWorkload, duration, nodeFailureReplacementMs, objectiveFor } from "../helpers.js";
import { defineRule, plural } from "../rule.js";

export default defineRule({
  id: "workload-replicas",
  title: "Workload runs fewer replicas than the minimum",
  category: "workload",
  severity: "warning",
  rationale:
    "A single replica turns every node failure, node drain and rollout into downtime: the only pod is gone " +
    "until a replacement is scheduled, pulled and ready. Two replicas survive one failure; services the " +
    "fleet's objectives mark critical need three, so that one failure during a rollout or drain still leaves two.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    tooFew: "{{workload}} runs {{replicas}}; at least {{min}} are needed{{why}}",
  },
  options: z.object({
    min: z.number().int().min(1).default(2).describe("Minimum replicas for every scalable workload."),
    minCritical: z.number().int().min(1).default(3).describe("Minimum for workloads whose objective is `critical: true` (fleet runs)."),
  }),
  check(ctx) {
    for (const w of ctx.index.workloads) {
      // An HPA owns the replica count: hpa-min-replicas judges its minReplicas instead.
      if (w.replicas === undefined || ctx.index.hpaFor(w)) continue;
      // Scaled to zero on purpose (paused, or driven by an event scaler): nothing runs, nothing to protect.
      if (w.replicas === 0) continue;
      const objective = objectiveFor(ctx, w);
      const min = objective?.critical ? Math.max(ctx.options.min, ctx.options.minCritical) : ctx.options.min;
      if (w.replicas >= min) continue;
      const replacement = nodeFailureReplacementMs(ctx);
      ctx.report({
        object: w.object,
        path: w.replicasDeclared ? ["spec", "replicas"] : ["spec"],
        messageId: "tooFew",
        data: {
          workload: describeWorkload(w),
          replicas: plural(w.replicas, "replica"),
          min,
          why: objective?.critical ? ` (the objective for "${objective.name}" is critical)` : "",
        },
        mechanism:
          `With ${plural(w.replicas, "pod")}, losing ${w.replicas === 1 ? "its node" : `${w.replicas} nodes`} stops the service: a failed node's pods ` +
          `are only replaced after ~${duration(replacement)} (node monitor grace period + unreachable toleration), and every drain or rollout ` +
          `takes ${w.replicas === 1 ? "the only pod" : "pods"} down ${w.replicas === 1 ? "until its replacement is ready" : "below a safe margin"}.`,
        fix: `Set spec.replicas to ${min} (or add a HorizontalPodAutoscaler with minReplicas ≥ ${min}), then a PodDisruptionBudget and a spread over nodes and zones.`,
        edits: [{ op: "set", path: ["spec", "replicas"], value: min }],
      });
    }
  },
});
