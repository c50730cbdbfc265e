/** State on one node's disk: hostPath and local volumes outside DaemonSets. @module */
import { field } from "../../k8s/object.js";
import { describeWorkload } from "../helpers.js";
import { defineRule } from "../rule.js";
import { backendOf, claimVolumes, LOCAL_PROVISIONERS, storageClassOf } from "../view/storage.js";

/** Host paths that expose the node, not state: sockets, kernel interfaces, configuration. */
const SYSTEM_PATHS = /^\/(sys|proc|dev|run|var\/run|etc|lib\/modules|usr)(\/|$)/;

export default defineRule({
  id: "local-storage-state",
  title: "State kept on one node's disk (hostPath or local volume)",
  category: "storage",
  severity: "warning",
  rationale:
    "A hostPath or local persistent volume lives on one node's disk. The pod is tied to that node: when the node " +
    "fails, the pod cannot start anywhere else (local PVs carry node affinity) and the data is gone with the disk " +
    "unless the application replicates it itself. DaemonSets use hostPath by design and are not reported.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod", "Rollout"],
  messages: {
    hostPath: "{{workload}} writes to hostPath {{hostPath}} (volume {{volume}}): its data lives on whichever node the pod runs on",
    local: "{{workload}} keeps claim {{claim}} on node-local storage ({{how}}): the pod is bound to one node and its data to one disk",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (w.kind === "DaemonSet" || w.kind === "Job" || w.kind === "CronJob") continue;
      const vols = Array.isArray(w.template.spec["volumes"]) ? (w.template.spec["volumes"] as Record<string, unknown>[]) : [];
      vols.forEach((v, i) => {
        const hp = field(v, "hostPath", "path");
        if (typeof hp !== "string" || SYSTEM_PATHS.test(hp)) return;
        const name = String(v?.["name"] ?? `#${i}`);
        // Mounted read-only everywhere: configuration or binaries, not state.
        const mounts = w.containers.flatMap((c) => (Array.isArray(c.spec["volumeMounts"]) ? (c.spec["volumeMounts"] as Record<string, unknown>[]) : [])).filter((m) => m?.["name"] === name);
        if (mounts.length > 0 && mounts.every((m) => m["readOnly"] === true)) return;
        ctx.report({
          object: w.object,
          path: [...w.podSpecPath, "volumes", i, "hostPath"],
          messageId: "hostPath",
          data: { workload: describeWorkload(w), hostPath: hp, volume: name },
          mechanism: "A replacement pod on another node (after a node failure, drain or reschedule) starts with that node's directory: the data written so far is not there, and it is lost for good if the original node's disk is.",
          fix: "Use a PersistentVolumeClaim on replicated storage (or a StatefulSet with volumeClaimTemplates); keep hostPath for node agents in DaemonSets.",
        });
      });
      // Replicated StatefulSets on local disks are a deliberate design (the application replicates): skip them.
      if (w.kind === "StatefulSet" && (ctx.index.replicaRange(w)?.min ?? 1) >= 2) continue;
      for (const cv of claimVolumes(ctx.index, w)) {
        if (!cv.claim) continue;
        const sc = storageClassOf(ctx.index, cv.storageClass);
        const provisioner = typeof sc?.body["provisioner"] === "string" ? (sc.body["provisioner"] as string) : undefined;
        const backend = backendOf(ctx.cluster?.storage ?? [], cv.storageClass ?? sc?.metadata.name);
        const how = provisioner && LOCAL_PROVISIONERS.has(provisioner) ? `StorageClass ${sc!.metadata.name}, provisioner ${provisioner}` : backend?.provider === "local" ? `storage backend ${backend.name} of the fleet` : undefined;
        if (!how) continue;
        ctx.report({
          object: w.object,
          path: [...cv.path, "persistentVolumeClaim", "claimName"],
          messageId: "local",
          data: { workload: describeWorkload(w), claim: cv.claimName, how },
          mechanism: "A local PersistentVolume carries node affinity to the node holding the disk: when that node fails the pod stays Pending until it returns, and if the disk is lost so is the data — there is no second copy.",
          fix: "Use replicated storage (Ceph, Longhorn, cloud disks with snapshots) for single-instance state, or run the application replicated (≥ 3 members) so each member's local disk is one of several copies.",
          related: sc ? [cv.claim, sc] : [cv.claim],
        });
      }
    }
  },
});
