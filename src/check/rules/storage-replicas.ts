/** Storage that keeps too few copies, or keeps them where one zone can take them all. @module */
import * as z from "zod";
import { defineRule, plural } from "../rule.js";
import { clusterPath } from "../view/fleet.js";
import { backendsInUse, consumerList, replicatesInCluster } from "../view/storage-usage.js";

/** Providers whose durability is the cloud's business (EBS, PD, Azure Disk replicate inside the provider). */
const PROVIDER_MANAGED = new Set(["cloud-block", "cloud-file"]);
/** DRBD mirrors a volume between two nodes (plus a diskless tie-breaker) by design: 2 copies is its shape. */
const TWO_COPY_DESIGNS = new Set(["nfs-drbd"]);

export default defineRule({
  id: "storage-replicas",
  title: "Storage keeps fewer than 3 copies, or copies one zone can take",
  category: "storage",
  severity: "warning",
  rationale:
    "A volume survives a failure only if a copy survives it. With 2 copies, one failure leaves a single copy until " +
    "re-replication finishes, and a second failure in that window loses the data; with 1 copy any disk or node loss " +
    "does. In a cluster spread over zones, copies spread over hosts (or a zonal disk) may all sit in one zone, so a " +
    "zone loss takes the volume although the cluster survives. The seeds: Rook-Ceph with 3 replicas, zone-aware.",
  appliesTo: ["Fleet"],
  scope: "objects",
  messages: {
    copies: "storage backend {{backend}} of cluster {{cluster}} keeps {{copies}} of each volume; {{consumers}} use it",
    zone: "storage backend {{backend}} of cluster {{cluster}} {{how}} while the cluster spans {{zones}} zones; {{consumers}} use it",
  },
  options: z.object({
    minReplicas: z.number().int().min(1).default(3).describe("Copies a software-defined storage backend should keep."),
  }),
  check(ctx) {
    const c = ctx.cluster;
    const fleet = ctx.fleet;
    if (!c || !fleet) return;
    const at = [...clusterPath(fleet, c.name), "storage"];
    const zones = [...new Set(c.nodes.map((n) => n.zone))];
    for (const use of backendsInUse(ctx.index, c, fleet)) {
      const b = use.backend;
      // A single NFS server is storage-nfs-spof's finding; its copies and zones add nothing to it.
      if (b.provider === "nfs") continue;
      // Applications that keep their own copies (≥ 2 members, each with its own volume) do not rest on one volume.
      const exposed = use.consumers.filter((x) => !replicatesInCluster(x, c.name));
      if (exposed.length === 0) continue;
      const consumers = consumerList(exposed);
      if (!PROVIDER_MANAGED.has(b.provider) && !TWO_COPY_DESIGNS.has(b.provider) && b.replicas < ctx.options.minReplicas) {
        ctx.report({
          subject: { kind: "StorageBackend", name: b.name },
          path: [...at, use.index, "replicas"],
          messageId: "copies",
          data: { backend: b.name, cluster: c.name, copies: plural(b.replicas, "copy", "copies"), consumers },
          mechanism:
            b.replicas === 1
              ? `Each volume lives on one ${b.provider === "local" ? "node's disk" : "storage host"}: when that disk or node fails, the pods using it cannot start anywhere else and the data since the last backup is gone.`
              : `After one disk or host fails only one copy is left until ${b.provider} has re-replicated the data (hours for large volumes); a second failure or a bad sector in that window loses it${b.provider === "rook-ceph" ? ", and Ceph pools with size 2 either block writes (min_size 2) or accept writes to a single copy (min_size 1)" : ""}.`,
          fix: `Keep ${ctx.options.minReplicas} copies (Rook-Ceph pool size 3, Longhorn numberOfReplicas 3) on different hosts${zones.length > 1 ? ", one per zone" : ""}, and update replicas in the fleet.`,
        });
      }
      if (zones.length < 2 || b.failureDomain !== "host") continue;
      const zonal = b.zonal;
      ctx.report({
        subject: { kind: "StorageBackend", name: b.name },
        path: [...at, use.index, zonal ? "zonal" : "failureDomain"],
        messageId: "zone",
        data: {
          backend: b.name,
          cluster: c.name,
          how: zonal ? "keeps each volume in one zone" : `spreads ${plural(b.replicas, "copy", "copies")} over hosts, not zones`,
          zones: zones.length,
          consumers,
        },
        mechanism: zonal
          ? "A zonal volume can only be attached in its zone: when that zone fails, the pods using it stay Pending (volume node affinity conflict) until the zone returns, and the data is only as safe as the zone — the rest of the cluster survives without it."
          : `With failureDomain host, ${b.replicas > 1 ? "all copies of a volume may be placed on hosts of the same zone" : "the only copy sits in one zone"}: a zone loss can take every copy, and the pods using the volume cannot start in the surviving zones.`,
        fix: zonal
          ? "Use storage that replicates across zones (regional disks: GCP regional PD, Azure ZRS; or Rook-Ceph/Longhorn with failureDomain zone), or run the workload as a replicated data service with one member per zone."
          : "Spread copies over zones (Ceph CRUSH failure domain zone; Longhorn replica zone anti-affinity) with at least one copy per zone, and set failureDomain: zone in the fleet.",
      });
    }
  },
});
