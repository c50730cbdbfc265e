/** Without AlwaysAllow, crashing pods block drains. @module */
import { defineRule, plural } from "../rule.js";
import { allowedDisruptions } from "../view/disruption.js";
import { pdbCoverage } from "../view/coverage.js";

export default defineRule({
  id: "pdb-unhealthy-eviction",
  title: "PodDisruptionBudget lets unhealthy pods block drains",
  category: "disruption",
  severity: "info",
  rationale:
    "With the default unhealthyPodEvictionPolicy IfHealthyBudget, a pod that is running but not ready (CrashLoopBackOff, " +
    "a stuck dependency) may only be evicted while the budget is healthy. Once more pods are unready than the budget " +
    "allows, even the broken pods cannot be evicted and every drain waits for a human. AlwaysAllow (beta since " +
    "Kubernetes 1.27, GA in 1.31) lets unready pods go.",
  appliesTo: ["PodDisruptionBudget"],
  messages: {
    ifHealthy: "PodDisruptionBudget {{name}} uses unhealthyPodEvictionPolicy IfHealthyBudget{{dflt}}: drains block once {{stuck}} not ready",
  },
  check(ctx) {
    // The field exists from 1.26 (alpha) and is on by default from 1.27.
    if (ctx.kubernetesMinor !== undefined && ctx.kubernetesMinor < 27) return;
    for (const pdb of ctx.index.pdbs) {
      if (pdb.invalid || pdb.selectsNothing || pdb.unhealthyPodEvictionPolicy === "AlwaysAllow") continue;
      const cov = pdbCoverage(ctx.index, pdb, ctx.topology);
      if (cov.workloads.length === 0 || cov.unknown.length > 0 || cov.pods === 0) continue;
      const allowed = allowedDisruptions(pdb.budget, cov.pods);
      // A budget that allows nothing is pdb-blocks-drain's finding.
      if (allowed === 0) continue;
      const written = (pdb.object.body["spec"] as Record<string, unknown> | undefined)?.["unhealthyPodEvictionPolicy"] !== undefined;
      ctx.report({
        object: pdb.object,
        path: written ? ["spec", "unhealthyPodEvictionPolicy"] : ["spec"],
        messageId: "ifHealthy",
        data: { name: `${pdb.namespace}/${pdb.name}`, dflt: written ? "" : " (the default)", stuck: `${plural(allowed + 1, "pod is", "pods are")}` },
        mechanism: `The budget allows ${allowed} disruption${allowed === 1 ? "" : "s"} of ${cov.pods} pods. When ${allowed + 1} pods are unready at the same time, IfHealthyBudget refuses to evict even those broken pods, so drains and upgrades stop until someone deletes them by hand.`,
        fix: "Set spec.unhealthyPodEvictionPolicy: AlwaysAllow: unready pods can then always be evicted, ready ones stay protected.",
        edits: [{ op: "set", path: ["spec", "unhealthyPodEvictionPolicy"], value: "AlwaysAllow" }],
      });
    }
  },
});
