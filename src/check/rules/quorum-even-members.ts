/** An even member count adds cost without adding fault tolerance. @module */
import { defineRule } from "../rule.js";
import { describeGroup, quorumGroups, quorumOf } from "../view/quorum.js";

export default defineRule({
  id: "quorum-even-members",
  title: "Quorum system runs an even number of members",
  category: "workload",
  severity: "warning",
  rationale:
    "A majority of 4 is 3, so 4 members tolerate 1 failure — like 3 — while adding one more member that can fail and " +
    "one more vote each write waits for. Split evenly across two zones or sites, an even count also loses quorum " +
    "when either side goes.",
  appliesTo: ["StatefulSet"],
  messages: {
    even: "{{workload}} runs {{system}} with {{n}} members: a majority needs {{quorum}}, so it tolerates {{tolerates}} failure(s), no more than {{odd}} members",
  },
  check(ctx) {
    for (const g of quorumGroups(ctx.index.workloads, (w) => ctx.index.replicaRange(w)?.min)) {
      const n = g.total;
      if (n < 4 || n % 2 !== 0) continue; // 2 is quorum-too-few-members' finding
      const { quorum, tolerates } = quorumOf(n);
      const main = g.members[0]!;
      ctx.report({
        object: main.workload.object,
        path: ["spec", "replicas"],
        messageId: "even",
        data: { workload: describeGroup(g), system: g.system, n, quorum, tolerates, odd: n - 1 },
        mechanism: `With ${n} members ${quorum} must agree; losing ${tolerates + 1} stops the system, exactly as with ${n - 1} members, and an even split over two failure domains (${n / 2}+${n / 2}) loses the majority when either domain fails.`,
        fix: `Run ${n - 1} or ${n + 1} members (a tie-breaking member in a third failure domain is the usual choice).`,
        edits: [{ op: "set", path: ["spec", "replicas"], value: main.count + 1 }],
        related: g.members.slice(1).map((m) => m.workload.object),
      });
    }
  },
});
