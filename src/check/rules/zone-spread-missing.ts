/** A multi-zone cluster, and nothing spreading the replicas over its zones. @module */
import { describeWorkload, ownSelector, REPLICATED_KINDS } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { affinityTerms, spreadConstraints } from "../view/scheduling.js";
import { isZoneKey, ZONE_KEY } from "../view/topology.js";

export default defineRule({
  id: "zone-spread-missing",
  title: "Replicas are not spread over the cluster's zones",
  category: "topology",
  severity: "warning",
  rationale:
    "In a cluster spanning several zones, a zone outage takes every replica in that zone. Without a zone topology " +
    "spread constraint (or zone anti-affinity), nothing stops the scheduler from placing most or all replicas in " +
    "one zone — the default zone spreading is soft (maxSkew 5, ScheduleAnyway) — so a single zone outage can take " +
    "the whole service.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    missing: "{{workload}} runs {{replicas}} in a cluster with {{zones}} zones ({{names}}) but has no zone spread",
  },
  check(ctx) {
    if (!ctx.topology.known) return; // zones unknown: do not guess
    for (const w of ctx.index.workloads) {
      if (!REPLICATED_KINDS.has(w.kind)) continue;
      const range = ctx.index.replicaRange(w);
      if (!range || range.max < 2) continue;
      const zones = ctx.topology.zonesOf(ctx.topology.eligible(w.template.spec));
      if (zones.length < 2) continue; // pinned or single-zone: nothing to spread over
      if (spreadConstraints(w).some((c) => isZoneKey(c.topologyKey))) continue;
      if (affinityTerms(w).some((t) => t.kind === "antiAffinity" && isZoneKey(t.topologyKey))) continue;
      const honor = ctx.kubernetesMinor === undefined || ctx.kubernetesMinor >= 26;
      const constraint = {
        maxSkew: 1,
        topologyKey: ZONE_KEY,
        whenUnsatisfiable: honor ? "DoNotSchedule" : "ScheduleAnyway",
        ...(honor ? { nodeTaintsPolicy: "Honor" } : {}),
        labelSelector: ownSelector(w),
      };
      const existing = spreadConstraints(w).length;
      ctx.report({
        object: w.object,
        path: w.podSpecPath,
        messageId: "missing",
        data: { workload: describeWorkload(w), replicas: plural(range.max, "replica"), zones: zones.length, names: zones.join(", ") },
        mechanism: `Nothing forces the ${plural(range.max, "replica")} apart across ${zones.join(", ")}: the scheduler may put them in one zone (e.g. where capacity was free), and that zone's outage then stops the service instead of a ${Math.ceil(100 / zones.length)}% share of it.`,
        fix: `Add a topologySpreadConstraint over ${ZONE_KEY} with maxSkew 1${honor ? ", whenUnsatisfiable DoNotSchedule and nodeTaintsPolicy Honor (so a dead zone's tainted nodes do not strand replacements)" : " and whenUnsatisfiable ScheduleAnyway"}.`,
        edits: [{ op: "set", path: [...w.podSpecPath, "topologySpreadConstraints", existing], value: constraint }],
      });
    }
  },
});
