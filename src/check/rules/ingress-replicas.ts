/** An ingress controller with fewer than 2 replicas: every HTTP route of the cluster behind one pod. @module */
import { describeWorkload, duration, nodeFailureReplacementMs } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { clusterPath } from "../view/fleet.js";
import { ingressController } from "../view/platform.js";

export default defineRule({
  id: "ingress-replicas",
  title: "Ingress controller runs fewer than 2 replicas",
  category: "network",
  severity: "critical",
  rationale:
    "The ingress controller is the front door of every HTTP service in the cluster. With one replica, one node " +
    "failure, drain or controller upgrade takes all of them offline at once, however many replicas the services " +
    "behind it run. The seeds: ingress-nginx with at least 2–3 replicas, spread over nodes.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "Fleet"],
  scope: "objects",
  messages: {
    manifest: "{{workload}} runs the {{controller}} ingress controller with {{replicas}}: every route of the cluster depends on one pod",
    daemonSet: "{{workload}} runs the {{controller}} ingress controller as a DaemonSet on {{nodes}}: every route of the cluster depends on one pod",
    fleet: "cluster {{cluster}} runs its ingress controller ({{controller}}) with {{replicas}}: every route of the cluster depends on {{what}}",
  },
  check(ctx) {
    const replacement = duration(nodeFailureReplacementMs(ctx));
    const mechanism = (n: number) =>
      `${n === 0 ? "No controller pod serves the ingress address" : "When the node of the only controller pod fails, every Ingress route stops answering"} until a replacement is scheduled and ready (~${replacement} after a node failure with default tolerations); ` +
      "a drain, a controller upgrade or an OOM kill has the same effect, and the services behind it cannot help however many replicas they run.";
    let inManifests = false;
    for (const w of ctx.index.workloads) {
      const controller = ingressController(w);
      if (!controller) continue;
      inManifests = true;
      if (w.kind === "DaemonSet") {
        if (!ctx.topology.known) continue;
        const nodes = ctx.topology.eligible(w.template.spec).length;
        if (nodes >= 2 || ctx.topology.nodes.length < 2) continue;
        ctx.report({
          object: w.object,
          path: w.podSpecPath,
          messageId: "daemonSet",
          data: { workload: describeWorkload(w), controller, nodes: plural(nodes, "eligible node") },
          mechanism: mechanism(nodes),
          fix: "Let the DaemonSet run on at least 2 nodes (widen its nodeSelector or tolerations, or label a second node), or run it as a Deployment with 2–3 replicas spread over nodes and zones.",
        });
        continue;
      }
      const range = ctx.index.replicaRange(w);
      if (!range || range.min >= 2) continue;
      const hpa = ctx.index.hpaFor(w);
      ctx.report({
        object: w.object,
        path: w.replicasDeclared ? ["spec", "replicas"] : ["spec"],
        messageId: "manifest",
        data: { workload: describeWorkload(w), controller, replicas: hpa ? `an HPA minimum of ${range.min}` : plural(range.min, "replica") },
        mechanism: mechanism(range.min),
        fix: hpa
          ? `Raise the HPA's minReplicas (${hpa.object.metadata.name}) to 2 or 3 and spread the pods over nodes and zones (topologySpreadConstraints), with a PodDisruptionBudget of maxUnavailable 1.`
          : "Run 2 or 3 replicas spread over nodes and zones (topologySpreadConstraints), with a PodDisruptionBudget of maxUnavailable 1.",
        ...(hpa ? {} : { edits: [{ op: "set" as const, path: ["spec", "replicas"], value: 2 }] }),
      });
    }
    // The fleet's description, when the manifests do not include the controller.
    const ingress = ctx.cluster?.ingress;
    if (inManifests || !ctx.fleet || !ctx.cluster || !ingress || ingress.replicas >= 2) return;
    ctx.report({
      subject: { kind: "Cluster", name: ctx.cluster.name },
      path: [...clusterPath(ctx.fleet, ctx.cluster.name), "ingress", "replicas"],
      messageId: "fleet",
      data: { cluster: ctx.cluster.name, controller: ingress.controller, replicas: plural(ingress.replicas, "replica"), what: ingress.replicas === 0 ? "no pod at all" : "one pod" },
      mechanism: mechanism(ingress.replicas),
      fix: `Run the ${ingress.controller} controller with 2–3 replicas spread over nodes and zones (Helm: controller.replicaCount), and update ingress.replicas in the fleet.`,
    });
  },
});
