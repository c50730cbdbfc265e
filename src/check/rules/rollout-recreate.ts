/** Recreate on a served Deployment: every rollout is an outage. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "rollout-recreate",
  title: "Served Deployment uses the Recreate strategy",
  category: "workload",
  severity: "warning",
  rationale:
    "The Recreate strategy stops every old pod before starting any new one, so each rollout — including a config " +
    "change or an image bump — is a full outage of the Service for the time new pods need to become ready.",
  appliesTo: ["Deployment"],
  messages: {
    recreate: "{{workload}} uses strategy Recreate while Service {{service}} sends it traffic",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (w.kind !== "Deployment") continue;
      const strategy = (w.object.body["spec"] as Record<string, unknown> | undefined)?.["strategy"] as { type?: unknown } | undefined;
      if (strategy?.type !== "Recreate") continue;
      const services = ctx.index.servicesFor(w);
      if (services.length === 0) continue;
      // Recreate is the usual answer to a ReadWriteOnce volume; switching would stall the rollout (Multi-Attach).
      const hasClaims = Array.isArray(w.template.spec["volumes"]) && (w.template.spec["volumes"] as { persistentVolumeClaim?: unknown }[]).some((v) => v?.persistentVolumeClaim);
      ctx.report({
        object: w.object,
        path: ["spec", "strategy", "type"],
        messageId: "recreate",
        data: { workload: describeWorkload(w), service: services[0]!.metadata.name },
        mechanism: "Recreate scales the old ReplicaSet to 0 and waits for its pods to terminate before creating new ones: the Service has no ready endpoint from the first termination until the first new pod passes its readiness probe.",
        fix: hasClaims
          ? "The pods mount a PersistentVolumeClaim: move the state to a StatefulSet (one volume per pod) or a ReadWriteMany volume, then use RollingUpdate."
          : "Use strategy RollingUpdate with maxUnavailable: 0 and maxSurge: 1 so a new pod is ready before an old one stops.",
        edits: hasClaims ? undefined : [{ op: "set", path: ["spec", "strategy"], value: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }],
        related: services,
      });
    }
  },
});
