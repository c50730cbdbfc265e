/** HPA maxReplicas not above minReplicas: an autoscaler that cannot scale. @module */
import { defineRule } from "../rule.js";
import { buildHpa } from "../view/workloads.js";

export default defineRule({
  id: "hpa-no-headroom",
  title: "HorizontalPodAutoscaler cannot scale up (maxReplicas ≤ minReplicas)",
  category: "workload",
  severity: "warning",
  rationale:
    "When maxReplicas is not above minReplicas the HPA can never add pods. A load spike, or the surviving pods " +
    "absorbing the traffic of a failed zone, then overloads them: readiness probes fail and the remaining " +
    "capacity drops out of the Service just when it is needed.",
  appliesTo: ["HorizontalPodAutoscaler"],
  messages: {
    noHeadroom: "HorizontalPodAutoscaler {{name}} has maxReplicas {{max}} and minReplicas {{min}}: it can never scale up",
  },
  check(ctx) {
    for (const o of ctx.index.byKind("HorizontalPodAutoscaler")) {
      const h = buildHpa(o);
      if (h.maxReplicas > h.minReplicas) continue;
      ctx.report({
        object: o,
        path: ["spec", "maxReplicas"],
        messageId: "noHeadroom",
        data: { name: `${o.metadata.namespace}/${o.metadata.name}`, max: h.maxReplicas, min: h.minReplicas },
        mechanism: `With maxReplicas ${h.maxReplicas} ≤ minReplicas ${h.minReplicas} the target stays at ${h.minReplicas} pods whatever the load; after losing a node or zone the survivors must carry everything with no way to add capacity.`,
        fix: "Raise spec.maxReplicas above minReplicas to the size the service needs at peak plus the loss of its largest zone, or remove the HPA and set the replicas on the workload.",
      });
    }
  },
});
