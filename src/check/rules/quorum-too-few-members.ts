/** A quorum system with fewer than 3 members tolerates no failure. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { quorumOf, quorumSystem } from "../view/quorum.js";

export default defineRule({
  id: "quorum-too-few-members",
  title: "Quorum system runs fewer than 3 members",
  category: "workload",
  severity: "critical",
  rationale:
    "Consensus systems (etcd, ZooKeeper, Consul, Kafka KRaft controllers, MongoDB replica sets, Galera, Redis " +
    "Sentinel, ...) need a majority of members to elect a leader and accept writes. One member is a single point of " +
    "failure; two members need both for a majority, so losing either one stops the system — twice the failure " +
    "rate of one member.",
  appliesTo: ["StatefulSet"],
  messages: {
    tooFew: "{{workload}} runs {{system}} with {{members}}: a majority needs {{quorum}}, so {{effect}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      const sys = quorumSystem(w);
      const range = ctx.index.replicaRange(w);
      if (!sys || !range || range.min === 0 || range.min >= 3) continue;
      const n = range.min;
      const { quorum } = quorumOf(n);
      ctx.report({
        object: w.object,
        path: w.replicasDeclared ? ["spec", "replicas"] : ["spec"],
        messageId: "tooFew",
        data: {
          workload: describeWorkload(w),
          system: sys.name,
          members: plural(n, "member"),
          quorum,
          effect: n === 1 ? "the member is a single point of failure" : "losing either member stops leader election and writes",
        },
        mechanism: `${sys.name} needs ${quorum} of ${n} members up to have a leader. ${n === 1 ? "The only member's node failing, draining or restarting stops the system." : "Any node failure, drain or rolling restart of one member leaves 1 of 2: below the majority, the system stops accepting writes (and etcd-style systems stop serving reads too)."}`,
        fix: "Run 3 members (tolerates 1 failure) or 5 (tolerates 2), spread over nodes and zones, with a PodDisruptionBudget of maxUnavailable: 1.",
        edits: [{ op: "set", path: ["spec", "replicas"], value: 3 }],
      });
    }
  },
});
