/** A Service whose selector matches no pods has no endpoints: every request fails. @module */
import { field } from "../../k8s/object.js";
import { compileMapSelector, formatSelector } from "../../k8s/selector.js";
import { defineRule } from "../rule.js";

/** API groups whose objects never create pods through an operator we cannot see. */
const BUILT_IN = /^(v1|apps\/|batch\/|policy\/|autoscaling\/|networking\.k8s\.io\/|rbac\.authorization\.k8s\.io\/|storage\.k8s\.io\/|scheduling\.k8s\.io\/|coordination\.k8s\.io\/|discovery\.k8s\.io\/)/;

export default defineRule({
  id: "service-selects-nothing",
  title: "Service selector matches no pods",
  category: "network",
  severity: "warning",
  rationale:
    "A Service routes to the ready pods its selector matches. When the selector matches no pod template (a label " +
    "typo, a renamed app, the wrong namespace) the Service has no endpoints and every connection is refused, while " +
    "the workload it was meant for runs healthy.",
  appliesTo: ["Service"],
  messages: {
    nothing: "Service {{name}} selects {{selector}}, which matches no workload in namespace {{namespace}}{{hint}}",
  },
  check(ctx) {
    for (const s of ctx.index.byKind("Service")) {
      const raw = field(s.body, "spec", "selector") as Record<string, string> | undefined;
      // No selector: endpoints are managed by hand or by a controller (ExternalName, headless to external IPs).
      if (!raw || Object.keys(raw).length === 0) continue;
      const ns = s.metadata.namespace ?? "default";
      const sel = compileMapSelector(raw);
      if (ctx.index.workloadsMatching(ns, sel).length > 0) continue;
      const inNs = ctx.index.workloads.filter((w) => w.namespace === ns);
      // Only judge what is visible: skip namespaces without workloads here or with operator resources.
      if (inNs.length === 0) continue;
      if (ctx.index.objects.some((o) => o.metadata.namespace === ns && !BUILT_IN.test(o.apiVersion))) continue;
      const keys = Object.keys(raw);
      const near = inNs.find((w) => keys.some((k) => k in w.template.labels));
      ctx.report({
        object: s,
        path: ["spec", "selector"],
        messageId: "nothing",
        data: {
          name: `${ns}/${s.metadata.name}`,
          selector: formatSelector(sel),
          namespace: ns,
          hint: near ? ` (closest: ${near.kind} ${near.name} with labels ${Object.entries(near.template.labels).map(([k, v]) => `${k}=${v}`).join(",")})` : "",
        },
        mechanism: "The endpoints controller finds no matching pods, so the Service's ClusterIP (and any Ingress or LoadBalancer in front of it) has no backend and refuses every connection.",
        fix: "Make spec.selector match the pod template labels of the workload that serves this Service (same namespace).",
      });
    }
  },
});
