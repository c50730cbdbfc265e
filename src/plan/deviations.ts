/**
 * Where a described fleet departs from the recommended architecture or cannot meet its objectives
 * at the architecture level: stretched etcd over high RTT, no witness, async replicas under RPO 0,
 * one site under required geo-redundancy, cold standbys under short RTOs, data outside its residency.
 * Component-level problems are `hactl check`'s job.
 * @module
 */
import { ARCHITECTURES, ETCD_MAX_RTT_MS } from "../catalog/architectures.js";
import { claimsOf } from "../k8s/claims.js";
import type { Fleet } from "../model/fleet.js";
import { formatDuration } from "../model/units.js";
import { isEdgeCluster } from "./classify.js";
import { formatRtt } from "./recommend.js";
import type { Alternative, Decision, Described, Deviation, PlanInputs } from "./types.js";

export function findDeviations(fleet: Fleet, inputs: PlanInputs, recommended: Decision, alternatives: Alternative[], described: Described): Deviation[] {
  const out: Deviation[] = [];
  // Default objectives come from the inputs so that what-if overrides (`plan --rpo 0`) apply.
  const obj = { ...fleet.objectives, rtoMs: inputs.rtoMs, rpoMs: inputs.rpoMs, budget: inputs.budget, geoRedundancy: inputs.geoRedundancy };
  const objectiveFor = (name: string) => serviceObjective(fleet, name, obj);
  const siteSurvival = recommended.mustSurvive === "site";

  // The architecture itself.
  if (described.architecture !== "none" && described.architecture !== recommended.architecture && described.architecture !== recommended.core) {
    const alt = alternatives.find((a) => a.architecture === described.architecture);
    const severity = alt?.verdict === "ruled-out" ? "critical" : alt?.verdict === "not-recommended" ? "warning" : "info";
    out.push({
      severity,
      code: "architecture-mismatch",
      message: `the fleet is a ${described.title.toLowerCase()}, but the objectives call for a ${recommended.title.toLowerCase()}${alt ? ` (${alt.verdict}: ${alt.reason})` : ""}`,
      mechanism: recommended.reasons.join(" "),
      fix: `move towards: ${recommended.essentials.join("; ")}`,
    });
  }
  if (described.architecture !== "none" && described.architecture !== "hybrid-edge") {
    const p = ARCHITECTURES[described.architecture];
    if (p.rto.minMs > obj.rtoMs) {
      out.push({
        severity: "warning",
        code: "architecture-rto",
        message: `a ${p.title.toLowerCase()} recovers in ${p.rto.text}; the objective is RTO ${formatDuration(obj.rtoMs)}`,
        mechanism: "the seeds' matrix gives each architecture a recovery time for the loss of its largest failure domain",
        fix: `choose an architecture with a shorter RTO (${recommended.title}: ${recommended.expectedRto.text}) or relax the objective`,
        path: "spec.objectives.rto",
      });
    }
  }

  // One site under required geo-redundancy.
  const coreSites = new Set(fleet.clusters.filter((c) => !isEdgeCluster(fleet, c)).flatMap((c) => c.sites));
  if (obj.geoRedundancy === "required" && coreSites.size < 2) {
    out.push({
      severity: "critical",
      code: "geo-single-site",
      message: `geo-redundancy is required but every cluster runs in ${coreSites.size === 1 ? `one site (${[...coreSites][0]})` : "no site"}`,
      mechanism: "losing that site (power, network, fire) takes down every service; only a second site survives it",
      fix: "add a second site with its own cluster (active-passive or active-active) and replicate data to it",
      path: "spec.sites",
    });
  }

  // Stretched etcd: RTT and witness.
  for (const c of fleet.clusters) {
    const members = c.controlPlane.etcd.members;
    const sites = [...new Set(members.map((m) => m.site))];
    if (sites.length < 2) continue;
    let worst = { a: "", b: "", ms: 0, unknown: false };
    for (let i = 0; i < sites.length; i++) {
      for (let j = i + 1; j < sites.length; j++) {
        const r = fleet.rtt(sites[i]!, sites[j]!);
        if (r.origin === "unknown") worst = { a: sites[i]!, b: sites[j]!, ms: Infinity, unknown: true };
        else if (r.ms > worst.ms && !worst.unknown) worst = { a: sites[i]!, b: sites[j]!, ms: r.ms, unknown: false };
      }
    }
    if (worst.unknown || worst.ms >= ETCD_MAX_RTT_MS) {
      out.push({
        severity: worst.unknown ? "warning" : "critical",
        code: "stretched-etcd-latency",
        message: worst.unknown
          ? `cluster ${c.name} stretches etcd between ${worst.a} and ${worst.b}, whose RTT is not given`
          : `cluster ${c.name} stretches etcd across ${formatRtt(worst.ms)} (${worst.a} ↔ ${worst.b}); the limit is < ${ETCD_MAX_RTT_MS} ms`,
        mechanism: "every etcd write waits for a quorum round trip; at ≥ 10 ms heartbeats (100 ms) and elections become unstable, leaders churn and the API server stalls (split-brain risk)",
        fix: worst.unknown ? `measure the RTT and add it to spec.latency.links` : "run one cluster per site (multi-cluster) and replicate data between them",
        path: "spec.latency",
      });
    }
    const quorum = Math.floor(members.length / 2) + 1;
    const bySite = new Map<string, number>();
    for (const m of members) bySite.set(m.site, (bySite.get(m.site) ?? 0) + 1);
    const breaking = [...bySite.entries()].filter(([, n]) => members.length - n < quorum);
    if (breaking.length > 0) {
      out.push({
        severity: "critical",
        code: "stretched-no-witness",
        message: `cluster ${c.name} spreads ${members.length} etcd members as ${[...bySite.entries()].map(([s, n]) => `${n} in ${s}`).join(", ")}: losing ${breaking.map(([s]) => s).join(" or ")} leaves fewer than ${quorum} (quorum)`,
        mechanism: "without quorum etcd refuses writes, so the API is read-only and nothing is rescheduled anywhere in the cluster — the surviving site cannot take over",
        fix: sites.length === 2 ? "add a witness etcd member in a third site (2+2+1)" : "rebalance members so that no site holds a quorum-breaking share",
      });
    }
  }

  // RPO 0 with async replication.
  for (const d of fleet.dataServices) {
    const rpo = objectiveFor(d.name).rpoMs;
    if (rpo !== 0) continue;
    const sync = d.replicas.filter((r) => r.mode === "sync");
    const async = d.replicas.filter((r) => r.mode === "async");
    const primarySite = d.primary.site ?? fleet.cluster(d.primary.cluster)?.sites[0];
    const syncOtherSite = sync.some((r) => (r.site ?? fleet.cluster(r.cluster)?.sites[0]) !== primarySite);
    if (sync.length === 0 && async.length > 0) {
      const r = async[0]!;
      out.push({
        severity: "critical",
        code: "rpo-async-replica",
        message: `objective RPO 0 for ${d.name}, but its replica in ${r.cluster} is async (lag ${formatDuration(r.lagMs)})`,
        mechanism: "an async replica confirms commits before it has them; promoting it after the primary is lost drops the last lag's worth of writes",
        fix: "add a synchronous replica (e.g. Patroni synchronous_mode, MongoDB w: majority) or accept an RPO of the lag",
        path: "spec.dataServices",
      });
    } else if (sync.length === 0) {
      out.push({
        severity: "critical",
        code: "rpo-no-replica",
        message: `objective RPO 0 for ${d.name}, but it has no replica`,
        mechanism: "when its only copy is lost, data since the last backup is gone",
        fix: "add a synchronous replica in another failure domain",
        path: "spec.dataServices",
      });
    } else if (siteSurvival && !syncOtherSite && async.length > 0) {
      out.push({
        severity: "warning",
        code: "rpo-async-across-sites",
        message: `objective RPO 0 for ${d.name} holds within ${primarySite}, but the copy in another site is async (lag ${formatDuration(async[0]!.lagMs)})`,
        mechanism: "after a site loss only the async replica survives: the last lag's worth of writes is lost",
        fix: "synchronous replication across sites needs < 10 ms RTT; otherwise accept an RPO of the lag for site loss",
        path: "spec.dataServices",
      });
    }
  }
  if (obj.rpoMs === 0) {
    // StatefulSets of data services that replicate synchronously themselves do not depend on the
    // storage layer for RPO 0 (Patroni synchronous standby, Kafka acks=all, Galera).
    const appReplicated = new Set(
      fleet.dataServices.filter((d) => d.spec.workload && d.replicas.some((r) => r.mode === "sync")).map((d) => d.spec.workload!.name),
    );
    for (const c of fleet.clusters) {
      const claims = claimsOf(c.objects).filter((cl) => !(cl.owner.kind === "StatefulSet" && appReplicated.has(cl.owner.metadata.name)));
      for (const s of c.storage) {
        if (s.replication === "sync") continue;
        const users = [...new Set(claims.filter((cl) => cl.storageClass !== undefined && s.storageClasses.includes(cl.storageClass)).map((cl) => `${cl.owner.kind} ${cl.owner.metadata.namespace}/${cl.owner.metadata.name}`))];
        if (users.length === 0) continue;
        out.push({
          severity: s.replication === "none" && s.provider === "local" ? "critical" : "warning",
          code: "rpo-storage-replication",
          message: `objective RPO 0, but storage backend ${s.name} in ${c.name} replicates ${s.replication === "none" ? "not at all" : `asynchronously${s.replicationLagMs ? ` (lag ${formatDuration(s.replicationLagMs)})` : ""}`} and holds the volumes of ${users.slice(0, 3).join(", ")}${users.length > 3 ? ` and ${users.length - 3} more` : ""}`,
          mechanism: "volumes on it lose the writes not yet copied when the node or zone holding them fails",
          fix: "use synchronous replication (Rook-Ceph replicated pools, Longhorn replicas) or keep RPO-0 data in a synchronously replicated database",
        });
      }
    }
  }

  // Active-passive standbys against the RTO.
  for (const p of fleet.placement) {
    if (p.mode !== "active-passive") continue;
    const detection = Math.min(...fleet.traffic.hostnames.map((h) => h.detectionMs + h.ttlMs + fleet.traffic.resolverCacheMs), Infinity);
    const total = p.promotionMs + (Number.isFinite(detection) ? detection : 0);
    const rto = Math.min(obj.rtoMs, ...p.selected.map((ref) => objectiveFor(ref.split("/").pop()!).rtoMs));
    if (total > rto) {
      out.push({
        severity: "critical",
        code: "standby-too-slow",
        message: `placement ${p.name}: a ${p.standby} standby with ${p.failover} failover takes ≈ ${formatDuration(total)} (promotion ${formatDuration(p.promotionMs)}${Number.isFinite(detection) ? ` + DNS detection and TTL ${formatDuration(detection)}` : ""}); the objective is RTO ${formatDuration(rto)}`,
        mechanism: "a standby serves only after failure detection, promotion (scale-up, restore, data promotion) and DNS caches expiring",
        fix: p.standby === "cold" ? "keep the standby warm or hot (running from GitOps), or go active-active" : p.failover === "manual" ? "automate the failover (GSLB health checks + promotion)" : "go active-active so no promotion is needed",
        path: "spec.placement",
      });
    }
  }

  // Multi-cluster without traffic steering.
  const core = fleet.clusters.filter((c) => !isEdgeCluster(fleet, c));
  if (core.length >= 2 && fleet.traffic.hostnames.length === 0) {
    out.push({
      severity: "warning",
      code: "multi-cluster-no-traffic",
      message: `${core.length} clusters but no traffic host names: nothing moves clients to a healthy cluster`,
      mechanism: "failover needs two things (seed 001): detecting that a cluster is unhealthy and redirecting traffic; without a GSLB clients keep resolving the failed cluster",
      fix: "declare spec.traffic.hostnames with a target per cluster and a health check (served by hactl gslb or an external GSLB)",
      path: "spec.traffic",
    });
  }

  // Data residency.
  if (obj.dataResidency) {
    const allowed = new Set(obj.dataResidency);
    const used = new Set([...fleet.clusters.flatMap((c) => c.sites), ...fleet.backups.map((b) => b.site)]);
    for (const s of fleet.sites) {
      if (used.has(s.name) && s.jurisdiction !== undefined && !allowed.has(s.jurisdiction)) {
        out.push({
          severity: "critical",
          code: "data-residency",
          message: `site ${s.name} (${s.jurisdiction}) holds clusters or backups, but data must stay in ${obj.dataResidency.join(", ")}`,
          mechanism: "replicas, volumes and backups in that site put data outside the allowed jurisdictions",
          fix: `move the cluster or backup location to a site in ${obj.dataResidency.join(", ")}`,
          path: "spec.objectives.dataResidency",
        });
      }
    }
  }

  // Budget.
  if (described.architecture !== "none") {
    const p = ARCHITECTURES[described.architecture];
    const budgetMax = { low: 1.5, medium: 2, high: Infinity }[obj.budget];
    if (p.cost.min > budgetMax) {
      out.push({
        severity: "info",
        code: "architecture-budget",
        message: `a ${p.title.toLowerCase()} costs ${p.cost.text}; the budget is ${obj.budget}`,
        mechanism: "the seeds' matrix: relative cost against a single cluster",
        fix: "raise the budget in spec.objectives, or choose a cheaper architecture that still meets the objectives",
        path: "spec.objectives.budget",
      });
    }
  }

  const order = { critical: 0, warning: 1, info: 2 };
  return out.sort((a, b) => order[a.severity] - order[b.severity]);
}

/** The objective for a named service, or the defaults. */
export function serviceObjective(fleet: Fleet, name: string, defaults: { rtoMs: number; rpoMs: number } = fleet.objectives): { rtoMs: number; rpoMs: number } {
  const s = fleet.objectives.services.find((x) => x.name === name);
  return s ? { rtoMs: s.rtoMs, rpoMs: s.rpoMs } : { rtoMs: defaults.rtoMs, rpoMs: defaults.rpoMs };
}
