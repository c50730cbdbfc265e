/** One PDB over several workloads: one of them can lose every pod while the budget holds. @module */
import { defineRule } from "../rule.js";
import { describeCoverage, pdbCoverage } from "../view/coverage.js";

export default defineRule({
  id: "pdb-spans-workloads",
  title: "One PodDisruptionBudget covers several workloads",
  category: "disruption",
  severity: "warning",
  rationale:
    "A PDB counts all the pods it selects together. When it spans several workloads, evictions of one consume the " +
    "budget of the others, and one workload can lose every pod while the total still satisfies the budget.",
  appliesTo: ["PodDisruptionBudget"],
  messages: {
    spans: "PodDisruptionBudget {{name}} covers {{count}} workloads: {{covered}}",
  },
  check(ctx) {
    for (const pdb of ctx.index.pdbs) {
      const ws = ctx.index.workloadsOfPdb(pdb);
      if (ws.length < 2) continue;
      const cov = pdbCoverage(ctx.index, pdb, ctx.topology);
      ctx.report({
        object: pdb.object,
        path: ["spec", "selector"],
        messageId: "spans",
        data: { name: `${pdb.namespace}/${pdb.name}`, count: ws.length, covered: describeCoverage(cov) || ws.map((w) => `${w.kind} ${w.name}`).join(", ") },
        mechanism: `The disruption controller sums the pods of ${ws.map((w) => w.name).join(" and ")}; a drain may evict every pod of the smaller workload as long as the sum stays above the budget.`,
        fix: `Give each workload its own PodDisruptionBudget whose selector includes a label unique to it (e.g. app.kubernetes.io/name).`,
        related: ws.map((w) => w.object),
      });
    }
  },
});
