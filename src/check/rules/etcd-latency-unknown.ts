/** etcd members in sites whose round-trip time the fleet does not state. @module */
import { defineRule } from "../rule.js";
import { etcdMemberPairs } from "../view/etcd-latency.js";
import { clusterPath } from "../view/fleet.js";

export default defineRule({
  id: "etcd-latency-unknown",
  title: "The RTT between etcd members is not known",
  category: "control-plane",
  severity: "warning",
  rationale:
    "etcd needs < 10 ms between its members (seed 000). When members sit in sites without a declared latency link, " +
    "hactl cannot tell a metro pair (2 ms) from a WAN (30 ms): the most important number of a stretched control plane " +
    "is missing, and the etcd-latency rule cannot judge it.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    unknown: "cluster {{cluster}} has etcd members in {{pairs}} with no RTT given: measure it and add it to spec.latency.links",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      if (c.controlPlane.etcd.topology === "managed") continue;
      const unknown = etcdMemberPairs(fleet, c).filter((p) => p.rtt.origin === "unknown");
      if (unknown.length === 0) continue;
      const sitePairs = [...new Set(unknown.map((p) => [p.a.site, p.b.site].sort().join(" ↔ ")))].sort();
      const [a, b] = sitePairs[0]!.split(" ↔ ");
      const hasLinks = fleet.document.spec.latency.links !== undefined;
      ctx.report({
        subject: { kind: "Cluster", name: c.name },
        path: hasLinks ? ["spec", "latency", "links"] : [...clusterPath(fleet, c.name), "controlPlane"],
        messageId: "unknown",
        data: { cluster: c.name, pairs: sitePairs.join(", ") },
        mechanism:
          "Every etcd write waits for a majority, so the RTT between members bounds the API's write latency and decides whether heartbeats (100 ms) stay within the election timeout (1 s). " +
          "Above 10 ms leaders churn and the API stalls; without the number hactl treats the link as unknown and cannot say whether this control plane is stable.",
        fix: `Measure the RTT (e.g. ping or etcdctl check perf between the hosts) and add it: spec.latency.links: [{ between: [${a}, ${b}], rtt: <measured> }].`,
      });
    }
  },
});
