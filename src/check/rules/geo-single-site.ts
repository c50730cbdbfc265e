/** Geo-redundancy required, but the fleet — or a workload — lives in one site. @module */
import { objectRef } from "../../k8s/object.js";
import { defineRule } from "../rule.js";
import { clusterTopology } from "../view/topology.js";
import type { Workload } from "../view/index.js";
import { clusterIndex, isEdgeCluster } from "../view/fleet.js";

const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Rollout"]);

export default defineRule({
  id: "geo-single-site",
  title: "Geo-redundancy is required, but everything (or a workload) runs in one site",
  category: "multi-cluster",
  severity: "critical",
  rationale:
    "Geo-redundancy means surviving the loss of a whole site — power, network, fire. That takes a second site that " +
    "can run every service: clusters there (active-passive or active-active), or a stretched cluster whose workloads " +
    "may run on both sides. A fleet in one site, or a workload confined to one site by its placement or node " +
    "selection, goes down with it.",
  appliesTo: ["Fleet", "Deployment", "StatefulSet", "DaemonSet"],
  scope: "fleet",
  messages: {
    fleet: "geo-redundancy is required but every cluster runs in one site ({{site}})",
    workload: "geo-redundancy is required, but {{workload}} can only run in site {{site}} ({{where}})",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet || fleet.objectives.geoRedundancy !== "required") return;
    // Edge clusters are autonomous by design and not where site redundancy comes from.
    const core = fleet.clusters.filter((c) => !isEdgeCluster(fleet, c));
    const coreSites = new Set(core.flatMap((c) => c.sites));
    if (coreSites.size < 2) {
      ctx.report({
        subject: { kind: "Fleet", name: fleet.name },
        path: ["spec", "objectives", "geoRedundancy"],
        messageId: "fleet",
        data: { site: [...coreSites][0] ?? "none" },
        mechanism: "Losing that site (power, network, fire, a regional cloud outage) takes down every service at once; nothing elsewhere can take over.",
        fix: "Add a second site with its own cluster (active-passive or active-active, seed 000 case 4) and replicate data to it, or relax geoRedundancy.",
      });
      return;
    }
    // Per workload: the sites its pods may run in, over every core cluster that runs it (and the standbys of its placement).
    const sitesOf = new Map<string, { w: Workload; sites: Set<string>; clusters: Set<string> }>();
    for (const c of core) {
      const index = clusterIndex(c);
      const topo = clusterTopology(c);
      for (const w of index.workloads) {
        if (!LONG_RUNNING.has(w.kind) || index.replicaRange(w)?.max === 0) continue;
        const key = `${w.kind}/${w.namespace}/${w.name}`;
        let e = sitesOf.get(key);
        if (!e) sitesOf.set(key, (e = { w, sites: new Set(), clusters: new Set() }));
        e.clusters.add(c.name);
        for (const n of topo.eligible(w.template.spec)) e.sites.add(n.site);
      }
    }
    for (const p of fleet.placement) {
      for (const ref of p.selected) {
        const e = sitesOf.get(ref);
        if (!e) continue;
        // A standby (even a cold one, deployed on failover) is where the workload goes when its site is lost.
        for (const cn of p.clusters) for (const s of fleet.cluster(cn)?.sites ?? []) e.sites.add(s);
      }
    }
    for (const { w, sites, clusters } of sitesOf.values()) {
      if (sites.size !== 1) continue;
      const site = [...sites][0]!;
      ctx.report({
        object: w.object,
        path: [],
        messageId: "workload",
        data: { workload: `${w.kind} ${w.namespace}/${w.name}`, site, where: `cluster${clusters.size === 1 ? "" : "s"} ${[...clusters].join(", ")}` },
        mechanism: `${objectRef(w.object)} has no cluster, placement or eligible node outside ${site}: when ${site} is lost, this workload is down until the site returns, although the fleet has other sites.`,
        fix: "Run it in a cluster of another site too (a placement over clusters in two sites, or the manifest in the other cluster's workloads), or widen its node selection in a stretched cluster so replicas may run in both sites.",
      });
    }
  },
});
