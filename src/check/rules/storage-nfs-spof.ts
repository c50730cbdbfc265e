/** Volumes on a single NFS server: one machine every pod using them depends on. @module */
import { defineRule, plural } from "../rule.js";
import { clusterPath } from "../view/fleet.js";
import { backendsInUse, consumerList } from "../view/storage-usage.js";

export default defineRule({
  id: "storage-nfs-spof",
  title: "Volumes live on a single NFS server",
  category: "storage",
  severity: "critical",
  rationale:
    "An NFS server without failover is one machine under every pod that mounts its exports, on every node. When it " +
    "fails, hard-mounted clients block in uninterruptible I/O: the pods neither serve nor restart, across all their " +
    "replicas at once — a correlated failure that replicas cannot absorb. The seeds: NFS only with HA (DRBD) or not " +
    "at all; csi-driver-nfs is 'not really production-grade' (seed 002).",
  appliesTo: ["Fleet"],
  scope: "objects",
  messages: {
    spof: "storage backend {{backend}} of cluster {{cluster}} is a single NFS server ({{copies}}, replication {{replication}}); {{consumers}} mount it",
  },
  check(ctx) {
    const c = ctx.cluster;
    const fleet = ctx.fleet;
    if (!c || !fleet) return;
    for (const use of backendsInUse(ctx.index, c, fleet)) {
      const b = use.backend;
      // nfs-drbd is the HA variant; an NFS backend that declares replicated copies is an HA filer.
      if (b.provider !== "nfs" || (b.replicas >= 2 && b.replication !== "none")) continue;
      const workloads = new Set(use.consumers.map((x) => x.workload).filter((w) => w !== undefined));
      ctx.report({
        subject: { kind: "StorageBackend", name: b.name },
        path: [...clusterPath(fleet, c.name), "storage", use.index, "provider"],
        messageId: "spof",
        data: { backend: b.name, cluster: c.name, copies: plural(b.replicas, "copy", "copies"), replication: b.replication, consumers: consumerList(use.consumers) },
        mechanism:
          `When the server fails, every mount of it hangs (NFS hard mounts retry forever; I/O blocks in the kernel), so ${plural(workloads.size, "workload")} stop on all their nodes at once: ` +
          "readiness probes fail, liveness restarts cannot get past the blocked mount, and nothing recovers until the server returns. A lost server disk loses the data since the last backup.",
        fix: "Use replicated storage (Rook-Ceph, Longhorn) or an HA NFS service (DRBD + Pacemaker with a floating IP: provider nfs-drbd, or a managed file service such as EFS, Filestore, Azure Files: cloud-file).",
      });
    }
  },
});
