/** An even etcd member count adds no fault tolerance; more than 7 members slow every write. @module */
import { defineRule } from "../rule.js";
import { clusterPath } from "../view/fleet.js";

export default defineRule({
  id: "etcd-member-count",
  title: "etcd runs an even number of members, or more than 7",
  category: "control-plane",
  severity: "warning",
  rationale:
    "A majority of 4 is 3, so 4 members tolerate 1 failure — like 3 — while one more member can fail and every write " +
    "waits for one more acknowledgement; split 2+2 over two zones or sites, either side's loss stops the API. The etcd " +
    "FAQ advises no more than 7 members: each write is replicated to every member, so larger clusters only get slower.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    even: "cluster {{cluster}} runs {{n}} etcd members: a majority needs {{quorum}}, so it tolerates {{tolerates}} failure(s) — no more than {{odd}} members",
    tooMany: "cluster {{cluster}} runs {{n}} etcd members: more than the 7 etcd recommends; every write waits for {{quorum}} acknowledgements",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const cp = c.controlPlane;
      if (cp.etcd.topology !== "stacked" && cp.etcd.topology !== "external") continue;
      const n = cp.etcd.members.length;
      if (n < 4) continue; // fewer than 3 is etcd-too-few-members' finding
      const quorum = Math.floor(n / 2) + 1;
      const tolerates = n - quorum;
      const at = [...clusterPath(fleet, c.name), "controlPlane"];
      const path = cp.etcd.topology === "external" || c.spec.controlPlane.etcd.members ? [...at, "etcd", "members"] : [...at, "nodes"];
      if (n > 7) {
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path,
          messageId: "tooMany",
          data: { cluster: c.name, n, quorum },
          mechanism:
            `Raft replicates every write to all ${n} members and commits it once ${quorum} have it on disk: commit latency follows the ${quorum}th-slowest member and the leader's network and disk load grow with each member. ` +
            `${n} members tolerate ${tolerates} failures; 7 already tolerate 3, more than any control plane needs.`,
          fix: "Run 5 (tolerates 2) or 7 (tolerates 3) members; spread them over 3 zones or sites (2-2-1 or 3-2-2).",
        });
      } else if (n % 2 === 0) {
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path,
          messageId: "even",
          data: { cluster: c.name, n, quorum, tolerates, odd: n - 1 },
          mechanism:
            `With ${n} members ${quorum} must agree: losing ${tolerates + 1} stops the API exactly as with ${n - 1} members, and an even split over two failure domains (${n / 2}+${n / 2}) loses the majority when either domain fails.`,
          fix: `Run ${n - 1} or ${n + 1} members; with two sites or zones, put the extra (witness) member in a third one.`,
        });
      }
    }
  },
});
