/** An active-passive standby whose promotion plus DNS failover exceeds the RTO. @module */
import { defineRule } from "../rule.js";
import { duration, objectiveOf } from "../view/fleet.js";

export default defineRule({
  id: "standby-rto",
  title: "A standby cannot take over within the RTO",
  category: "multi-cluster",
  severity: "critical",
  rationale:
    "An active-passive standby serves only after the failure is detected, the standby is promoted (a person decides " +
    "for manual failover; a cold standby is deployed from GitOps and restored from backups; a warm one scales up) and " +
    "DNS moves clients. The seeds: hot < 5 min, warm < 30 min, cold < 4 h; manual active-passive 5–15 min. When that " +
    "sum exceeds the RTO of the services the placement carries, the objective is missed by design.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    slow: "placement {{placement}}: a {{standby}} standby with {{failover}} failover takes ≈ {{total}} (promotion {{promotion}}{{dns}}), but the RTO of {{service}} is {{rto}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    fleet.placement.forEach((p, i) => {
      if (p.mode !== "active-passive" || p.clusters.length < 2) return;
      // The workloads it carries: namespace/name of every selected object that is not a companion.
      const selected = p.selected.map((ref) => ref.split("/")).filter((parts) => !["Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"].includes(parts[0]!));
      if (selected.length === 0) return;
      let tightest = { rtoMs: fleet.objectives.rtoMs, service: "the fleet default" };
      for (const parts of selected) {
        const [name, ns] = [parts[parts.length - 1]!, parts.length === 3 ? parts[1] : undefined];
        const o = objectiveOf(fleet.objectives, [name], ns);
        if (o.rtoMs < tightest.rtoMs) tightest = { rtoMs: o.rtoMs, service: o.service ?? name };
      }
      // DNS: the host names serving these workloads (by workload, else by targets in the placement's clusters); the slowest counts.
      const names = new Set(selected.map((x) => x[x.length - 1]));
      const hosts = fleet.traffic.hostnames.filter((h) => (h.spec.workload ? names.has(h.spec.workload.name) : h.targets.some((t) => p.clusters.includes(t.cluster))));
      const dnsMs = hosts.length > 0 ? Math.max(...hosts.map((h) => h.detectionMs + h.ttlMs + fleet.traffic.resolverCacheMs)) : 0;
      const total = p.promotionMs + dnsMs;
      if (total <= tightest.rtoMs) return;
      const manual = p.failover === "manual";
      ctx.report({
        subject: { kind: "Placement", name: p.name },
        path: ["spec", "placement", i, p.spec.promotionTime ? "promotionTime" : p.spec.standby ? "standby" : "mode"],
        messageId: "slow",
        data: {
          placement: p.name,
          standby: p.standby,
          failover: p.failover,
          total: duration(total),
          promotion: duration(p.promotionMs),
          dns: hosts.length > 0 ? ` + DNS detection, TTL and caches ${duration(dnsMs)}` : ", no traffic host name",
          service: tightest.service,
          rto: duration(tightest.rtoMs),
        },
        mechanism:
          `After ${p.clusters[0]} fails, ${manual ? "someone has to notice, decide and run the failover (the fleet counts 10 min for that), then " : ""}the ${p.standby} standby in ${p.clusters.slice(1).join(", ")} ` +
          `${p.standby === "cold" ? "is deployed and restored" : p.standby === "warm" ? "scales up" : "is promoted"} in ${duration(p.promotionMs - (manual ? 600_000 : 0))}` +
          `${hosts.length > 0 ? `, and clients follow only after the GSLB's detection, the TTL and resolver caches (${duration(dnsMs)})` : "; with no traffic host name, clients are not moved at all"}: ` +
          `≈ ${duration(total)} in all, ${duration(total - tightest.rtoMs)} beyond the objective.`,
        fix:
          p.standby === "cold"
            ? "Keep the standby warm or hot (running from GitOps), automate the failover, or go active-active; or relax the RTO."
            : manual
              ? "Automate the failover (GSLB health checks + promotion), or go active-active; or relax the RTO."
              : "Go active-active so no promotion is needed, shorten promotion and DNS failover, or relax the RTO.",
      });
    });
  },
});
