/** Long-running containers without a liveness probe are never restarted when they hang. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "liveness-probe-missing",
  title: "Long-running container has no liveness probe",
  category: "workload",
  severity: "info",
  rationale:
    "A process that deadlocks keeps running: without a liveness probe the kubelet never restarts it, and the pod " +
    "stays unready (or, without a readiness probe, keeps receiving traffic) until a person notices. A liveness " +
    "probe turns a hang into an automatic restart.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    missing: "{{container}} of {{workload}} has no livenessProbe",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!w.longRunning) continue;
      for (const c of w.containers) {
        if (c.sidecar || c.spec["livenessProbe"]) continue;
        ctx.report({
          object: w.object,
          path: c.path,
          messageId: "missing",
          data: { container: `container "${c.name}"`, workload: describeWorkload(w) },
          mechanism: "The kubelet restarts containers that exit, not containers that hang; a deadlocked process holds its replica slot until someone deletes the pod.",
          fix: `Add a livenessProbe to container "${c.name}" that fails only when the process is wedged (a cheap health endpoint, not its dependencies), with a failureThreshold that tolerates slow moments.`,
        });
      }
    }
  },
});
