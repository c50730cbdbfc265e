/** A PDB that allows zero disruptions: no drain ever completes. @module */
import { defineRule, plural } from "../rule.js";
import { allowedDisruptions, describeBudget } from "../view/disruption.js";
import { describeCoverage, pdbCoverage } from "../view/coverage.js";

export default defineRule({
  id: "pdb-blocks-drain",
  title: "PodDisruptionBudget allows no voluntary disruption",
  category: "disruption",
  severity: "critical",
  rationale:
    "A PDB with maxUnavailable 0, minAvailable 100%, or minAvailable at least the number of pods it covers allows " +
    "zero evictions. Every `kubectl drain`, cluster upgrade and autoscaler scale-down then hangs on these pods, " +
    "nodes cannot be patched, and maintenance turns into manual deletions that bypass the budget anyway.",
  appliesTo: ["PodDisruptionBudget"],
  messages: {
    blocks: "PodDisruptionBudget {{name}} allows 0 disruptions: {{budget}} for {{covered}}",
  },
  check(ctx) {
    for (const pdb of ctx.index.pdbs) {
      if (pdb.invalid || pdb.selectsNothing) continue;
      const cov = pdbCoverage(ctx.index, pdb, ctx.topology);
      if (cov.workloads.length === 0 || cov.unknown.length > 0 || cov.pods === 0) continue;
      if (allowedDisruptions(pdb.budget, cov.pods) > 0) continue;
      const field = pdb.budget.maxUnavailable ? "maxUnavailable" : "minAvailable";
      ctx.report({
        object: pdb.object,
        path: ["spec", field],
        messageId: "blocks",
        data: { name: `${pdb.namespace}/${pdb.name}`, budget: describeBudget(pdb.budget, cov.pods), covered: describeCoverage(cov) },
        mechanism:
          `The Eviction API answers 429 (would violate the budget) for every one of the ${plural(cov.pods, "pod")}, so kubectl drain retries forever, ` +
          `node upgrades stall and the cluster autoscaler never removes these nodes. Node failures are not stopped by a PDB, so it buys no protection against them either.`,
        fix: cov.pods >= 2 ? "Use maxUnavailable: 1 (one pod at a time may be evicted, the rest keep serving)." : `Run at least 2 replicas, then use maxUnavailable: 1; a single pod cannot be both protected and drainable.`,
        edits:
          cov.pods >= 2
            ? [
                ...(pdb.budget.minAvailable ? [{ op: "delete" as const, path: ["spec", "minAvailable"] }] : []),
                { op: "set" as const, path: ["spec", "maxUnavailable"], value: 1 },
              ]
            : undefined,
        related: cov.workloads.map((x) => x.workload.object),
      });
    }
  },
});
