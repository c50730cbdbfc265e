/** `spec.dataServices` and `spec.backups`: where the data lives and how it survives. @module */
import * as z from "zod";
import { duration, isoDate, name } from "./primitives.js";

export const dataLocation = z
  .strictObject({
    cluster: name().meta({ description: "Cluster running this member.", examples: ["prod-fra"] }),
    zone: name().optional().meta({ description: "Zone of this member, when pinned.", examples: ["fra-a"] }),
  })
  .meta({ title: "DataLocation" });

export const dataReplica = z
  .strictObject({
    cluster: name().meta({ description: "Cluster running the replica.", examples: ["prod-ams"] }),
    zone: name().optional().meta({ description: "Zone of the replica, when pinned.", examples: ["ams-a"] }),
    mode: z.enum(["sync", "async"]).meta({ description: "sync: commits wait for this replica (RPO 0); async: RPO = lag.", examples: ["async"] }),
    lag: duration().optional().meta({ description: "Expected replication lag of an async replica. Default 5s.", examples: ["5s"] }),
    count: z.number().int().min(1).default(1).meta({ description: "Number of replicas at this location.", examples: [1] }),
  })
  .meta({ title: "DataReplica" });

export const dataService = z
  .strictObject({
    name: name().meta({ description: "Data service name.", examples: ["orders-db"] }),
    engine: z
      .enum(["postgres", "mysql", "mariadb-galera", "mongodb", "cassandra", "redis", "redis-sentinel", "kafka", "zookeeper", "etcd", "elasticsearch", "rabbitmq", "other"])
      .meta({ description: "Database or middleware engine.", examples: ["postgres"] }),
    operator: z.string().optional().meta({ description: "HA manager or operator (patroni, cloudnative-pg, crunchy, strimzi, ...).", examples: ["patroni"] }),
    workload: z
      .strictObject({
        namespace: z.string().optional().meta({ description: "Namespace of the StatefulSet; any when omitted.", examples: ["shop"] }),
        name: z.string().meta({ description: "Name of the StatefulSet.", examples: ["postgres"] }),
      })
      .optional()
      .meta({ description: "The StatefulSet running it, when it runs in Kubernetes.", examples: [{ namespace: "shop", name: "postgres" }] }),
    primary: dataLocation.meta({ description: "Where the primary (leader, or any member for multi-primary engines) runs." }),
    replicas: z.array(dataReplica).default([]).meta({ description: "Replicas." }),
    failover: z.enum(["automatic", "manual"]).default("automatic").meta({ description: "How a replica is promoted.", examples: ["automatic"] }),
    failoverTime: duration().optional().meta({
      description: "Time from primary loss to a promoted replica. Default from the engine catalog (Patroni ~30–40s, MongoDB ~12s, Sentinel ~30s+).",
      examples: ["40s"],
    }),
    backup: name().optional().meta({ description: "Name of the backup (spec.backups) protecting this data.", examples: ["orders-hourly"] }),
    dcs: z.enum(["kubernetes", "external"]).optional().meta({
      description:
        "Where the HA manager keeps its leader key. kubernetes: the Kubernetes API of the cluster it runs in (Patroni's kubernetes DCS; the default for postgres managed by Patroni or a Patroni-based operator) — without API writes (etcd quorum lost) the primary demotes itself. external: an etcd or Consul of its own, unaffected by the cluster's control plane.",
      examples: ["kubernetes"],
    }),
    failsafeMode: z.boolean().default(false).meta({
      description: "Patroni failsafe_mode: while the DCS refuses writes the primary keeps running if it reaches every member's REST API.",
      examples: [true],
    }),
  })
  .meta({ title: "DataService" });

export const backup = z
  .strictObject({
    name: name().meta({ description: "Backup name.", examples: ["velero-hourly"] }),
    tool: z.enum(["velero", "kasten", "stash", "pgbackrest", "barman", "wal-g", "etcd-snapshot", "restic", "other"]).meta({
      description: "Backup tool.",
      examples: ["velero"],
    }),
    schedule: z.string({ error: 'expected a cron schedule such as "0 * * * *"' }).meta({
      description: "Cron schedule (5 fields, UTC) or @hourly/@daily/@weekly.",
      examples: ["0 */6 * * *"],
    }),
    duration: duration().default("10m").meta({ description: "How long one backup takes (adds to the worst-case RPO).", examples: ["15m"] }),
    restoreTime: duration().optional().meta({ description: "How long a restore takes. Default 30m.", examples: ["45m"] }),
    scope: z
      .strictObject({
        clusters: z.array(name()).optional().meta({ description: "Clusters backed up; default all.", examples: [["prod-fra"]] }),
        namespaces: z.array(z.string()).optional().meta({ description: "Namespaces backed up; default all.", examples: [["shop"]] }),
        dataServices: z.array(name()).optional().meta({ description: "Data services covered (application-level backups).", examples: [["orders-db"]] }),
        volumes: z.boolean().default(true).meta({ description: "Whether volume data is included (snapshots or file-system backup).", examples: [true] }),
      })
      .default({ volumes: true })
      .meta({ title: "BackupScope" }),
    location: z
      .strictObject({
        site: name().meta({ description: "Site where the backups are stored.", examples: ["ams"] }),
        kind: z.enum(["s3", "gcs", "azure-blob", "nfs", "local"]).default("s3").meta({ description: "Storage kind.", examples: ["s3"] }),
        bucket: z.string().optional().meta({ description: "Bucket or path.", examples: ["backups-eu"] }),
      })
      .meta({ title: "BackupLocation" }),
    retention: duration().optional().meta({ description: "How long backups are kept (Velero TTL default 720h).", examples: ["720h"] }),
    lastRestoreTest: isoDate().optional().meta({ description: "Date of the last successful restore test.", examples: ["2026-10-01"] }),
  })
  .meta({ title: "Backup" });
