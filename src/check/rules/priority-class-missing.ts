/** Serving pods without a priority class are preempted or evicted like batch jobs. @module */
import { describeWorkload, isServed } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "priority-class-missing",
  title: "Served workload has no priorityClassName",
  category: "workload",
  severity: "info",
  optIn: true,
  rationale:
    "After a node or zone loss the survivors are short of capacity. Without a priority class every pod has priority " +
    "0: the replacements of a customer-facing service queue behind batch jobs, cannot preempt them, and are evicted " +
    "as readily as anything else under node pressure.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"],
  messages: {
    missing: "{{workload}} serves Service {{service}} but sets no priorityClassName",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!["Deployment", "StatefulSet", "ReplicaSet", "Rollout"].includes(w.kind)) continue;
      if (w.template.spec["priorityClassName"] || !isServed(ctx, w)) continue;
      ctx.report({
        object: w.object,
        path: w.podSpecPath,
        messageId: "missing",
        data: { workload: describeWorkload(w), service: ctx.index.servicesFor(w)[0]!.metadata.name },
        mechanism: "With the default priority 0 the scheduler cannot preempt lower-value pods to place this service's replacements when capacity is short after a failure, and the kubelet ranks it like any other pod when it must evict.",
        fix: "Create a PriorityClass for customer-facing services (value above batch work) and set priorityClassName in the pod template.",
      });
    }
  },
});
