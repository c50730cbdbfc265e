/** CoreDNS with fewer than 2 replicas: every name lookup in the cluster behind one pod. @module */
import { describeWorkload, duration, nodeFailureReplacementMs } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { isClusterDns } from "../view/platform.js";

export default defineRule({
  id: "coredns-replicas",
  title: "Cluster DNS runs fewer than 2 replicas",
  category: "network",
  severity: "critical",
  rationale:
    "Every pod resolves Service names through the cluster DNS. With one CoreDNS replica, the failure or drain of its " +
    "node makes every lookup time out until a replacement runs: new connections, reconnects after a database " +
    "failover and service discovery fail across the whole cluster. kubeadm deploys 2 replicas for this reason; the " +
    "seeds' homelab runs CoreDNS replicas with anti-affinity.",
  appliesTo: ["Deployment"],
  scope: "objects",
  messages: {
    tooFew: "{{workload}} (cluster DNS) runs {{replicas}}: every name lookup in the cluster depends on one pod",
  },
  check(ctx) {
    // One schedulable node: there is nowhere to put a second replica that would survive anything.
    if (ctx.topology.known && ctx.topology.nodes.filter((n) => !n.unschedulable).length < 2) return;
    for (const w of ctx.index.workloads) {
      if (!isClusterDns(w)) continue;
      const range = ctx.index.replicaRange(w);
      if (!range || range.min >= 2) continue;
      const hpa = ctx.index.hpaFor(w);
      ctx.report({
        object: w.object,
        path: w.replicasDeclared ? ["spec", "replicas"] : ["spec"],
        messageId: "tooFew",
        data: { workload: describeWorkload(w), replicas: hpa ? `an HPA minimum of ${range.min}` : plural(range.min, "replica") },
        mechanism:
          `Pods query the kube-dns Service; with ${range.min === 0 ? "no" : "one"} CoreDNS pod behind it, losing its node makes lookups time out (glibc retries for 5 s per attempt) until a replacement is ready — ` +
          `~${duration(nodeFailureReplacementMs(ctx))} after a node failure with default tolerations. Established connections survive; every new connection, reconnect and failover that needs a name does not.`,
        fix: "Run at least 2 CoreDNS replicas on different nodes (required hostname anti-affinity or a hostname spread) with a PodDisruptionBudget of minAvailable 1 or maxUnavailable 1; kubeadm's default is 2.",
        ...(hpa ? {} : { edits: [{ op: "set" as const, path: ["spec", "replicas"], value: 2 }] }),
      });
    }
  },
});
