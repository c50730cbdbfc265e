/** Synchronous replication over a long round trip: every commit waits for it. @module */
import * as z from "zod";
import { defineRule } from "../rule.js";
import { clusterPath, dataServicePath, ETCD_MAX_RTT_MS, formatRtt, memberSite } from "../view/fleet.js";

export default defineRule({
  id: "data-sync-replication-latency",
  title: "Synchronous replication across a high round-trip time",
  category: "data",
  severity: "warning",
  rationale:
    "A synchronous replica acknowledges every commit, so each write waits at least one round trip to it; Galera " +
    "certifies every transaction with all members and throttles the whole cluster (flow control) to its slowest link. " +
    "Across a WAN, write latency multiplies, throughput collapses under load and a flaky link stalls or evicts members. " +
    "The seeds: Galera suffers at high RTT; synchronous replication belongs within < 10 ms.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    dataService: "{{engine}} {{name}} replicates synchronously to {{where}} across {{rtt}} (≥ {{max}} ms): every commit waits for that round trip",
    storage: "storage backend {{backend}} of cluster {{cluster}} replicates synchronously across sites {{rtt}} apart ({{pair}}; ≥ {{max}} ms)",
  },
  options: z.object({
    maxRttMs: z.number().positive().default(ETCD_MAX_RTT_MS).describe("Highest RTT (ms) for synchronous replication (exclusive)."),
  }),
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    const max = ctx.options.maxRttMs;
    for (const d of fleet.dataServices) {
      // Galera replicates every member synchronously, whatever a replica entry says.
      const galera = d.engine === "mariadb-galera";
      const from = d.primary.zone ?? memberSite(fleet, d.primary);
      if (!from) continue;
      let worst: { i: number; ms: number; where: string } | undefined;
      d.replicas.forEach((r, i) => {
        if (r.mode !== "sync" && !galera) return;
        const to = r.zone ?? memberSite(fleet, r);
        if (!to || to === from) return;
        const rtt = fleet.rtt(from, to);
        if (rtt.origin === "unknown" || rtt.ms < max) return;
        if (!worst || rtt.ms > worst.ms) worst = { i, ms: rtt.ms, where: `${r.cluster}${r.zone ? ` (${r.zone})` : ` (${to})`}` };
      });
      if (!worst) continue;
      const w = worst as { i: number; ms: number; where: string };
      ctx.report({
        subject: { kind: "DataService", name: d.name },
        path: [...dataServicePath(fleet, d.name), "replicas", w.i],
        messageId: "dataService",
        data: { engine: galera ? "Galera" : d.engine, name: d.name, where: w.where, rtt: formatRtt(w.ms), max },
        mechanism:
          `Each commit returns only after ${galera ? "every Galera member has certified it" : "the synchronous replica has confirmed it"}: at least ${formatRtt(w.ms)} per commit, and far more for transactions that commit one statement at a time. ` +
          `${galera ? "Flow control slows all writers to the slowest member, and a link hiccup beyond evs.suspect_timeout evicts members (quorum loss with 2 sites)." : "Under load commits queue behind the link; if it degrades, the primary stalls or (with synchronous_mode_strict off) silently falls back to async."}`,
        fix: galera
          ? "Keep Galera members within < 10 ms (one site or a metro area, with a garbd arbitrator in a third), and replicate to remote sites asynchronously."
          : "Make the remote replica asynchronous (and accept its lag as the RPO of a site loss), and keep synchronous replicas within < 10 ms (another zone or a metro site).",
      });
    }
    // Storage that replicates synchronously between far sites (a stretched Ceph over a WAN).
    for (const c of fleet.clusters) {
      c.storage.forEach((b, bi) => {
        if (b.replication !== "sync" || b.failureDomain !== "site" || c.sites.length < 2) return;
        let worst: { ms: number; pair: string } | undefined;
        for (let i = 0; i < c.sites.length; i++) {
          for (let j = i + 1; j < c.sites.length; j++) {
            const rtt = fleet.rtt(c.sites[i]!, c.sites[j]!);
            if (rtt.origin !== "unknown" && rtt.ms >= max && (!worst || rtt.ms > worst.ms)) worst = { ms: rtt.ms, pair: `${c.sites[i]} ↔ ${c.sites[j]}` };
          }
        }
        if (!worst) return;
        ctx.report({
          subject: { kind: "StorageBackend", name: b.name },
          path: [...clusterPath(fleet, c.name), "storage", bi, "replication"],
          messageId: "storage",
          data: { backend: b.name, cluster: c.name, rtt: formatRtt(worst.ms), pair: worst.pair, max },
          mechanism: `Every write to a volume is acknowledged only when the copies in both sites have it: ≥ ${formatRtt(worst.ms)} per write (fsync-heavy databases notice first), and a degraded link stalls I/O for every pod on this storage.`,
          fix: "Keep synchronously replicated storage within < 10 ms (Ceph stretch mode is for metro distances), and replicate to far sites asynchronously (RBD mirroring) or at the application level.",
        });
      });
    }
  },
});
