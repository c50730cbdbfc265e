/** Zonal disks provisioned before scheduling: pods pinned to a random zone. @module */
import { field } from "../../k8s/object.js";
import { defineRule } from "../rule.js";
import { ZONAL_PROVISIONERS } from "../view/storage.js";

export default defineRule({
  id: "zonal-storage-immediate-binding",
  title: "Zonal storage binds volumes before the pod is scheduled",
  category: "storage",
  severity: "warning",
  rationale:
    "With volumeBindingMode Immediate (the default) a zonal disk is created as soon as the claim exists, in a zone " +
    "chosen without regard to the pod. The pod must then run in that zone: it can conflict with its node selector, " +
    "spread or capacity and stay Pending, replicas' volumes pile up in one zone, and the zone's outage takes them " +
    "together. WaitForFirstConsumer creates the disk where the scheduler puts the pod.",
  appliesTo: ["StorageClass", "Fleet"],
  messages: {
    storageClass: "StorageClass {{name}} provisions zonal volumes ({{provisioner}}) with volumeBindingMode {{mode}} in a cluster spanning {{zones}} zones",
    backend: "Storage backend {{name}} of cluster {{cluster}} is zonal with volumeBindingMode Immediate while the cluster spans {{zones}} zones",
  },
  check(ctx) {
    if (!ctx.topology.known || ctx.topology.zones.length < 2) return; // only multi-zone clusters, and only when known
    const zones = ctx.topology.zones.length;
    const seen = new Set<string>();
    for (const sc of ctx.index.byKind("StorageClass")) {
      const provisioner = String(sc.body["provisioner"] ?? "");
      const backend = ctx.cluster?.storage.find((b) => b.storageClasses.includes(sc.metadata.name));
      const zonal = backend ? backend.zonal : ZONAL_PROVISIONERS.has(provisioner) && field(sc.body, "parameters", "replication-type") !== "regional-pd";
      seen.add(sc.metadata.name);
      const mode = typeof sc.body["volumeBindingMode"] === "string" ? (sc.body["volumeBindingMode"] as string) : "Immediate";
      if (!zonal || mode === "WaitForFirstConsumer") continue;
      const written = typeof sc.body["volumeBindingMode"] === "string";
      ctx.report({
        object: sc,
        path: written ? ["volumeBindingMode"] : [],
        messageId: "storageClass",
        data: { name: sc.metadata.name, provisioner, mode: written ? mode : "Immediate (the default)", zones },
        mechanism: "The volume is provisioned in a zone picked before scheduling; pods using it are then confined to that zone, may be unschedulable there (spread, selectors, capacity), and replicas' volumes can end up in one zone that fails as a whole.",
        fix: "Set volumeBindingMode: WaitForFirstConsumer (StorageClass fields are immutable: recreate the class under the same name; existing volumes keep their zone).",
        edits: [{ op: "set", path: ["volumeBindingMode"], value: "WaitForFirstConsumer" }],
      });
    }
    // Backends the fleet declares without a StorageClass object in the manifests.
    const fleet = ctx.fleet;
    const cluster = ctx.cluster;
    if (!fleet || !cluster) return;
    const ci = fleet.document.spec.clusters.findIndex((c) => c.name === cluster.name);
    cluster.storage.forEach((b, bi) => {
      if (!b.zonal || b.volumeBindingMode !== "Immediate" || b.storageClasses.every((s) => seen.has(s))) return;
      ctx.report({
        subject: { kind: "StorageBackend", name: b.name },
        path: ["spec", "clusters", ci, "storage", bi],
        messageId: "backend",
        data: { name: b.name, cluster: cluster.name, zones },
        mechanism: "Volumes of this backend are created in one zone before their pods are scheduled, so pods are confined to whatever zone the disk landed in and can stay Pending there, and volumes of several replicas can share one zone.",
        fix: "Configure its storage classes with volumeBindingMode: WaitForFirstConsumer (and declare volumeBindingMode: WaitForFirstConsumer on the backend).",
        edits: [{ op: "set", path: ["spec", "clusters", ci, "storage", bi, "volumeBindingMode"], value: "WaitForFirstConsumer" }],
      });
    });
  },
});
