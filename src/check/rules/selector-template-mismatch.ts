/** A workload whose selector does not match its own pod template: the API server rejects it. @module */
import { formatSelector } from "../../k8s/selector.js";
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "selector-template-mismatch",
  title: "Workload selector does not match its pod template labels",
  category: "workload",
  severity: "critical",
  rationale:
    "A Deployment, StatefulSet, DaemonSet or ReplicaSet manages the pods its spec.selector matches. When the pod " +
    "template's labels do not satisfy the selector, the API server rejects the object (\"selector does not match " +
    "template labels\"): the apply fails, and the running version — possibly an older, unprotected one — stays.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    mismatch: "{{workload}} selects {{selector}}, but its pod template has labels {{labels}}",
    missing: "{{workload}} has no spec.selector",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Rollout"].includes(w.kind)) continue;
      const labels = Object.entries(w.template.labels).map(([k, v]) => `${k}=${v}`).join(",") || "(none)";
      if (!w.selector) {
        // ReplicationControllers default their selector to the template labels.
        if (w.kind === "ReplicationController") continue;
        ctx.report({
          object: w.object,
          path: ["spec"],
          messageId: "missing",
          data: { workload: describeWorkload(w) },
          mechanism: "apps/v1 workloads require spec.selector; the API server rejects the object, so this manifest never runs.",
          fix: "Add spec.selector.matchLabels with the pod template's identifying labels.",
          edits: Object.keys(w.template.labels).length > 0 ? [{ op: "set", path: ["spec", "selector"], value: { matchLabels: { ...w.template.labels } } }] : undefined,
        });
        continue;
      }
      if (w.selector.matches(w.template.labels) && !w.selector.empty) continue;
      ctx.report({
        object: w.object,
        path: ["spec", "selector"],
        messageId: "mismatch",
        data: { workload: describeWorkload(w), selector: formatSelector(w.selector), labels },
        mechanism: "The API server validates that the pod template's labels match spec.selector (an empty selector is rejected too); the object is refused, so neither this version nor its fixes ever roll out.",
        fix: "Make the pod template labels include every label the selector requires (spec.selector is immutable on existing objects: change the template, not the selector).",
      });
    }
  },
});
