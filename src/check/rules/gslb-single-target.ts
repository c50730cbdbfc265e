/** A GSLB host name with nowhere to fail over to. @module */
import { defineRule } from "../rule.js";

export default defineRule({
  id: "gslb-single-target",
  title: "A GSLB host name has a single target",
  category: "traffic",
  severity: "warning",
  rationale:
    "DNS failover moves clients to another healthy target. A host name with one target (or whose targets are all " +
    "in one cluster, or one site when geo-redundancy is required) has nothing to move them to: health checks only " +
    "decide between answering a dead address or none.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    single: "host name {{host}} has a single target (cluster {{cluster}}): the GSLB has nowhere to fail over to",
    oneSite: "host name {{host}} fails over only within site {{site}} ({{clusters}}), but geo-redundancy is required",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    fleet.traffic.hostnames.forEach((h, i) => {
      const clusters = [...new Set(h.targets.map((t) => t.cluster))];
      const at = ["spec", "traffic", "hostnames", i, "targets"];
      if (clusters.length === 1) {
        ctx.report({
          subject: { kind: "Hostname", name: h.name },
          path: at,
          messageId: "single",
          data: { host: h.name, cluster: clusters[0]! },
          mechanism: `When ${clusters[0]} (or its ingress) fails, the only answer the GSLB can give is the failed address — or no address (allDown: ${h.spec.allDown}): the host name is down until that cluster recovers.`,
          fix: "Add a target in another cluster (ideally another site) that serves the same workload, with its own health check.",
        });
        return;
      }
      if (fleet.objectives.geoRedundancy !== "required") return;
      const sites = new Set(clusters.flatMap((c) => fleet.cluster(c)?.sites ?? []));
      if (sites.size !== 1) return;
      ctx.report({
        subject: { kind: "Hostname", name: h.name },
        path: at,
        messageId: "oneSite",
        data: { host: h.name, site: [...sites][0]!, clusters: clusters.join(", ") },
        mechanism: `All targets sit in ${[...sites][0]}: a site loss takes every target at once, so the GSLB has no healthy answer left.`,
        fix: "Add a target in a cluster of another site.",
      });
    });
  },
});
