/** A PDB that lets a drain take a quorum system below its majority. @module */
import { defineRule, plural } from "../rule.js";
import { allowedDisruptions, describeBudget } from "../view/disruption.js";
import { describeGroup, quorumGroups, quorumOf } from "../view/quorum.js";

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
    for (const g of quorumGroups(ctx.index.workloads, (w) => ctx.index.replicaRange(w)?.min)) {
      const n = g.total;
      if (n < 3) continue; // fewer members is quorum-too-few-members' finding
      const { quorum, tolerates } = quorumOf(n);
      const seen = new Set<unknown>();
      for (const { workload: w } of g.members) {
        for (const pdb of ctx.index.pdbsFor(w)) {
          if (pdb.invalid || seen.has(pdb)) continue;
          seen.add(pdb);
          // Members this PDB covers, and all the pods it counts (it may select other pods too).
          const covered = ctx.index.workloadsOfPdb(pdb);
          const members = g.members.filter((m) => covered.includes(m.workload)).reduce((s, m) => s + m.count, 0);
          const pods = covered.reduce((s, x) => s + (ctx.index.replicaRange(x)?.min ?? 0), 0);
          const allowed = Math.min(members, allowedDisruptions(pdb.budget, pods));
          if (allowed <= tolerates) continue;
          const field = pdb.budget.maxUnavailable ? "maxUnavailable" : "minAvailable";
          ctx.report({
            object: pdb.object,
            path: ["spec", field],
            messageId: "allows",
            data: { pdb: `${pdb.namespace}/${pdb.name}`, allowed, members: plural(n, "member"), workload: describeGroup(g), system: g.system, quorum },
            mechanism: `With ${describeBudget(pdb.budget, pods)}, a drain may evict ${allowed} members; ${n - allowed} remain, below the majority of ${quorum}, so ${g.system} loses its leader and stops accepting writes until members return.`,
            fix: `Allow at most ${tolerates} disruption${tolerates === 1 ? "" : "s"}: maxUnavailable: ${tolerates}.`,
            edits: [...(pdb.budget.minAvailable ? [{ op: "delete" as const, path: ["spec", "minAvailable"] }] : []), { op: "set" as const, path: ["spec", "maxUnavailable"], value: tolerates }],
            related: g.members.map((m) => m.workload.object),
          });
        }
      }
    }
  },
});
