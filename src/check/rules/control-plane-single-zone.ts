/** Every control-plane node in one zone while the cluster's workers span several. @module */
import { defineRule, plural } from "../rule.js";
import { clusterPath } from "../view/fleet.js";

export default defineRule({
  id: "control-plane-single-zone",
  title: "All control-plane nodes sit in one zone of a multi-zone cluster",
  category: "control-plane",
  severity: "warning",
  rationale:
    "A cluster spread over zones is meant to survive losing one. When every API server and etcd member (and so the API " +
    "endpoint's VIP holders) sits in the same zone, losing that zone takes the control plane with it: the workers in the " +
    "other zones keep running their pods, but nothing is rescheduled, scaled or repaired until the zone returns. The seeds " +
    "place one control-plane node per zone.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    oneZone: "cluster {{cluster}} spans {{count}} {{level}}s ({{domains}}), but its {{cp}}{{etcd}} are all in {{domain}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const c of fleet.clusters) {
      const cp = c.controlPlane;
      if (cp.managed || cp.nodes.length < 2) continue; // one node: etcd-too-few-members
      const workers = c.nodes.filter((n) => n.role !== "control-plane");
      // Sites first: a whole-site loss is the bigger event.
      for (const level of ["site", "zone"] as const) {
        const of = (x: { zone: string; site: string }) => (level === "site" ? x.site : x.zone);
        const domains = [...new Set([...c.nodes.map(of), ...workers.map(of)])];
        const cpDomains = new Set([...cp.nodes.map(of), ...cp.etcd.members.map(of)]);
        if (domains.length < 2 || cpDomains.size !== 1) continue;
        const domain = [...cpDomains][0]!;
        const others = domains.filter((d) => d !== domain);
        const external = cp.etcd.topology === "external";
        ctx.report({
          subject: { kind: "Cluster", name: c.name },
          path: [...clusterPath(fleet, c.name), "controlPlane", "nodes"],
          messageId: "oneZone",
          data: {
            cluster: c.name,
            count: domains.length,
            level,
            domains: domains.join(", "),
            cp: plural(cp.nodes.length, "control-plane node"),
            etcd: external ? ` and ${plural(cp.etcd.members.length, "etcd member")}` : "",
            domain,
          },
          mechanism:
            `Losing ${level} ${domain} takes every API server and the etcd quorum at once: the workers in ${others.join(", ")} keep their pods running, but they cannot renew node leases, ` +
            "no failed pod is replaced, no HPA scales and no rollout proceeds — the surviving capacity cannot take over the lost one's work until the control plane returns.",
          fix: `Place one control-plane node${external ? " and one etcd member" : ""} in each of 3 ${level}s (${domains.slice(0, 3).join(", ")}${domains.length < 3 ? " and a third for the tie-breaker" : ""}), so a ${level} loss leaves a majority.`,
        });
        break;
      }
    }
  },
});
