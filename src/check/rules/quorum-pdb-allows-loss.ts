/** A PDB that lets a drain take a quorum system below its majority. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { allowedDisruptions, describeBudget } from "../view/disruption.js";
import { quorumOf, quorumSystem } from "../view/quorum.js";

export default defineRule({
  id: "quorum-pdb-allows-loss",
  title: "PodDisruptionBudget lets a drain break a quorum",
  category: "disruption",
  severity: "critical",
  rationale:
    "A quorum system of n members survives ⌊(n−1)/2⌋ members down. When its PodDisruptionBudget allows more " +
    "voluntary disruptions than that, one `kubectl drain` of a few nodes (an upgrade wave, the cluster autoscaler) " +
    "may evict a majority at once and the system stops electing a leader — an outage caused by maintenance.",
  appliesTo: ["PodDisruptionBudget"],
  messages: {
    allows: "PodDisruptionBudget {{pdb}} allows {{allowed}} of {{members}} of {{workload}} ({{system}}) to be evicted at once, but a majority of {{quorum}} must stay up",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      const sys = quorumSystem(w);
      const range = ctx.index.replicaRange(w);
      if (!sys || !range || range.min < 3) continue; // fewer members is quorum-too-few-members
      const n = range.min;
      const { quorum, tolerates } = quorumOf(n);
      for (const pdb of ctx.index.pdbsFor(w)) {
        if (pdb.invalid) continue;
        // The PDB counts every pod it selects; for this check, the quorum members are what matters.
        const others = ctx.index.workloadsOfPdb(pdb).filter((x) => x !== w).reduce((s, x) => s + (ctx.index.replicaRange(x)?.min ?? 0), 0);
        const allowed = Math.min(n, allowedDisruptions(pdb.budget, n + others));
        if (allowed <= tolerates) continue;
        const field = pdb.budget.maxUnavailable ? "maxUnavailable" : "minAvailable";
        ctx.report({
          object: pdb.object,
          path: ["spec", field],
          messageId: "allows",
          data: { pdb: `${pdb.namespace}/${pdb.name}`, allowed, members: plural(n, "member"), workload: describeWorkload(w), system: sys.name, quorum },
          mechanism: `With ${describeBudget(pdb.budget, n + others)}, a drain may evict ${allowed} members; ${n - allowed} remain, below the majority of ${quorum}, so ${sys.name} loses its leader and stops accepting writes until members return.`,
          fix: `Allow at most ${tolerates} disruption${tolerates === 1 ? "" : "s"}: maxUnavailable: ${tolerates} (or minAvailable: ${quorum}).`,
          edits: [...(pdb.budget.minAvailable ? [{ op: "delete" as const, path: ["spec", "minAvailable"] }] : []), { op: "set" as const, path: ["spec", "maxUnavailable"], value: tolerates }],
          related: [w.object],
        });
      }
    }
  },
});
