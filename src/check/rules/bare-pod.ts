/** Pods without a controller are not recreated when their node fails. @module */
import { defineRule } from "../rule.js";

export default defineRule({
  id: "bare-pod",
  title: "Pod is not managed by a controller",
  category: "workload",
  severity: "warning",
  rationale:
    "A Pod created directly is bound to one node for its whole life. When the node fails, is drained or the pod is " +
    "evicted, nothing creates a replacement: the workload is simply gone until someone re-applies it.",
  appliesTo: ["Pod"],
  messages: {
    bare: "Pod {{name}} has no controller: nothing recreates it when its node fails or is drained",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (w.kind !== "Pod") continue;
      ctx.report({
        object: w.object,
        path: ["metadata", "name"],
        messageId: "bare",
        data: { name: `${w.namespace}/${w.name}` },
        mechanism: "Only controllers (Deployment, StatefulSet, DaemonSet, Job) recreate pods. A bare pod on a failed node is deleted by the pod garbage collector after the node is gone, and a drain evicts it for good.",
        fix: "Wrap the pod spec in a Deployment (stateless), StatefulSet (stable identity or storage) or Job (run to completion).",
      });
    }
  },
});
