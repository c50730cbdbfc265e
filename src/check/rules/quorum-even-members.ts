/** An even member count adds cost without adding fault tolerance. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import { quorumOf, quorumSystem } from "../view/quorum.js";

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
    for (const w of ctx.index.workloads) {
      const sys = quorumSystem(w);
      const range = ctx.index.replicaRange(w);
      if (!sys || !range) continue;
      const n = range.min;
      if (n < 4 || n % 2 !== 0) continue; // 2 is quorum-too-few-members' finding
      const { quorum, tolerates } = quorumOf(n);
      ctx.report({
        object: w.object,
        path: ["spec", "replicas"],
        messageId: "even",
        data: { workload: describeWorkload(w), system: sys.name, n, quorum, tolerates, odd: n - 1 },
        mechanism: `With ${n} members ${quorum} must agree; losing ${tolerates + 1} stops the system, exactly as with ${n - 1} members, and an even split over two failure domains (${n / 2}+${n / 2}) loses the majority when either domain fails.`,
        fix: `Run ${n - 1} or ${n + 1} members.`,
        edits: [{ op: "set", path: ["spec", "replicas"], value: n + 1 }],
      });
    }
  },
});
