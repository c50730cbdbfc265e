/** A ReadWriteOnce claim shared by the replicas of a Deployment. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { claimVolumes } from "../view/storage.js";

export default defineRule({
  id: "pvc-rwo-multi-replica",
  title: "ReadWriteOnce volume claim mounted by a multi-replica Deployment",
  category: "storage",
  severity: "critical",
  rationale:
    "A ReadWriteOnce volume attaches to one node at a time (ReadWriteOncePod: one pod). Replicas of a Deployment " +
    "share the same claim, so every replica scheduled on another node hangs in ContainerCreating with a Multi-Attach " +
    "error: the replicas give no redundancy, and with one replica a rolling update's new pod waits for a volume the " +
    "old pod never releases.",
  appliesTo: ["Deployment", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    shared: "{{workload}} runs {{replicas}} that all mount {{mode}} claim {{claim}}: replicas on other nodes cannot attach it",
    rollout: "{{workload}} mounts {{mode}} claim {{claim}} with a RollingUpdate strategy: the new pod of each rollout waits for the volume the old pod holds",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!["Deployment", "ReplicaSet", "ReplicationController", "Rollout"].includes(w.kind)) continue;
      const range = ctx.index.replicaRange(w);
      if (!range || range.max === 0) continue;
      for (const v of claimVolumes(ctx.index, w)) {
        if (!v.claim) continue; // unknown claim: its access modes are unknown
        const rwo = v.accessModes.includes("ReadWriteOncePod") ? "ReadWriteOncePod" : v.accessModes.includes("ReadWriteOnce") ? "ReadWriteOnce" : undefined;
        if (!rwo || v.accessModes.includes("ReadWriteMany")) continue;
        const strategy = (w.object.body["spec"] as Record<string, unknown> | undefined)?.["strategy"] as { type?: unknown } | undefined;
        const base = { workload: describeWorkload(w), mode: rwo, claim: v.claimName };
        if (range.max >= 2) {
          ctx.report({
            object: w.object,
            path: [...v.path, "persistentVolumeClaim", "claimName"],
            messageId: "shared",
            data: { ...base, replicas: range.min === range.max ? plural(range.max, "replica") : `up to ${range.max} replicas` },
            mechanism:
              rwo === "ReadWriteOncePod"
                ? "ReadWriteOncePod admits a single pod: every other replica stays Pending, so the Deployment runs one working pod whatever its replica count."
                : "The attach/detach controller attaches the volume to one node; replicas the scheduler places elsewhere fail with Multi-Attach and never start, so all working replicas share one node — and its failure.",
            fix: "Give each replica its own volume (a StatefulSet with volumeClaimTemplates), or use a ReadWriteMany volume if the application supports concurrent writers.",
            related: [v.claim],
          });
        } else if (w.kind === "Deployment" && strategy?.type !== "Recreate") {
          ctx.report({
            object: w.object,
            path: [...v.path, "persistentVolumeClaim", "claimName"],
            messageId: "rollout",
            data: base,
            mechanism: "RollingUpdate starts the new pod before stopping the old one (maxSurge 25% rounds up to 1, maxUnavailable rounds down to 0); if the new pod lands on another node it waits for the volume the old pod holds, and the rollout stalls until progressDeadlineSeconds.",
            fix: "Use a StatefulSet (it replaces the pod in place), or strategy Recreate (accepting a short outage per rollout), or a ReadWriteMany volume.",
            related: [v.claim],
          });
        }
      }
    }
  },
});
