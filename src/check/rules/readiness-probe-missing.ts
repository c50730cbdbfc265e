/** Served pods without a readiness probe receive traffic before they can answer. @module */
import { describeWorkload } from "../helpers.js";
import { field, type K8sObject } from "../../k8s/object.js";
import { defineRule } from "../rule.js";
import type { Container } from "../view/index.js";
import { declaredPorts } from "../view/probes.js";

export default defineRule({
  id: "readiness-probe-missing",
  title: "Pods behind a Service have no readiness probe",
  category: "workload",
  severity: "warning",
  rationale:
    "Without a readiness probe a container counts as ready as soon as it starts, so a Service sends it traffic " +
    "while it is still warming up, and keeps sending it traffic when it hangs. Every rollout, restart and node " +
    "recovery then produces errors that a probe would have hidden.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    missing: "{{container}} of {{workload}} has no readinessProbe, but Service {{service}} sends traffic to it",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!w.longRunning) continue;
      const services = ctx.index.servicesFor(w);
      if (services.length === 0) continue;
      const serving = servingContainers(services, w.containers);
      for (const c of w.containers) {
        if (c.sidecar || !serving.has(c) || c.spec["readinessProbe"]) continue;
        ctx.report({
          object: w.object,
          path: c.path,
          messageId: "missing",
          data: { container: `container "${c.name}"`, workload: describeWorkload(w), service: services[0]!.metadata.name },
          mechanism: "The endpoints controller marks the pod ready the moment its containers start, so requests reach it before it listens (during every rollout and after every restart) and keep reaching it if it hangs.",
          fix: `Add a readinessProbe to container "${c.name}" that checks the endpoint the Service uses (httpGet on a health path, or tcpSocket on the serving port).`,
          related: services,
        });
      }
    }
  },
});

/**
 * The containers a Service sends traffic to: those declaring a port the Service targets (by name or
 * number). When no declared port matches, every container may be serving, so all count.
 */
function servingContainers(services: readonly K8sObject[], containers: readonly Container[]): Set<Container> {
  const targets = new Set<string>();
  for (const s of services) {
    const ports = field(s.body, "spec", "ports");
    for (const p of Array.isArray(ports) ? (ports as Record<string, unknown>[]) : []) {
      const t = p?.["targetPort"] ?? p?.["port"];
      if (t !== undefined && t !== null) targets.add(String(t));
    }
  }
  const matched = containers.filter((c) => declaredPorts(c).some((d) => targets.has(String(d.containerPort)) || (d.name !== undefined && targets.has(d.name))));
  return new Set(matched.length > 0 ? matched : containers);
}
