/** etcd members 10 ms or more apart: Raft heartbeats and every write pay the round trip. @module */
import * as z from "zod";
import { defineRule } from "../rule.js";
import { etcdMemberPairs, pairLabel } from "../view/etcd-latency.js";
import { clusterPath, ETCD_MAX_RTT_MS, formatRtt } from "../view/fleet.js";

export default defineRule({
  id: "etcd-latency",
  title: "etcd members are 10 ms or more apart",
  category: "control-plane",
  severity: "critical",
  rationale:
    "Every etcd write is committed only after a majority of members has it, so each write pays at least one round trip " +
    "between them, and the leader's heartbeats (every 100 ms by default) must arrive well within the election timeout. " +
    "The seeds' core principle: the control plane needs RTT < 10 ms between etcd members; above that leaders churn, the " +
    "API server stalls and a stretched cluster risks split brain.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    far: "cluster {{cluster}} has etcd members {{rtt}} apart ({{pair}}); etcd needs < {{max}} ms between members",
  },
  options: z.object({
    maxRttMs: z.number().positive().default(ETCD_MAX_RTT_MS).describe("Highest RTT (ms) between two etcd members that is still acceptable (exclusive)."),
  }),
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      if (c.controlPlane.etcd.topology === "managed") continue;
      const far = etcdMemberPairs(fleet, c).filter((p) => p.rtt.origin !== "unknown" && p.rtt.ms >= ctx.options.maxRttMs);
      if (far.length === 0) continue;
      const worst = far[0]!;
      const hb = c.timing.etcd.heartbeatIntervalMs;
      const et = c.timing.etcd.electionTimeoutMs;
      const link = fleet.document.spec.latency.links?.findIndex((l) => {
        const ends = new Set(l.between);
        return (ends.has(worst.a.site) && ends.has(worst.b.site)) || (ends.has(worst.a.zone) && ends.has(worst.b.zone));
      });
      ctx.report({
        subject: { kind: "Cluster", name: c.name },
        path: link !== undefined && link >= 0 ? ["spec", "latency", "links", link, "rtt"] : [...clusterPath(fleet, c.name), "controlPlane"],
        messageId: "far",
        data: { cluster: c.name, rtt: formatRtt(worst.rtt.ms), pair: `${worst.a.name} in ${worst.a.zone} ↔ ${worst.b.name} in ${worst.b.zone}${far.length > 1 ? `, ${far.length} pairs in all` : ""}`, max: ctx.options.maxRttMs },
        mechanism:
          `Across ${pairLabel(worst)} every quorum write waits ≥ ${formatRtt(worst.rtt.ms)} and heartbeats (every ${hb} ms, election timeout ${et} ms) cross the same link: ` +
          `jitter or a congested link delays them past the timeout, members call elections, the leader churns and the API server's requests time out. ` +
          `When the link breaks, the side without a majority stops — a stretched control plane over a WAN is the seeds' typical mistake (split brain, stalls).`,
        fix: "Keep all etcd members within < 10 ms of each other (one site, or metro sites with a witness), or run one cluster per site (multi-cluster) and replicate data between them.",
      });
    }
  },
});
