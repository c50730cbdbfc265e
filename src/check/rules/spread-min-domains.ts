/** minDomains above the number of domains: the global minimum is treated as 0. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { spreadConstraints, spreadDomains } from "../view/scheduling.js";

export default defineRule({
  id: "spread-min-domains",
  title: "Topology spread minDomains is above the number of domains",
  category: "topology",
  severity: "warning",
  rationale:
    "With whenUnsatisfiable DoNotSchedule, minDomains makes the scheduler treat the global minimum as 0 while fewer " +
    "domains than minDomains exist. Each domain can then hold at most maxSkew matching pods, and replicas beyond " +
    "domains × maxSkew stay Pending. minDomains with ScheduleAnyway is rejected by the API server.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    scheduleAnyway: "topologySpreadConstraints[{{index}}] of {{workload}} sets minDomains with whenUnsatisfiable ScheduleAnyway",
    tooMany: "topologySpreadConstraints[{{index}}] of {{workload}} wants minDomains {{min}} over {{key}}, but the cluster has {{domains}}{{pending}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      for (const c of spreadConstraints(w)) {
        if (c.minDomains === undefined) continue;
        if (c.whenUnsatisfiable === "ScheduleAnyway") {
          ctx.report({
            object: w.object,
            path: [...c.path, "minDomains"],
            messageId: "scheduleAnyway",
            data: { index: c.index, workload: describeWorkload(w) },
            mechanism: "The API server rejects minDomains unless whenUnsatisfiable is DoNotSchedule, so this manifest does not apply at all and the workload keeps running its previous version.",
            fix: "Remove minDomains, or use whenUnsatisfiable: DoNotSchedule.",
            edits: [{ op: "delete", path: [...c.path, "minDomains"] }],
          });
          continue;
        }
        if (!ctx.topology.known) continue; // the number of domains is only known with a fleet
        const domains = spreadDomains(ctx.topology, w, c).size;
        if (c.minDomains <= domains) continue;
        const replicas = ctx.index.replicaRange(w)?.max ?? 0;
        const pending = Math.max(0, replicas - domains * c.maxSkew);
        ctx.report({
          object: w.object,
          path: [...c.path, "minDomains"],
          messageId: "tooMany",
          data: {
            index: c.index,
            workload: describeWorkload(w),
            min: c.minDomains,
            key: c.topologyKey,
            domains: plural(domains, "domain"),
            pending: pending > 0 ? `: ${plural(pending, "replica")} of ${replicas} stay Pending` : "",
          },
          mechanism: `With ${plural(domains, "domain")} < minDomains ${c.minDomains} the global minimum counts as 0, so each of the ${domains} domains accepts at most maxSkew ${c.maxSkew} matching pod${c.maxSkew === 1 ? "" : "s"} (${domains * c.maxSkew} in all)${pending > 0 ? `; the other ${pending} cannot be scheduled` : ", and any surge pod during a rollout stays Pending"}.`,
          fix: `Set minDomains to at most ${domains} (the domains this cluster has), or add nodes in more ${c.topologyKey} domains.`,
          edits: domains > 0 ? [{ op: "set", path: [...c.path, "minDomains"], value: domains }] : undefined,
        });
      }
    }
  },
});
