/** A multi-node k3s or MicroK8s cluster whose manifests do not show CoreDNS scaled beyond its default of 1. @module */
import { duration, nodeFailureReplacementMs } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { clusterPath } from "../view/fleet.js";
import { defaultClusterDnsReplicas, isClusterDns } from "../view/platform.js";

export default defineRule({
  id: "coredns-default-single-replica",
  title: "The distribution's CoreDNS runs one replica unless scaled",
  category: "network",
  severity: "info",
  rationale:
    "k3s and MicroK8s deploy CoreDNS without a replica count, so it runs one pod even on a three-server cluster. " +
    "When the fleet's manifests do not include CoreDNS (or an HPA for it), hactl cannot see whether it was scaled: " +
    "this rule asks. The stated case — a CoreDNS Deployment with 1 replica — is coredns-replicas' finding.",
  appliesTo: ["Fleet"],
  scope: "objects",
  messages: {
    inferred: "cluster {{cluster}} ({{distribution}}, {{nodes}}) shows no CoreDNS in its manifests; {{source}}, so a single pod answers every lookup unless it was scaled",
  },
  check(ctx) {
    const c = ctx.cluster;
    if (!c || !ctx.fleet) return;
    const dflt = defaultClusterDnsReplicas(c.distribution);
    if (!dflt || dflt.replicas >= 2) return;
    const nodes = c.nodes.filter((n) => !n.unschedulable).length;
    if (nodes < 2) return;
    if (ctx.index.workloads.some(isClusterDns)) return; // stated: coredns-replicas judges it
    const hpa = ctx.index.byKind("HorizontalPodAutoscaler").find((h) => {
      const ref = (h.body["spec"] as { scaleTargetRef?: { name?: unknown } } | undefined)?.scaleTargetRef;
      return h.metadata.namespace === "kube-system" && ref?.name === "coredns";
    });
    if (hpa) return; // scaled by an HPA: hpa-min-replicas judges its minimum
    ctx.report({
      subject: { kind: "Cluster", name: c.name },
      path: [...clusterPath(ctx.fleet, c.name), "distribution"],
      messageId: "inferred",
      data: { cluster: c.name, distribution: c.distribution, nodes: plural(nodes, "node"), source: dflt.source },
      mechanism:
        `With one CoreDNS pod, losing its node makes every name lookup in the cluster time out until the replacement is ready (~${duration(nodeFailureReplacementMs(ctx))} with default tolerations): ` +
        "reconnects after a database failover, new connections and service discovery fail although the workloads themselves are replicated.",
      fix:
        "Scale it (kubectl -n kube-system scale deployment coredns --replicas=2; the packaged manifest sets no count, so the add-on manager keeps yours) or add an HPA for kube-system/coredns with minReplicas 2, " +
        "and include that object in the fleet's manifests so hactl can see it.",
    });
  },
});
