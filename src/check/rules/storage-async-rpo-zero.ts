/** Volumes under an RPO of 0 on storage that replicates asynchronously. @module */
import { objectiveFor } from "../helpers.js";
import { defineRule } from "../rule.js";
import { clusterPath, dataServiceObjective, duration } from "../view/fleet.js";
import { backendsInUse, consumerList, type Consumer } from "../view/storage-usage.js";

export default defineRule({
  id: "storage-async-rpo-zero",
  title: "RPO 0 data on asynchronously replicated storage",
  category: "storage",
  severity: "critical",
  rationale:
    "An RPO of 0 means no acknowledged write may be lost. Asynchronous storage replication acknowledges a write " +
    "before the copy has it, so the failure of the node or site holding the primary copy loses the last lag's worth of " +
    "writes. Only synchronous replication — in the storage, or in the application on top of it — meets RPO 0.",
  appliesTo: ["Fleet"],
  scope: "objects",
  messages: {
    async: "storage backend {{backend}} of cluster {{cluster}} replicates asynchronously{{lag}}, but {{consumers}} must lose nothing (RPO 0)",
  },
  check(ctx) {
    const c = ctx.cluster;
    const fleet = ctx.fleet;
    if (!c || !fleet || !ctx.objectives) return;
    for (const use of backendsInUse(ctx.index, c, fleet)) {
      const b = use.backend;
      if (b.replication !== "async") continue;
      const zero = use.consumers.filter((x) => rpoOf(ctx, x) === 0 && !syncAtApplicationLevel(x));
      if (zero.length === 0) continue;
      const lag = b.replicationLagMs !== undefined ? ` (lag ${duration(b.replicationLagMs)})` : "";
      ctx.report({
        subject: { kind: "StorageBackend", name: b.name },
        path: [...clusterPath(fleet, c.name), "storage", use.index, "replication"],
        messageId: "async",
        data: { backend: b.name, cluster: c.name, lag, consumers: consumerList(zero) },
        mechanism:
          `Writes are acknowledged to the application before ${b.name} has copied them${lag ? `; the copy trails by about ${duration(b.replicationLagMs!)}` : ""}. When the host or site holding the primary copy fails, ` +
          "promoting the copy drops every write not yet replicated — data the objective says must never be lost.",
        fix: "Use synchronous replication for these volumes (Rook-Ceph replicated pools, Longhorn replicas, synchronous DRBD), or replicate at the application level synchronously (Patroni synchronous_mode, MongoDB w: majority), or agree an RPO of the lag.",
      });
    }
  },
});

/** RPO of the data a consumer holds: its data services' objective, else the workload's (or its Services'), else the default. */
function rpoOf(ctx: Parameters<typeof objectiveFor>[0], x: Consumer): number {
  if (x.dataServices.length > 0) return Math.min(...x.dataServices.map((d) => dataServiceObjective(ctx.fleet!, d).rpoMs));
  if (x.workload) return objectiveFor(ctx, x.workload)?.rpoMs ?? ctx.objectives!.rpoMs;
  return ctx.objectives!.rpoMs;
}

/** A data service with a synchronous replica already meets RPO 0 above the storage. */
function syncAtApplicationLevel(x: Consumer): boolean {
  return x.dataServices.length > 0 && x.dataServices.every((d) => d.replicas.some((r) => r.mode === "sync"));
}
