/** Containers without CPU/memory requests: capacity cannot be planned, pods are evicted first. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "resource-requests-missing",
  title: "Container has no CPU or memory request",
  category: "workload",
  severity: "warning",
  rationale:
    "The scheduler places pods by their requests. Without them nodes are overcommitted, capacity after losing a node " +
    "or zone cannot be computed (N-1 planning is blind), and under memory pressure the kubelet evicts BestEffort " +
    "and over-request Burstable pods first.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Job", "CronJob", "Rollout"],
  messages: {
    missing: "{{container}} of {{workload}} has no {{which}} request",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        const req = ((c.spec["resources"] as Record<string, unknown> | undefined)?.["requests"] ?? {}) as Record<string, unknown>;
        const lim = ((c.spec["resources"] as Record<string, unknown> | undefined)?.["limits"] ?? {}) as Record<string, unknown>;
        // A limit without a request defaults the request to the limit (API defaulting).
        const missing = ["cpu", "memory"].filter((r) => req[r] === undefined && lim[r] === undefined);
        if (missing.length === 0) continue;
        ctx.report({
          object: w.object,
          path: [...c.path, "resources"],
          messageId: "missing",
          data: { container: `container "${c.name}"`, workload: describeWorkload(w), which: missing.join(" or ") },
          mechanism:
            missing.length === 2
              ? "Without requests the pod is BestEffort: the scheduler packs it anywhere, it is the first to be evicted under node pressure, and hactl cannot tell whether the surviving nodes can absorb it after a node or zone loss."
              : `Without a ${missing[0]} request the scheduler counts the container as needing none, nodes get overcommitted, and capacity after a failure cannot be planned.`,
          fix: `Set resources.requests.${missing.join(" and resources.requests.")} for container "${c.name}" from its observed usage (e.g. the p95 of the last weeks).`,
        });
      }
    }
  },
});
