/** An ingress controller's LoadBalancer Service with externalTrafficPolicy Cluster, where the seeds advise Local. @module */
import { field, type K8sObject } from "../../k8s/object.js";
import { defineRule } from "../rule.js";
import { clusterPath } from "../view/fleet.js";
import { ingressController } from "../view/platform.js";

/** The AWS Load Balancer Controller's IP target mode sends traffic to pod IPs: no node hop, the policy does not apply. */
const POD_TARGETS = { "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip" } as const;

export default defineRule({
  id: "lb-external-traffic-policy",
  title: "Ingress load balancer uses externalTrafficPolicy Cluster",
  category: "network",
  severity: "warning",
  rationale:
    "The seeds run ingress-nginx behind a LoadBalancer Service with externalTrafficPolicy: Local. With the default " +
    "Cluster, every node accepts the load balancer's traffic and forwards it to an ingress pod on any node: the " +
    "client address is lost to SNAT, each connection depends on two nodes, and the load balancer's health checks say " +
    "nothing about where the ingress pods are ready. With Local the LB checks healthCheckNodePort and sends traffic only " +
    "to nodes with a ready ingress pod.",
  appliesTo: ["Service", "Fleet"],
  scope: "objects",
  messages: {
    service: "Service {{service}} exposes the {{controller}} ingress controller as a LoadBalancer with externalTrafficPolicy {{policy}}",
    fleet: "cluster {{cluster}} exposes its ingress controller ({{controller}}) with externalTrafficPolicy Cluster",
  },
  check(ctx) {
    const mechanism =
      "With Cluster, kube-proxy on whichever node receives a connection forwards it (SNAT) to an ingress pod on any node: the ingress sees node addresses instead of clients (rate limits, allow-lists and logs break), " +
      "a failing or draining node still receives new connections for pods elsewhere and drops them, and the LB's health check passes on nodes without a ready ingress pod. " +
      "With Local, the LB probes spec.healthCheckNodePort, which answers 200 only where a ready ingress pod runs: traffic goes straight to it, and a pod that stops being ready is taken out of the LB's rotation.";
    const fix = "Set spec.externalTrafficPolicy: Local on the controller's LoadBalancer Service (Helm: controller.service.externalTrafficPolicy=Local) and spread the controller pods over nodes and zones so every LB target has one.";
    const seen = new Set<K8sObject>();
    for (const w of ctx.index.workloads) {
      const controller = ingressController(w);
      if (!controller) continue;
      for (const s of ctx.index.servicesFor(w)) {
        if (seen.has(s) || field(s.body, "spec", "type") !== "LoadBalancer") continue;
        seen.add(s);
        if (Object.entries(POD_TARGETS).some(([k, v]) => s.metadata.annotations[k] === v)) continue;
        const policy = field(s.body, "spec", "externalTrafficPolicy");
        if (policy === "Local") continue;
        ctx.report({
          object: s,
          path: ["spec", "externalTrafficPolicy"],
          messageId: "service",
          data: { service: `${s.metadata.namespace}/${s.metadata.name}`, controller, policy: typeof policy === "string" ? policy : "Cluster (the default)" },
          mechanism,
          fix,
          edits: [{ op: "set", path: ["spec", "externalTrafficPolicy"], value: "Local" }],
          related: [w.object],
        });
      }
    }
    // The fleet's description (only when it says Cluster: an unset field is not a statement).
    const ingress = ctx.cluster?.ingress;
    if (seen.size > 0 || !ctx.fleet || !ctx.cluster || ingress?.externalTrafficPolicy !== "Cluster") return;
    ctx.report({
      subject: { kind: "Cluster", name: ctx.cluster.name },
      path: [...clusterPath(ctx.fleet, ctx.cluster.name), "ingress", "externalTrafficPolicy"],
      messageId: "fleet",
      data: { cluster: ctx.cluster.name, controller: ingress.controller },
      mechanism,
      fix,
    });
  },
});
