/** A StatefulSet whose governing Service is missing or not headless: members cannot find each other. @module */
import { field } from "../../k8s/object.js";
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import { quorumSystem } from "../view/quorum.js";

export default defineRule({
  id: "statefulset-service-missing",
  title: "StatefulSet's governing Service is missing or not headless",
  category: "workload",
  severity: "warning",
  rationale:
    "A StatefulSet's pods get stable DNS names (<pod>.<serviceName>.<namespace>.svc) only through a headless Service " +
    "named by spec.serviceName. Replicated databases and quorum systems address their peers by those names; without " +
    "the Service (or with a ClusterIP one) peers cannot resolve each other, so replication and leader election fail.",
  appliesTo: ["StatefulSet"],
  messages: {
    missing: "{{workload}} names serviceName {{service}}, but no such Service exists in namespace {{namespace}}",
    notHeadless: "{{workload}} names serviceName {{service}}, but that Service has a cluster IP (not headless)",
    unset: "{{workload}} sets no serviceName",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (w.kind !== "StatefulSet") continue;
      const name = field(w.object.body, "spec", "serviceName");
      const data = { workload: describeWorkload(w), service: String(name ?? ""), namespace: w.namespace };
      // serviceName is optional in the API; the stable names matter when members talk to each other.
      const peers = quorumSystem(w) !== undefined || (ctx.index.replicaRange(w)?.max ?? 1) >= 2;
      if (!peers) continue;
      if (typeof name !== "string" || name === "") {
        ctx.report({
          object: w.object,
          path: ["spec"],
          messageId: "unset",
          data,
          mechanism: "Without a governing Service the pods have no stable DNS names, so members cannot address each other after a restart or reschedule.",
          fix: "Set spec.serviceName to a headless Service (clusterIP: None) selecting the StatefulSet's pods.",
        });
        continue;
      }
      const svc = ctx.index.get("Service", w.namespace, name);
      if (!svc) {
        // Only judge what is visible: other Services of the namespace must be in the input.
        if (!ctx.index.byKind("Service").some((s) => s.metadata.namespace === w.namespace)) continue;
        ctx.report({
          object: w.object,
          path: ["spec", "serviceName"],
          messageId: "missing",
          data,
          mechanism: `Pod DNS names like ${w.name}-0.${name}.${w.namespace}.svc do not resolve without the Service, so peers configured by those names cannot connect.`,
          fix: `Add a headless Service named ${name} (clusterIP: None, publishNotReadyAddresses: true for peer discovery) selecting the StatefulSet's pods.`,
          edits: [
            {
              op: "add-document",
              path: [],
              value: {
                apiVersion: "v1",
                kind: "Service",
                metadata: { name, namespace: w.namespace },
                spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: { ...w.template.labels }, ports: portsOf(w.containers.map((c) => c.spec)) },
              },
            },
          ],
        });
        continue;
      }
      if (field(svc.body, "spec", "clusterIP") === "None") continue;
      ctx.report({
        object: w.object,
        path: ["spec", "serviceName"],
        messageId: "notHeadless",
        data,
        mechanism: "Per-pod DNS records are only published for headless Services; with a cluster IP, peers cannot address a specific member.",
        fix: `Set clusterIP: None on Service ${name} (clusterIP is immutable: recreate it), or point serviceName at a separate headless Service.`,
        related: [svc],
      });
    }
  },
});

function portsOf(containers: Record<string, unknown>[]): { name?: string; port: number }[] {
  const out: { name?: string; port: number }[] = [];
  for (const c of containers) {
    for (const p of Array.isArray(c["ports"]) ? (c["ports"] as Record<string, unknown>[]) : []) {
      if (typeof p?.["containerPort"] === "number") out.push({ ...(typeof p["name"] === "string" ? { name: p["name"] } : {}), port: p["containerPort"] });
    }
  }
  return out.length > 0 ? out : [{ port: 80 }];
}
