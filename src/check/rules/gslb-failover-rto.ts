/** DNS failover (health-check detection + TTL + resolver caching) longer than the RTO of the served workload. @module */
import { defineRule } from "../rule.js";
import { duration, objectiveOf } from "../view/fleet.js";

export default defineRule({
  id: "gslb-failover-rto",
  title: "GSLB failover takes longer than the RTO",
  category: "traffic",
  severity: "critical",
  rationale:
    "With DNS-based failover, clients reach a healthy target only after the GSLB has detected the failure (probe " +
    "interval × failure threshold), the old answer's TTL has expired, and resolvers and clients have dropped their " +
    "caches (CoreDNS and the JVM cache 30 s). That sum is a floor for the outage of the workload behind the host " +
    "name; when it exceeds the RTO, the objective cannot be met whatever the clusters do.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    slow: "host name {{host}}: failover takes ≈ {{total}} (detection {{interval}} × {{fall}} = {{detection}} + TTL {{ttl}} + resolver cache {{cache}}), but the RTO of {{service}} is {{rto}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    const cache = fleet.traffic.resolverCacheMs;
    fleet.traffic.hostnames.forEach((h, i) => {
      const o = h.spec.workload ? objectiveOf(fleet.objectives, [h.spec.workload.name, h.name], h.spec.workload.namespace) : objectiveOf(fleet.objectives, [h.name]);
      const total = h.detectionMs + h.ttlMs + cache;
      if (total <= o.rtoMs) return;
      const interval = h.detectionMs / h.spec.healthCheck.fall;
      // The largest term is the one to cut first.
      const terms = [
        { what: "detection", ms: h.detectionMs, fix: `probe more often or fail faster (interval ${duration(interval)} × fall ${h.spec.healthCheck.fall})` },
        { what: "TTL", ms: h.ttlMs, fix: `lower the TTL (${duration(h.ttlMs)})` },
        { what: "resolver cache", ms: cache, fix: `shorten client caching (resolverCache ${duration(cache)}: CoreDNS cache, JVM networkaddress.cache.ttl)` },
      ].sort((a, b) => b.ms - a.ms);
      ctx.report({
        subject: { kind: "Hostname", name: h.name },
        path: ["spec", "traffic", "hostnames", i],
        messageId: "slow",
        data: {
          host: h.name,
          total: duration(total),
          interval: duration(interval),
          fall: h.spec.healthCheck.fall,
          detection: duration(h.detectionMs),
          ttl: duration(h.ttlMs),
          cache: duration(cache),
          service: o.service ?? (h.spec.workload ? h.spec.workload.name : "the fleet default"),
          rto: duration(o.rtoMs),
        },
        mechanism:
          `After a target fails, the GSLB notices it only after ${h.spec.healthCheck.fall} failed probes ${duration(interval)} apart; resolvers keep the old answer for up to its TTL, and stub resolvers and runtimes cache it again: ` +
          `clients keep connecting to the failed target for ≈ ${duration(total)}, ${duration(total - o.rtoMs)} beyond the objective — before any promotion or scale-up has even started.`,
        fix: `Bring detection + TTL + caching under ${duration(o.rtoMs)}: ${terms.map((t) => t.fix).join("; ")}. Clients that retry another address (several A records) shorten it further.`,
      });
    });
  },
});
