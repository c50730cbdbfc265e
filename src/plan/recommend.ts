/**
 * The seeds' decision tree (seed 000 "Quick Decision Tree" and "Entscheidungsmatrix"), refined by
 * the objectives: edge/hybrid → case 5; must survive a site → stretched only when forced (RPO 0 and
 * RTT < 10 ms) else multi-cluster (variant by RTO); provider zones → multi-zone; else single cluster.
 * @module
 */
import { ARCHITECTURES, ETCD_MAX_RTT_MS, type ArchitectureId, type ArchitectureProfile } from "../catalog/architectures.js";
import { formatDuration } from "../model/units.js";
import type { Alternative, Decision, Fit, PlanInputs } from "./types.js";

const MIN = 60_000;

export function recommend(inputs: PlanInputs): { decision: Decision; alternatives: Alternative[] } {
  const reasons: string[] = [];
  const notes: string[] = [];
  const coreSites = inputs.sites.filter((s) => s.kind !== "edge");
  const edgeSites = inputs.sites.filter((s) => s.kind === "edge");
  const rttFacts = siteRttFacts(inputs);
  const siteSurvival = needsSiteSurvival(inputs, coreSites.length);

  let core: ArchitectureId;
  if (siteSurvival.needed) {
    reasons.push(siteSurvival.reason);
    if (inputs.rpoMs === 0 && rttFacts.allLow && coreSites.length >= 2) {
      core = "stretched";
      reasons.push(
        `RPO 0 across sites needs synchronous replication, and the sites are ${rttFacts.text} apart (< ${ETCD_MAX_RTT_MS} ms): a stretched cluster is forced (seed case 3, "only if forced").`,
      );
      if (coreSites.length < 3) notes.push("a stretched cluster needs a witness in a third site (etcd 2+2+1); only 2 sites are described.");
    } else {
      core = multiClusterVariant(inputs, reasons);
      if (inputs.rpoMs === 0) {
        notes.push(
          rttFacts.allLow
            ? "RPO 0 with independent clusters needs synchronous database replication between the sites."
            : `RPO 0 across sites ${rttFacts.text} apart is not reachable with the seeds' architectures: synchronous replication at that distance adds the RTT to every commit (seed case 4: RPO seconds–minutes).`,
        );
      }
      if (rttFacts.allLow && coreSites.length >= 2) {
        reasons.push(`The sites are ${rttFacts.text} apart, so a stretched cluster would be possible, but the seeds advise it only when forced (RPO 0); independent clusters fail more gracefully.`);
      } else if (coreSites.length >= 2) {
        reasons.push(`The sites are ${rttFacts.text} apart (≥ ${ETCD_MAX_RTT_MS} ms or unknown): one etcd cannot span them, so each site runs its own cluster (seed case 4).`);
      }
    }
    if (coreSites.length < 2) notes.push(`geo-redundancy needs a second site; ${coreSites.length === 1 ? "only one site" : "no site"} is described.`);
  } else {
    if (siteSurvival.reason) reasons.push(siteSurvival.reason);
    if (inputs.providerZones) {
      core = "multi-zone";
      reasons.push("The provider offers availability zones (seed decision tree: 'cloud provider with zones?' → case 2, multi-zone).");
      const maxZones = Math.max(0, ...coreSites.map((s) => s.zones));
      if (maxZones < 3) notes.push(`only ${maxZones} zones in a site: etcd needs 3 zones (1 member each, or 2-2-1) to survive a zone loss.`);
    } else {
      core = "single-cluster";
      reasons.push("One data centre is enough for the objectives and no zones are available: case 1, single cluster (enough for 80% of cases).");
      if (inputs.rtoMs < MIN) {
        notes.push(
          `an RTO of ${formatDuration(inputs.rtoMs)} is below the 1–5 min of a single cluster with default timings; it holds for node failures only with ≥ 2 ready replicas per service (traffic moves in ≈ 1 min) — recovering capacity still takes ≥ 5 min.`,
        );
      }
    }
  }

  let architecture: ArchitectureId = core;
  if (inputs.edge || edgeSites.length > 0) {
    architecture = "hybrid-edge";
    reasons.unshift(
      `${edgeSites.length > 0 ? `Edge sites (${edgeSites.map((s) => s.name).join(", ")})` : "The objectives"} call for edge clusters that keep running offline: case 5, hybrid/edge (K3s, MicroK8s or KubeEdge at the edge, hub-and-spoke management).`,
    );
    reasons.push(`For the core sites, the same tree recommends: ${ARCHITECTURES[core].title}.`);
  }

  const profile = ARCHITECTURES[architecture];
  const coreProfile = ARCHITECTURES[core];
  const fit = fitOf(architecture === "hybrid-edge" ? coreProfile : profile, inputs, notes);
  const decision: Decision = {
    architecture,
    title: profile.title,
    seedCase: profile.seedCase,
    reasons,
    expectedRto: architecture === "hybrid-edge" ? coreProfile.rto : profile.rto,
    expectedRpo: architecture === "hybrid-edge" ? coreProfile.rpo : profile.rpo,
    complexity: profile.complexity,
    cost: architecture === "hybrid-edge" ? `${coreProfile.cost.text} for the core + edge hardware` : profile.cost.text,
    fit,
    essentials: architecture === "hybrid-edge" ? [...profile.essentials, ...coreProfile.essentials] : profile.essentials,
    mustSurvive: siteSurvival.needed ? "site" : core === "multi-zone" ? "zone" : "node",
    core: architecture === "hybrid-edge" ? core : undefined,
  };
  return { decision, alternatives: alternatives(inputs, architecture, core, rttFacts, siteSurvival.needed) };
}

function needsSiteSurvival(inputs: PlanInputs, coreSites: number): { needed: boolean; reason: string } {
  if (inputs.geoRedundancy === "required") return { needed: true, reason: "Geo-redundancy is required: the fleet must survive the loss of a whole site." };
  if (inputs.geoRedundancy === "preferred") {
    if (inputs.budget === "low") return { needed: false, reason: "Geo-redundancy is preferred but the budget is low: a second site (2–3x per cluster) is not affordable, so one site it is." };
    if (coreSites >= 2) return { needed: true, reason: `Geo-redundancy is preferred, the budget is ${inputs.budget} and ${coreSites} sites exist: use them to survive a site loss.` };
    return { needed: false, reason: "Geo-redundancy is preferred but only one site is described." };
  }
  return { needed: false, reason: "" };
}

/** The cheapest multi-cluster variant whose RTO range meets the objective (seed 000, case 4 table). */
function multiClusterVariant(inputs: PlanInputs, reasons: string[]): ArchitectureId {
  const rto = formatDuration(inputs.rtoMs);
  if (inputs.rtoMs >= 15 * MIN) {
    reasons.push(`An RTO of ${rto} allows a person to promote the standby (active-passive, manual failover: RTO 5–15 min), the cheapest geo-redundant option.`);
    return "active-passive-manual";
  }
  if (inputs.rtoMs >= 5 * MIN) {
    reasons.push(`An RTO of ${rto} is below the 5–15 min of a manual failover: promote the standby automatically (active-passive, RTO 1–5 min).`);
    return "active-passive";
  }
  if (inputs.budget === "low") {
    reasons.push(`An RTO of ${rto} needs every cluster serving (active-active, < 1 min); with a low budget the cheapest option is automatic active-passive (RTO 1–5 min), which puts the objective at risk.`);
    return "active-passive";
  }
  reasons.push(`An RTO of ${rto} leaves no time to detect, decide and promote a standby (1–5 min): every cluster must serve (active-active, RTO < 1 min).`);
  return "active-active";
}

function fitOf(p: ArchitectureProfile, inputs: PlanInputs, notes: string[]): Decision["fit"] {
  const rangeFit = (range: { minMs: number; maxMs: number }, objective: number): Fit =>
    range.maxMs <= objective ? "meets" : range.minMs <= objective ? "at-risk" : "misses";
  const budgetMax = { low: 1.5, medium: 2, high: Infinity }[inputs.budget];
  const budget: Fit = p.cost.min > budgetMax ? "misses" : p.cost.max > budgetMax ? "at-risk" : "meets";
  if (budget !== "meets") notes.push(`the architecture costs ${p.cost.text} against a ${inputs.budget} budget.`);
  return { rto: rangeFit(p.rto, inputs.rtoMs), rpo: rangeFit(p.rpo, inputs.rpoMs), budget, notes };
}

interface RttFacts {
  allLow: boolean;
  text: string;
}

function siteRttFacts(inputs: PlanInputs): RttFacts {
  if (inputs.siteRtt.length === 0) return { allLow: false, text: "(no second site)" };
  const unknown = inputs.siteRtt.filter((r) => r.origin === "unknown");
  const max = Math.max(...inputs.siteRtt.map((r) => r.ms));
  const allLow = unknown.length === 0 && max < ETCD_MAX_RTT_MS;
  const text = unknown.length > 0 ? `an unknown RTT (${unknown.map((u) => `${u.a}–${u.b}`).join(", ")})` : `up to ${formatRtt(max)}`;
  return { allLow, text };
}

export function formatRtt(ms: number): string {
  if (!Number.isFinite(ms)) return "unknown";
  return `${Number(ms.toFixed(ms < 1 ? 2 : 1))} ms`;
}

function alternatives(inputs: PlanInputs, chosen: ArchitectureId, core: ArchitectureId, rtt: RttFacts, siteSurvival: boolean): Alternative[] {
  const coreSites = inputs.sites.filter((s) => s.kind !== "edge").length;
  const out: Alternative[] = [];
  for (const p of Object.values(ARCHITECTURES)) {
    let verdict: Alternative["verdict"];
    let reason: string;
    if (p.id === chosen || p.id === core) {
      verdict = "recommended";
      reason = p.id === chosen ? "the decision above" : "recommended for the core sites";
    } else if (p.id === "hybrid-edge") {
      verdict = "ruled-out";
      reason = "no edge sites or edge objective";
    } else if (p.id === "stretched") {
      if (coreSites < 2) [verdict, reason] = ["ruled-out", "needs 2–3 sites"];
      else if (!rtt.allLow) [verdict, reason] = ["ruled-out", `the sites are ${rtt.text} apart; etcd needs < ${ETCD_MAX_RTT_MS} ms between members`];
      else if (inputs.budget !== "high") [verdict, reason] = ["not-recommended", `costs 3–4x and very high complexity; a ${inputs.budget} budget and the seeds' "only if forced"`];
      else [verdict, reason] = ["not-recommended", "possible (RTT < 10 ms) but only if forced; independent clusters fail more gracefully"];
    } else if (siteSurvival && (p.id === "single-cluster" || p.id === "multi-zone")) {
      verdict = "ruled-out";
      reason = "does not survive the loss of a site, which the objectives require";
    } else if (p.id === "multi-zone" && !inputs.providerZones) {
      verdict = "ruled-out";
      reason = "no availability zones in the sites";
    } else {
      const fits = p.rto.maxMs <= inputs.rtoMs && p.rpo.maxMs <= inputs.rpoMs;
      const budgetMax = { low: 1.5, medium: 2, high: Infinity }[inputs.budget];
      if (!fits) {
        verdict = "not-recommended";
        reason = `RTO ${p.rto.text} / RPO ${p.rpo.text} against objectives ${formatDuration(inputs.rtoMs)} / ${formatDuration(inputs.rpoMs)}`;
      } else if (p.cost.min > budgetMax) {
        verdict = "not-recommended";
        reason = `meets the objectives but costs ${p.cost.text} against a ${inputs.budget} budget`;
      } else if (p.survives.includes("site") && !siteSurvival) {
        verdict = "viable";
        reason = `meets the objectives and survives a site loss, at ${p.cost.text} and ${p.complexity} complexity`;
      } else {
        verdict = "viable";
        reason = `meets the objectives at ${p.cost.text}`;
      }
    }
    out.push({ architecture: p.id, title: p.title, verdict, reason });
  }
  const order = { recommended: 0, viable: 1, "not-recommended": 2, "ruled-out": 3 };
  return out.sort((a, b) => order[a.verdict] - order[b.verdict]);
}
