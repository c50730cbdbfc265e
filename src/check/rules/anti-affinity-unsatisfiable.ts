/** Required anti-affinity with more replicas than nodes or zones: Pending pods and stuck rollouts. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { parseIntOrPercent, scaled } from "../view/disruption.js";
import { affinityTerms, selectsOwnPods } from "../view/scheduling.js";

export default defineRule({
  id: "anti-affinity-unsatisfiable",
  title: "Required anti-affinity allows fewer pods than the workload runs",
  category: "topology",
  severity: "critical",
  rationale:
    "Required pod anti-affinity against the workload's own pods allows one pod per topology domain. With more " +
    "replicas than eligible nodes (hostname) or zones (zone key) the extra replicas can never be scheduled; with " +
    "exactly as many, a rolling update's surge pod has nowhere to go and, with maxUnavailable 0, the rollout never " +
    "finishes.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    pending: "{{workload}} runs up to {{replicas}} with required anti-affinity over {{key}}, but only {{domains}} eligible: {{pending}} Pending",
    rollout: "{{workload}} runs {{replicas}} with required anti-affinity over {{key}} and {{domains}}: a rolling update's surge pod can never be scheduled and maxUnavailable is 0",
  },
  check(ctx) {
    if (!ctx.topology.known) return;
    for (const w of ctx.index.workloads) {
      const range = ctx.index.replicaRange(w);
      if (!range) continue;
      for (const t of affinityTerms(w)) {
        if (t.kind !== "antiAffinity" || !t.required || !selectsOwnPods(t.selector, w)) continue;
        const eligible = ctx.topology.eligible(w.template.spec);
        const domains = ctx.topology.domains(t.topologyKey, eligible).size;
        const r = range.max;
        const noun = t.topologyKey === "kubernetes.io/hostname" ? "node" : "domain";
        const base = { workload: describeWorkload(w), replicas: plural(r, "replica"), key: t.topologyKey, domains: plural(domains, `${noun}`) };
        if (r > domains) {
          ctx.report({
            object: w.object,
            path: t.path,
            messageId: "pending",
            data: { ...base, pending: plural(r - domains, "replica stays", "replicas stay") },
            mechanism: `Each ${noun} may run one pod of ${w.name}; ${domains} ${noun}${domains === 1 ? "" : "s"} pass the pod's node selector, affinity and taints, so ${r - domains} pod${r - domains === 1 ? "" : "s"} can never be placed, and a lost ${noun} is never replaced.`,
            fix: `Use preferred anti-affinity or a topologySpreadConstraint (maxSkew 1) instead, or provide at least ${r + 1} eligible ${noun}s (one spare for failures and rollouts).`,
          });
          continue;
        }
        if (w.kind !== "Deployment" || r !== domains) continue;
        const ru = ((w.object.body["spec"] as Record<string, unknown> | undefined)?.["strategy"] as { type?: unknown; rollingUpdate?: Record<string, unknown> } | undefined) ?? {};
        if (ru.type === "Recreate") continue;
        const mu = parseIntOrPercent(ru.rollingUpdate?.["maxUnavailable"] ?? "25%");
        if (!mu || scaled(mu, r, false) > 0) continue;
        ctx.report({
          object: w.object,
          path: t.path,
          messageId: "rollout",
          data: base,
          mechanism: `Every eligible ${noun} already runs a pod of ${w.name}, so the surge pod of a rolling update is unschedulable, and with maxUnavailable resolving to 0 for ${r} replicas no old pod is stopped first: the rollout hangs until progressDeadlineSeconds and never completes.`,
          fix: `Set strategy.rollingUpdate.maxUnavailable: 1 (replace one pod at a time in place), add a spare eligible ${noun}, or switch to preferred anti-affinity.`,
          edits: [{ op: "set", path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"], value: 1 }],
        });
      }
    }
  },
});
