/** Liveness identical to readiness: overload turns into restarts. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "probes-identical",
  title: "Liveness and readiness probes are identical",
  category: "workload",
  severity: "warning",
  rationale:
    "Readiness answers 'can this pod take traffic now?', liveness 'is this process beyond repair?'. When both probes " +
    "are the same, a pod that is briefly overloaded is not only taken out of the Service but also restarted, and " +
    "under load every replica restarts in turn — a cascading failure.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    identical: "{{container}} of {{workload}} uses the same check for liveness and readiness",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        const l = c.spec["livenessProbe"];
        const r = c.spec["readinessProbe"];
        if (!l || !r || canonical(l) !== canonical(r)) continue;
        ctx.report({
          object: w.object,
          path: [...c.path, "livenessProbe"],
          messageId: "identical",
          data: { container: `container "${c.name}"`, workload: describeWorkload(w) },
          mechanism:
            "When the pod is slow (GC pause, load spike, a slow dependency) readiness fails and the pod leaves the Service — and at the same moment liveness fails and the kubelet kills it. The remaining pods get more load, fail the same way, and restart one after another.",
          fix: `Point the livenessProbe of "${c.name}" at a cheaper check that does not depend on load or downstream services, and give it a higher failureThreshold than the readinessProbe.`,
        });
      }
    }
  },
});

/** The probe handler and timing, with keys sorted (key order does not matter). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val) ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : val,
  );
}
