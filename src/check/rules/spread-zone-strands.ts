/** DoNotSchedule zone spread whose replacements stay Pending after a zone loss. @module */
import { describeWorkload } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { spreadConstraints, spreadDomains } from "../view/scheduling.js";
import { isZoneKey } from "../view/topology.js";

export default defineRule({
  id: "spread-zone-strands",
  title: "Zone spread strands replacement pods after a zone loss",
  category: "topology",
  severity: "critical",
  rationale:
    "A dead zone's nodes still exist (NotReady, tainted). With whenUnsatisfiable DoNotSchedule and the default " +
    "nodeTaintsPolicy Ignore they remain eligible domains with 0 matching pods, so the global minimum is 0 and the " +
    "surviving zones accept only maxSkew pods each: the replacements for the lost zone's pods stay Pending for as " +
    "long as the outage lasts (kubernetes/kubernetes #123019, #107464).",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    strands: "After losing zone {{zone}}, {{pending}} of {{workload}} {{verb}} Pending: zone spread maxSkew {{skew}} (DoNotSchedule) still counts the dead zone with 0 pods",
  },
  check(ctx) {
    if (!ctx.topology.known) return;
    for (const w of ctx.index.workloads) {
      const range = ctx.index.replicaRange(w);
      if (!range || range.max < 2) continue;
      for (const c of spreadConstraints(w)) {
        if (!isZoneKey(c.topologyKey) || c.whenUnsatisfiable !== "DoNotSchedule" || c.nodeTaintsPolicy === "Honor") continue;
        const domains = [...spreadDomains(ctx.topology, w, c).keys()];
        if (domains.length < 2) continue;
        // Before the outage the constraint keeps zones within maxSkew; the even spread is what it converges to.
        const r = range.max;
        const counts = domains.map((_, i) => Math.floor(r / domains.length) + (i < r % domains.length ? 1 : 0));
        const lost = counts[0]!;
        // The dead zone stays a domain with 0 pods: a surviving zone may reach at most maxSkew pods.
        const room = counts.slice(1).reduce((s, n) => s + Math.max(0, c.maxSkew - n), 0);
        const pending = lost - room;
        if (pending <= 0) continue;
        const honor = ctx.kubernetesMinor === undefined || ctx.kubernetesMinor >= 26;
        ctx.report({
          object: w.object,
          path: [...c.path, "whenUnsatisfiable"],
          messageId: "strands",
          data: { zone: domains[0]!, pending: `${pending} of ${plural(lost, "replacement pod")}`, verb: pending === 1 ? "stays" : "stay", workload: describeWorkload(w), skew: c.maxSkew },
          mechanism:
            `${r} replicas spread over ${domains.join(", ")} (${counts.join("/")}). When ${domains[0]} fails, its ${plural(lost, "pod")} are replaced, but the zone's nodes still count as a domain with 0 pods, ` +
            `so each surviving zone may hold at most ${c.maxSkew} pod${c.maxSkew === 1 ? "" : "s"}: room for ${room}, and ${pending} stay Pending until the zone returns — the service runs at ${r - pending}/${r} capacity for the whole outage.`,
          fix: honor
            ? "Set nodeTaintsPolicy: Honor on the constraint (the dead zone's nodes carry untolerated NoSchedule taints and stop counting), or use whenUnsatisfiable: ScheduleAnyway."
            : "Use whenUnsatisfiable: ScheduleAnyway (nodeTaintsPolicy needs Kubernetes 1.26 or later).",
          edits: [honor ? { op: "set", path: [...c.path, "nodeTaintsPolicy"], value: "Honor" } : { op: "set", path: [...c.path, "whenUnsatisfiable"], value: "ScheduleAnyway" }],
        });
      }
    }
  },
});
