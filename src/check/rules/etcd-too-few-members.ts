/** An etcd cluster below 3 members has no fault tolerance: one failure stops the Kubernetes API. @module */
import { defineRule, plural } from "../rule.js";
import { clusterPath } from "../view/fleet.js";

export default defineRule({
  id: "etcd-too-few-members",
  title: "etcd runs fewer than 3 members",
  category: "control-plane",
  severity: "critical",
  rationale:
    "etcd needs a majority (⌊n/2⌋+1) of its members to accept writes, and the API server writes every change to it. " +
    "One member tolerates no failure; two members need both (a majority of 2 is 2), so either failing stops the API. " +
    "Three members are the smallest cluster that survives a failure (seed 000: 3 tolerate 1, 5 tolerate 2).",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    tooFew: "cluster {{cluster}} runs {{members}}: a majority needs {{quorum}}, so one failed member stops the Kubernetes API",
    sqlite: "cluster {{cluster}} keeps its datastore in embedded SQLite on one server ({{server}}): losing it stops the Kubernetes API",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const cp = c.controlPlane;
      const at = [...clusterPath(fleet, c.name), "controlPlane"];
      if (cp.etcd.topology === "managed") continue;
      if (cp.etcd.topology === "embedded-sqlite") {
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path: [...at, "etcd", "topology"],
          messageId: "sqlite",
          data: { cluster: c.name, server: cp.nodes[0]?.name ?? "the server" },
          mechanism:
            "k3s with embedded SQLite supports a single server: there is no second copy of the cluster state and no second API server. " +
            "While that machine is down nothing can be created, changed or rescheduled, and a lost disk loses the cluster state (only a snapshot restores it).",
          fix: "Run 3 servers with embedded etcd (k3s --cluster-init, etcd.topology: stacked), in 3 zones where you have them.",
        });
        continue;
      }
      const n = cp.etcd.members.length;
      if (n === 0 || n >= 3) continue;
      const quorum = Math.floor(n / 2) + 1;
      ctx.report({
        subject: { kind: "Cluster", name: c.name },
        path: cp.etcd.topology === "external" || c.spec.controlPlane.etcd.members ? [...at, "etcd", "members"] : [...at, "nodes"],
        messageId: "tooFew",
        data: { cluster: c.name, members: plural(n, "etcd member"), quorum },
        mechanism:
          n === 1
            ? `The only member (${cp.etcd.members[0]!.name}) is the whole datastore: while it is down the API server cannot write, so no pod is rescheduled, no Deployment rolls out and leases cannot be renewed.`
            : `With 2 members both must agree on every write (majority 2 of 2): losing either one — a reboot for an upgrade is enough — stops writes, so 2 members fail twice as often as 1 without tolerating anything more.`,
        fix: `Run 3 etcd members (${cp.etcd.topology === "external" ? "3 dedicated hosts" : "3 control-plane nodes with stacked etcd"}), one per zone where the site has zones; 3 tolerate 1 failure.`,
      });
    }
  },
});
