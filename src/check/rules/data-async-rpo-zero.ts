/** An RPO of 0 for a data service whose surviving copy is asynchronous. @module */
import { defineRule } from "../rule.js";
import { dataFailureScope, dataServiceObjective, dataServicePath, duration, memberSite } from "../view/fleet.js";

export default defineRule({
  id: "data-async-rpo-zero",
  title: "Data service with RPO 0 relies on an asynchronous replica",
  category: "data",
  severity: "critical",
  rationale:
    "An asynchronous replica confirms nothing: the primary acknowledges a commit before the replica has it. " +
    "Promoting that replica after the primary is lost drops the last lag's worth of committed writes, so an RPO of 0 " +
    "needs a synchronous replica in a failure domain that survives (Patroni synchronous_mode, MongoDB w: majority, " +
    "Galera). When geo-redundancy is required, that domain is another site.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    async: "objective RPO 0 for {{name}}, but its replica in {{cluster}} is async (lag {{lag}})",
    acrossSites: "objective RPO 0 for {{name}} holds within {{site}}, but its copy in another site is async (lag {{lag}}): a site loss loses up to {{lag}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    const scope = dataFailureScope(fleet.objectives);
    for (const d of fleet.dataServices) {
      if (dataServiceObjective(fleet, d).rpoMs !== 0) continue;
      const at = dataServicePath(fleet, d.name);
      const sync = d.replicas.filter((r) => r.mode === "sync");
      const asyncIdx = d.replicas.findIndex((r) => r.mode === "async");
      if (asyncIdx < 0) continue; // no replica at all: backup-interval-rpo / backup-missing
      const r = d.replicas[asyncIdx]!;
      if (sync.length === 0) {
        ctx.report({
          subject: { kind: "DataService", name: d.name },
          path: [...at, "replicas", asyncIdx, "mode"],
          messageId: "async",
          data: { name: d.name, cluster: r.cluster, lag: duration(r.lagMs) },
          mechanism: `Commits return before the replica in ${r.cluster} has them; when the primary fails, ${d.failover === "automatic" ? "the automatic failover promotes" : "promoting"} a replica that lacks up to ${duration(r.lagMs)} of committed writes — data the objective says must never be lost.`,
          fix: "Make one replica synchronous (Patroni synchronous_mode, MongoDB writeConcern majority, MySQL semi-sync with AFTER_SYNC) in another failure domain, or agree an RPO of the lag.",
        });
        continue;
      }
      if (scope !== "site") continue;
      const primarySite = memberSite(fleet, d.primary);
      if (!primarySite) continue;
      const syncElsewhere = sync.some((s) => {
        const site = memberSite(fleet, s);
        return site !== undefined && site !== primarySite;
      });
      if (syncElsewhere) continue;
      const remoteIdx = d.replicas.findIndex((x) => x.mode === "async" && (memberSite(fleet, x) ?? primarySite) !== primarySite);
      if (remoteIdx < 0) continue; // no copy elsewhere at all: backup-interval-rpo / geo rules
      const remote = d.replicas[remoteIdx]!;
      ctx.report({
        subject: { kind: "DataService", name: d.name },
        path: [...at, "replicas", remoteIdx, "mode"],
        messageId: "acrossSites",
        data: { name: d.name, site: primarySite, lag: duration(remote.lagMs) },
        mechanism: `Geo-redundancy is required, and the only copies outside ${primarySite} are asynchronous: after losing ${primarySite} the replica in ${remote.cluster} is promoted without the last ${duration(remote.lagMs)} of commits.`,
        fix: "Synchronous replication across sites needs < 10 ms RTT (a metro pair); otherwise agree an RPO of the lag for a site loss, or keep RPO-0 data in a stretched synchronous setup.",
      });
    }
  },
});
