/** One zone or site holding so many etcd members that losing it loses the quorum. @module */
import type { EtcdMember } from "../../model/fleet.js";
import { defineRule } from "../rule.js";
import { clusterPath } from "../view/fleet.js";

export default defineRule({
  id: "etcd-quorum-domain",
  title: "Losing one zone or site takes etcd below its quorum",
  category: "control-plane",
  severity: "critical",
  rationale:
    "etcd members are spread over zones or sites so that the control plane survives losing one. That only works when " +
    "every domain holds fewer members than would break the majority: 2+1 over two zones or 2+2 over two sites lose the " +
    "quorum with the larger (or either) side, and the surviving side cannot take over. The seeds' stretched design is " +
    "2+2 plus a witness member in a third site.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    domain:
      "cluster {{cluster}} spreads {{n}} etcd members over {{count}} {{level}}s as {{spread}}: losing {{breaking}} leaves fewer than {{quorum}} (the quorum)",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const members = c.controlPlane.etcd.members;
      if (c.controlPlane.etcd.topology === "managed" || members.length < 2) continue;
      const quorum = Math.floor(members.length / 2) + 1;
      // Site level first (a site loss is the bigger event); zone level only when sites are fine.
      for (const level of ["site", "zone"] as const) {
        const counts = countBy(members, (m) => (level === "site" ? m.site : m.zone));
        if (counts.size < 2) continue; // all in one domain: control-plane-single-zone / geo rules
        const breaking = [...counts.entries()].filter(([, k]) => members.length - k < quorum);
        if (breaking.length === 0) continue;
        const spread = [...counts.entries()].map(([d, k]) => `${k} in ${d}`).join(", ");
        const survivors = breaking.map(([d, k]) => `${members.length - k} without ${d}`).join(", ");
        const witness = level === "site" && counts.size === 2;
        const cp = [...clusterPath(fleet, c.name), "controlPlane"];
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path: c.controlPlane.etcd.topology === "external" || c.spec.controlPlane.etcd.members ? [...cp, "etcd", "members"] : [...cp, "nodes"],
          messageId: "domain",
          data: { cluster: c.name, n: members.length, count: counts.size, level, spread, breaking: breaking.map(([d]) => d).join(" or "), quorum },
          mechanism:
            `A majority of ${members.length} is ${quorum}; the members left are ${survivors}. Without quorum etcd refuses writes, so the API is read-only: ` +
            `nothing is rescheduled anywhere in the cluster and the surviving ${level} cannot take over the failed one's work.`,
          fix: witness
            ? `Add a witness etcd member in a third site (2+2+1; it needs no workers, only < 10 ms RTT to both sites), or run one cluster per site.`
            : `Rebalance the members so that no ${level} holds ${members.length - quorum + 1} or more of ${members.length} (one per ${level} for 3, 2-2-1 for 5), adding a ${level} if needed.`,
        });
        break;
      }
    }
  },
});

function countBy(members: readonly EtcdMember[], key: (m: EtcdMember) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of members) out.set(key(m), (out.get(key(m)) ?? 0) + 1);
  return out;
}
