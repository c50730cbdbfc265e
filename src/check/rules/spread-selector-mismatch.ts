/** Spread or anti-affinity that does not count the pods it is meant to separate. @module */
import { formatSelector } from "../../k8s/selector.js";
import { describeWorkload, ownSelector } from "../helpers.js";
import { defineRule } from "../rule.js";
import { affinityTerms, selectsOwnPods, spreadConstraints } from "../view/scheduling.js";

export default defineRule({
  id: "spread-selector-mismatch",
  title: "Topology spread or anti-affinity selector does not match the pod's own labels",
  category: "topology",
  severity: "warning",
  rationale:
    "A topology spread constraint counts the pods its labelSelector matches; anti-affinity avoids nodes running pods " +
    "its selector matches. When the selector does not match the workload's own pod labels (a copy-paste from another " +
    "app, a renamed label, or no selector at all), the constraint counts zero pods and spreads nothing, while the " +
    "manifest looks protected.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    spread: "topologySpreadConstraints[{{index}}] ({{key}}) of {{workload}} selects {{selector}}, which does not match the pods' own labels {{labels}}",
    antiAffinity: "pod anti-affinity ({{key}}) of {{workload}} selects {{selector}}, which matches neither its own pods ({{labels}}) nor any other workload in namespace {{namespace}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      const labels = Object.entries(w.template.labels).map(([k, v]) => `${k}=${v}`).join(",") || "(none)";
      for (const c of spreadConstraints(w)) {
        if (selectsOwnPods(c.selector, w)) continue;
        ctx.report({
          object: w.object,
          path: [...c.path, "labelSelector"],
          messageId: "spread",
          data: { index: c.index, key: c.topologyKey, workload: describeWorkload(w), selector: formatSelector(c.selector), labels },
          mechanism: `The scheduler counts matching pods per ${c.topologyKey} domain; none of this workload's pods match, so every domain counts 0 and the constraint never separates them.`,
          fix: "Use the workload's own selector as the constraint's labelSelector (add matchLabelKeys: [pod-template-hash] to spread each rollout separately).",
          edits: [{ op: "set", path: [...c.path, "labelSelector"], value: ownSelector(w) }],
        });
      }
      for (const t of affinityTerms(w)) {
        if (t.kind !== "antiAffinity" || t.crossNamespace || selectsOwnPods(t.selector, w)) continue;
        // Avoiding another app's pods is a legitimate use; only a selector that matches nothing visible is suspicious.
        if (ctx.index.workloadsMatching(w.namespace, t.selector).length > 0) continue;
        ctx.report({
          object: w.object,
          path: [...t.path, "labelSelector"],
          messageId: "antiAffinity",
          data: { key: t.topologyKey, workload: describeWorkload(w), selector: formatSelector(t.selector), labels, namespace: w.namespace },
          mechanism: `Anti-affinity only keeps the pod away from pods its selector matches; matching none, it keeps replicas of ${w.name} apart from nothing.`,
          fix: "Select the workload's own pod labels in the anti-affinity term (or remove the term if it was meant for another app that no longer exists).",
        });
      }
    }
  },
});
