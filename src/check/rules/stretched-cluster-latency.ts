/** One cluster stretched over sites 10 ms or more apart. @module */
import * as z from "zod";
import { defineRule } from "../rule.js";
import { clusterPath, ETCD_MAX_RTT_MS, formatRtt } from "../view/fleet.js";

export default defineRule({
  id: "stretched-cluster-latency",
  title: "A cluster is stretched over sites 10 ms or more apart",
  category: "multi-cluster",
  severity: "critical",
  rationale:
    "A stretched cluster (seed 000, case 3) is one failure domain for Kubernetes: its nodes, kubelets, Services and " +
    "storage assume a LAN. The seeds allow it only below 10 ms between sites and call 'stretched cluster at high " +
    "latency' a typical mistake: every cross-site request pays the round trip, a link failure partitions the cluster " +
    "(nodes on the far side go NotReady and are evicted after 5 minutes), and synchronous storage and quorum systems " +
    "inside it stall. Beyond a metro area, one cluster per site is the design.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    far: "cluster {{cluster}} has nodes in sites {{rtt}} apart ({{pair}}); a stretched cluster needs < {{max}} ms",
  },
  options: z.object({
    maxRttMs: z.number().positive().default(ETCD_MAX_RTT_MS).describe("Highest RTT (ms) between sites of one cluster (exclusive)."),
  }),
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const sites = [...new Set(c.nodes.map((n) => n.site))];
      if (sites.length < 2) continue;
      const etcdSites = new Set(c.controlPlane.etcd.members.map((m) => m.site));
      let worst: { a: string; b: string; ms: number } | undefined;
      for (let i = 0; i < sites.length; i++) {
        for (let j = i + 1; j < sites.length; j++) {
          const [a, b] = [sites[i]!, sites[j]!];
          // Pairs of etcd sites are etcd-latency's finding (the control plane breaks first).
          if (etcdSites.has(a) && etcdSites.has(b)) continue;
          const rtt = fleet.rtt(a, b);
          if (rtt.origin === "unknown" || rtt.ms < ctx.options.maxRttMs) continue;
          if (!worst || rtt.ms > worst.ms) worst = { a, b, ms: rtt.ms };
        }
      }
      if (!worst) continue;
      const w = worst;
      const link = fleet.document.spec.latency.links?.findIndex((l) => l.between.includes(w.a) && l.between.includes(w.b)) ?? -1;
      const far = c.nodes.filter((n) => n.site === w.b).length;
      ctx.report({
        subject: { kind: "Cluster", name: c.name },
        path: link >= 0 ? ["spec", "latency", "links", link, "rtt"] : clusterPath(fleet, c.name),
        messageId: "far",
        data: { cluster: c.name, rtt: formatRtt(w.ms), pair: `${w.a} ↔ ${w.b}`, max: ctx.options.maxRttMs },
        mechanism:
          `Pods spread over both sites call each other across ${formatRtt(w.ms)} per request, and the kubelets of the ${far} node(s) in ${w.b} depend on the link to reach the API. ` +
          `When the link fails, those nodes go NotReady, their pods leave the Services after the grace period and are evicted after 5 minutes — replacements need capacity on the other side — while StatefulSet pods, synchronous storage and quorum systems spanning the link stall.`,
        fix: "Run one cluster per site (multi-cluster, seed 000 case 4) with traffic steering and data replication between them, or keep the stretched cluster within a metro area (< 10 ms).",
      });
    }
  },
});
