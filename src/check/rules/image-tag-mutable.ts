/** `latest` or no tag: replicas may run different code, rollbacks do not roll back. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "image-tag-mutable",
  title: "Container image uses a mutable tag (latest or none)",
  category: "workload",
  severity: "warning",
  rationale:
    "An image without a tag means `latest`, and `latest` moves. Replacement pods started after a node failure may " +
    "pull different code than the pods they replace, a rollback re-pulls the same moving tag, and the default " +
    "imagePullPolicy Always makes every restart depend on the registry being reachable.",
  appliesTo: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod", "Job", "CronJob", "Rollout"],
  messages: {
    mutable: "{{container}} of {{workload}} uses image {{image}}{{why}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        const image = c.spec["image"];
        if (typeof image !== "string" || image === "") continue;
        if (image.includes("@")) continue; // pinned by digest
        const lastSlash = image.lastIndexOf("/");
        const colon = image.indexOf(":", lastSlash + 1);
        const tag = colon >= 0 ? image.slice(colon + 1) : undefined;
        if (tag !== undefined && tag !== "latest") continue;
        ctx.report({
          object: w.object,
          path: [...c.path, "image"],
          messageId: "mutable",
          data: { container: `container "${c.name}"`, workload: describeWorkload(w), image: `"${image}"`, why: tag === undefined ? " with no tag (= latest)" : "" },
          mechanism: "The tag points at whatever was pushed last: pods rescheduled after a failure can start a different version than their siblings, and with imagePullPolicy Always (the default for latest) they cannot start at all while the registry is unreachable.",
          fix: "Pin a version tag (e.g. app:1.4.2) or a digest (app@sha256:…), and let rollouts change it.",
        });
      }
    }
  },
});
