/** A fleet in one site, without geo-redundancy: what losing that site costs, in numbers. @module */
import { defineRule, plural } from "../rule.js";
import { backupWorstAgeMs, clusterIndex, duration, isEdgeCluster } from "../view/fleet.js";
import { dataItems } from "../view/recovery.js";

const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Rollout"]);

export default defineRule({
  id: "site-loss-exposure",
  title: "Everything runs in one site: what a site loss costs",
  category: "multi-cluster",
  severity: "info",
  rationale:
    "A single site is a legitimate design (seed 000, cases 1 and 2: 'start simple') when the objectives do not ask " +
    "for geo-redundancy, but its one exposure is the site itself: power, network, fire. This finding states what " +
    "that loss would cost — every service down until the site returns, and the data recoverable only from copies " +
    "and backups kept elsewhere, with their age — so the trade-off is made knowingly.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    exposure: "the fleet runs in one site ({{site}}; geo-redundancy {{geo}}): losing it stops {{services}} until it returns, and {{data}}",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet || fleet.objectives.geoRedundancy === "required") return; // geo-single-site
    const core = fleet.clusters.filter((c) => !isEdgeCluster(fleet, c));
    const sites = [...new Set(core.flatMap((c) => c.sites))];
    if (sites.length !== 1) return;
    const site = sites[0]!;
    const workloads = core.reduce((n, c) => n + clusterIndex(c).workloads.filter((w) => LONG_RUNNING.has(w.kind)).length, 0);
    // What survives the site: copies elsewhere, else the newest backup stored elsewhere.
    const parts: string[] = [];
    let restoreMs = 0;
    for (const item of dataItems(fleet, "site")) {
      if (!core.some((c) => c.name === item.cluster)) continue;
      const label = item.kind === "data service" ? item.name : item.name.replace(/^\w+ /, "");
      if (item.copy && Number.isFinite(item.copy.lagMs)) {
        parts.push(`${label} keeps a copy elsewhere (lag ${duration(item.copy.lagMs)})`);
        continue;
      }
      const away = item.backups.filter((b) => b.site !== site).sort((a, b) => backupWorstAgeMs(a) - backupWorstAgeMs(b));
      if (away.length === 0) {
        parts.push(`${label} has no copy or backup outside ${site}`);
        continue;
      }
      restoreMs = Math.max(restoreMs, away[0]!.restoreMs);
      parts.push(`${label} loses up to ${duration(backupWorstAgeMs(away[0]!))} (${away[0]!.name})`);
    }
    const data = parts.length === 0 ? "no stateful data is declared" : `of its data ${parts.join(", ")}${restoreMs > 0 ? `; restoring elsewhere takes at least ${duration(restoreMs)} plus building a cluster` : ""}`;
    const si = fleet.document.spec.sites.findIndex((s) => s.name === site);
    ctx.report({
      subject: { kind: "Site", name: site },
      path: ["spec", "sites", si < 0 ? 0 : si],
      messageId: "exposure",
      data: { site, geo: fleet.objectives.geoRedundancy, services: `all ${plural(workloads, "workload")} in ${plural(core.length, "cluster")}`, data },
      mechanism:
        `Zones, replicas and control-plane redundancy inside ${site} protect against node and zone failures, not against losing the site: power, the uplink, cooling or a fire take every cluster at once. ` +
        "Recovery is then a rebuild elsewhere from backups — with the data loss above — or waiting for the site.",
      fix: `Accept it knowingly (geoRedundancy: none says so), keep backups outside ${site} (they are the only way back) and rehearse the rebuild; or add a second site (active-passive or active-active) when the business needs to survive a site loss.`,
    });
  },
});
