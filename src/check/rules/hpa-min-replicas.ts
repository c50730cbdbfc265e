/** HPA minReplicas below the minimum: the autoscaler scales the service down to one pod. @module */
import * as z from "zod";
import { defineRule } from "../rule.js";
import { buildHpa } from "../view/workloads.js";

export default defineRule({
  id: "hpa-min-replicas",
  title: "HorizontalPodAutoscaler allows scaling down below the minimum",
  category: "workload",
  severity: "warning",
  rationale:
    "An HPA owns the replica count of its target. With minReplicas 1 (the default when omitted) every quiet night " +
    "scales the service to one pod, and that pod's node failing or being drained is an outage — exactly when " +
    "nobody is watching.",
  appliesTo: ["HorizontalPodAutoscaler"],
  messages: {
    tooLow: "HorizontalPodAutoscaler {{name}} has minReplicas {{min}}{{dflt}}; at least {{want}} are needed to survive a failure at low load",
  },
  options: z.object({ min: z.number().int().min(1).default(2).describe("Smallest acceptable minReplicas.") }),
  check(ctx) {
    for (const o of ctx.index.byKind("HorizontalPodAutoscaler")) {
      const h = buildHpa(o);
      if (h.minReplicas >= ctx.options.min) continue;
      // minReplicas 0 is the alpha HPAScaleToZero feature: deliberate scale to zero.
      if (h.minReplicas === 0) continue;
      const declared = typeof (o.body["spec"] as Record<string, unknown> | undefined)?.["minReplicas"] === "number";
      ctx.report({
        object: o,
        path: declared ? ["spec", "minReplicas"] : ["spec"],
        messageId: "tooLow",
        data: { name: `${o.metadata.namespace}/${o.metadata.name}`, min: h.minReplicas, dflt: declared ? "" : " (the default)", want: ctx.options.min },
        mechanism: `At low load the HPA scales the target down to ${h.minReplicas} pod; a node failure or drain then removes the only pod and the service is down until a replacement is ready.`,
        fix: `Set spec.minReplicas to ${ctx.options.min}${h.maxReplicas < ctx.options.min ? ` and spec.maxReplicas above it` : ""}.`,
        edits: [
          { op: "set", path: ["spec", "minReplicas"], value: ctx.options.min },
          ...(h.maxReplicas <= ctx.options.min ? [{ op: "set" as const, path: ["spec", "maxReplicas"], value: ctx.options.min * 2 }] : []),
        ],
      });
    }
  },
});
