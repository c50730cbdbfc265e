/** A quorum system with fewer than 3 members tolerates no failure. @module */
import { defineRule, plural } from "../rule.js";
import { describeGroup, quorumGroups, quorumOf } from "../view/quorum.js";

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
    const groups = quorumGroups(ctx.index.workloads, (w) => ctx.index.replicaRange(w)?.min);
    for (const g of groups) {
      const n = g.total;
      if (n === 0 || n >= 3) continue;
      const { quorum } = quorumOf(n);
      const main = g.members[0]!.workload;
      ctx.report({
        object: main.object,
        path: main.replicasDeclared ? ["spec", "replicas"] : ["spec"],
        messageId: "tooFew",
        data: {
          workload: describeGroup(g),
          system: g.system,
          members: plural(n, "member"),
          quorum,
          effect: n === 1 ? "the member is a single point of failure" : "losing either member stops leader election and writes",
        },
        mechanism: `${g.system} needs ${quorum} of ${n} members up to have a leader. ${n === 1 ? "The only member's node failing, draining or restarting stops the system." : "Any node failure, drain or rolling restart of one member leaves 1 of 2: below the majority, the system stops accepting writes (and etcd-style systems stop serving reads too)."}`,
        fix: "Run 3 members (tolerates 1 failure) or 5 (tolerates 2), spread over nodes and zones, with a PodDisruptionBudget of maxUnavailable: 1.",
        edits: [{ op: "set", path: ["spec", "replicas"], value: 3 - (n - g.members[0]!.count) }],
        related: g.members.slice(1).map((m) => m.workload.object),
      });
    }
  },
});
