/** Data no backup protects: replication copies deletions and corruption as faithfully as writes. @module */
import { defineRule, plural } from "../rule.js";
import { claimsOf } from "../../k8s/claims.js";
import { backupsOfDataService, clusterPath, dataServicePath, membersSites } from "../view/fleet.js";

export default defineRule({
  id: "backup-missing",
  title: "Data without any backup",
  category: "backup",
  severity: "critical",
  rationale:
    "Replication protects against losing a machine, not against losing data: a dropped table, a bad migration, " +
    "ransomware or an operator's mistake is replicated to every copy within milliseconds. Only a backup taken before " +
    "it brings the data back. The seeds: Velero plus application-level backups to an external location, with " +
    "restore drills.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    cluster: "cluster {{cluster}} holds data ({{what}}) but no backup covers it",
    dataService: "data service {{name}} has no replica and no backup: its only copy lives in {{where}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const claims = claimsOf(c.objects);
      const services = fleet.dataServices.filter((d) => d.primary.cluster === c.name || d.replicas.some((r) => r.cluster === c.name));
      if (claims.length === 0 && services.length === 0) continue;
      if (fleet.backups.some((b) => b.clusters.includes(c.name))) continue;
      if (services.length > 0 && claims.length === 0 && services.every((d) => backupsOfDataService(fleet, d).length > 0)) continue;
      const what = [claims.length > 0 ? plural(claims.length, "volume claim") : "", services.length > 0 ? `data service${services.length === 1 ? "" : "s"} ${services.map((d) => d.name).join(", ")}` : ""].filter(Boolean).join(" and ");
      ctx.report({
        subject: { kind: "Cluster", name: c.name },
        path: fleet.document.spec.backups ? ["spec", "backups"] : clusterPath(fleet, c.name),
        messageId: "cluster",
        data: { cluster: c.name, what },
        mechanism:
          "Every copy this cluster keeps — storage replicas, database replicas — receives a deletion or a corruption as soon as the primary does. " +
          "Without a backup taken before the mistake, that data is gone for good; a lost cluster (or its etcd) also has to be rebuilt from nothing.",
        fix: `Add a backup of ${c.name} to spec.backups and run it: Velero (resources and volumes) on a schedule shorter than the RPO, database-level backups (WAL-G, pgBackRest) for databases, etcd snapshots for a self-managed control plane — stored in another site.`,
      });
    }
    for (const d of fleet.dataServices) {
      if (d.replicas.length > 0 || backupsOfDataService(fleet, d).length > 0) continue;
      const covered = fleet.backups.some((b) => b.volumes && b.clusters.includes(d.primary.cluster) && (b.namespaces === undefined || (d.spec.workload?.namespace !== undefined && b.namespaces.includes(d.spec.workload.namespace))));
      if (covered) continue;
      if (!fleet.backups.some((b) => b.clusters.includes(d.primary.cluster))) continue; // the cluster-level finding says it
      ctx.report({
        subject: { kind: "DataService", name: d.name },
        path: dataServicePath(fleet, d.name),
        messageId: "dataService",
        data: { name: d.name, where: membersSites(fleet, d.primary) },
        mechanism:
          "With no replica, a failed disk or a lost volume loses everything since the database was created; with no backup, so does a mistaken DELETE. Nothing in the fleet can bring this data back.",
        fix: `Back ${d.name} up (an application-level backup such as WAL-G or pgBackRest, or a Velero backup of its namespace with volumes), stored in another site, and add a replica.`,
      });
    }
  },
});
