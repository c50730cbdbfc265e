/** maxUnavailable ≥ replicas: a rollout may stop every pod at once. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { formatIntOrPercent, parseIntOrPercent, scaled } from "../view/disruption.js";

export default defineRule({
  id: "rollout-max-unavailable",
  title: "Rolling update may take every replica down at once",
  category: "workload",
  severity: "critical",
  rationale:
    "During a rolling update the controller may stop maxUnavailable pods before replacements are ready. When " +
    "maxUnavailable resolves to the replica count or more (e.g. 100%, or 2 with 2 replicas), one rollout can stop " +
    "every pod: a RollingUpdate that behaves like Recreate.",
  appliesTo: ["Deployment", "StatefulSet", "Rollout"],
  messages: {
    all: "{{workload}} allows maxUnavailable {{value}} (= {{resolved}}) with {{replicas}}: a rollout may stop all of them",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!["Deployment", "StatefulSet"].includes(w.kind)) continue;
      const base = w.kind === "Deployment" ? ["spec", "strategy", "rollingUpdate"] : ["spec", "updateStrategy", "rollingUpdate"];
      const ru = base.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), w.object.body) as Record<string, unknown> | undefined;
      const raw = ru?.["maxUnavailable"];
      const mu = parseIntOrPercent(raw);
      if (!mu) continue;
      const range = ctx.index.replicaRange(w);
      if (!range) continue;
      // The rollout runs at whatever scale the workload has; the smallest scale is the worst case.
      const replicas = range.min;
      if (replicas === 0) continue;
      // Deployments round maxUnavailable percentages down (and maxSurge up): deployment/util ResolveFenceposts.
      const resolved = scaled(mu, replicas, false);
      if (resolved < replicas) continue;
      const surge = w.kind === "Deployment" ? parseIntOrPercent(ru?.["maxSurge"] ?? "25%") : undefined;
      const surgeResolved = surge ? scaled(surge, replicas, true) : 0;
      const safe = replicas >= 2 ? 1 : 0;
      ctx.report({
        object: w.object,
        path: [...base, "maxUnavailable"],
        messageId: "all",
        data: { workload: describeWorkload(w), value: formatIntOrPercent(mu), resolved: plural(resolved, "pod"), replicas: plural(replicas, "replica") },
        mechanism: `The controller may terminate ${resolved} of ${replicas} pods before any new pod is ready, so every rollout can leave the service with no ready pod until the new ones pass their readiness probes.`,
        fix: `Set maxUnavailable to ${safe}${safe === 0 ? " with maxSurge 1 (a new pod starts before an old one stops)" : " (or 25%)"}.`,
        edits: [
          { op: "set", path: [...base, "maxUnavailable"], value: safe },
          ...(safe === 0 && w.kind === "Deployment" && surgeResolved === 0 ? [{ op: "set" as const, path: [...base, "maxSurge"], value: 1 }] : []),
        ],
      });
    }
  },
});
