/** Replicas with nothing keeping them on different nodes. @module */
import { describeWorkload, ownSelector, REPLICATED_KINDS } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { affinityTerms, spreadConstraints } from "../view/scheduling.js";

export default defineRule({
  id: "anti-affinity-missing",
  title: "Replicas may all land on one node (no anti-affinity or topology spread)",
  category: "topology",
  severity: "warning",
  rationale:
    "Replicas only protect against a node failure if they run on different nodes. Without pod anti-affinity or a " +
    "topology spread constraint, only the scheduler's default soft spreading applies (hostname maxSkew 3, " +
    "ScheduleAnyway), which scores but never guarantees: after a rollout or on a busy cluster several replicas " +
    "share a node, and that node takes them down together. A topology spread constraint counts as satisfying this rule.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    missing: "{{workload}} runs {{replicas}} with no pod anti-affinity or topology spread constraint",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!REPLICATED_KINDS.has(w.kind)) continue;
      const range = ctx.index.replicaRange(w);
      if (!range || range.max < 2) continue;
      const spreads = spreadConstraints(w);
      const anti = affinityTerms(w).filter((t) => t.kind === "antiAffinity");
      // Any constraint counts here; constraints that do not select the pods themselves are spread-selector-mismatch's finding.
      if (spreads.length > 0 || anti.length > 0) continue;
      ctx.report({
        object: w.object,
        path: w.podSpecPath,
        messageId: "missing",
        data: { workload: describeWorkload(w), replicas: range.min === range.max ? plural(range.max, "replica") : `up to ${range.max} replicas` },
        mechanism:
          "The default spreading (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway) only nudges scores; with uneven free capacity, " +
          "surges during rollouts or after a node was drained, several replicas end up on the same node and fail together with it.",
        fix: "Add a topologySpreadConstraint over kubernetes.io/hostname (maxSkew 1) selecting the workload's own pods; add one over topology.kubernetes.io/zone as well in multi-zone clusters.",
        edits: [
          {
            op: "set",
            path: [...w.podSpecPath, "topologySpreadConstraints"],
            value: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: ownSelector(w) }],
          },
        ],
      });
    }
  },
});
