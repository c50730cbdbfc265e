/**
 * `hactl assess`: every engine that applies, composed into one HA scorecard per fleet — the
 * architecture, the objectives met or missed, the worst problems first and what to do about them.
 * Pure: engines in, plain data out.
 * @module
 */
import { ARCHITECTURES } from "../catalog/architectures.js";
import { check, type EngineConfig } from "../check/index.js";
import { prepareDrill, type SweepResult, type WorstRow } from "../drill/index.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { Fleet } from "../model/fleet.js";
import { formatDuration } from "../model/units.js";
import { planFleet } from "../plan/index.js";
import type { PlanResult, Severity } from "../plan/types.js";
import { estimateDataService } from "./data-estimate.js";

export interface ObjectiveRow {
  objective: "RTO" | "RPO" | "budget" | "geo-redundancy";
  /** `fleet` for the defaults, else the service name. */
  scope: string;
  target: string;
  expected: string;
  status: "met" | "at-risk" | "missed";
  /** What the expectation rests on. */
  basis: string;
}

export interface Problem {
  severity: Severity;
  engine: "validate" | "plan" | "check" | "drill";
  code: string;
  message: string;
  mechanism?: string;
  fix?: string;
  /** file:line:column or a field path. */
  location?: string;
}

export interface Scorecard {
  fleet: string;
  file: string;
  summary: { sites: number; zones: number; clusters: number; nodes: number; objects: number };
  architecture: { described: string; describedTitle: string; recommended: string; recommendedTitle: string; matches: boolean };
  objectives: ObjectiveRow[];
  problems: Problem[];
  counts: Record<Severity, number>;
  /** The fixes of the worst problems, in order. */
  actions: string[];
  /** 100 − 20 per critical − 5 per warning − 1 per info (≥ 0). */
  score: number;
  /** A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else F; a critical problem or a missed objective caps it at D. */
  grade: "A" | "B" | "C" | "D" | "F";
  engines: { name: string; findings: number }[];
  plan: PlanResult;
  /** The drill sweep behind the objectives (absent with `drill: false`). */
  drill?: { scenarios: number; missed: number; exposure: WorstRow[]; simplifications: string[] };
}

export interface AssessOptions {
  checkConfig?: EngineConfig;
  /** Run the drill sweep (default true); without it, expectations come from the seeds' matrix. */
  drill?: boolean;
  /** Sweep progress, for a progress bar. */
  progress?: (done: number, total: number) => void;
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Plan deviations that a check rule reports more precisely (per member, replica or backend, with
 * file:line:column). When the rule reported (or the user suppressed it), the deviation is dropped
 * so a problem is counted once.
 */
export const PLAN_COVERED_BY_CHECK: Record<string, readonly string[]> = {
  "stretched-no-witness": ["etcd-quorum-domain"],
  "stretched-etcd-latency": ["etcd-latency", "etcd-latency-unknown"],
  "rpo-async-replica": ["data-async-rpo-zero"],
  "rpo-async-across-sites": ["data-async-rpo-zero"],
  "geo-single-site": ["geo-single-site"],
  "standby-too-slow": ["standby-rto"],
  "rpo-storage-replication": ["storage-async-rpo-zero", "storage-nfs-spof"],
};

export function assessFleet(fleet: Fleet, warnings: readonly Diagnostic[] = [], opts: AssessOptions = {}): Scorecard {
  const plan = planFleet(fleet);
  const described = plan.described!;
  const problems: Problem[] = [];
  for (const w of warnings) {
    if (w.file !== fleet.source.file && !fleet.objects.some((o) => o.source.file === w.file)) continue;
    problems.push({
      severity: "info",
      engine: "validate",
      code: w.code,
      message: w.message,
      fix: w.suggestion,
      location: w.file && w.line ? `${w.file}:${w.line}:${w.column ?? 1}` : w.path,
    });
  }
  // The availability rules of `hactl check` (suppressed findings stay out, as in `hactl check`).
  const checked = check({ fleets: [fleet] }, { config: opts.checkConfig });
  const reported = new Set([...checked.findings, ...checked.suppressed].map((f) => f.ruleId));
  for (const d of plan.deviations) {
    if ((PLAN_COVERED_BY_CHECK[d.code] ?? []).some((rule) => reported.has(rule))) continue;
    problems.push({ severity: d.severity, engine: "plan", code: d.code, message: d.message, mechanism: d.mechanism, fix: d.fix, location: d.path });
  }
  for (const f of checked.findings) {
    problems.push({
      severity: f.severity,
      engine: "check",
      code: f.ruleId,
      message: f.object.cluster ? `${f.message} (cluster ${f.object.cluster})` : f.message,
      mechanism: f.mechanism,
      fix: f.fix.description,
      location: `${f.location.file}:${f.location.line}:${f.location.column}`,
    });
  }
  // Every single failure domain replayed on the twin: the objectives missed, with the change that meets them.
  const sweep = opts.drill === false ? undefined : prepareDrill(fleet, { timeline: false }).sweep({ progress: opts.progress });
  for (const w of sweep?.worstPerService ?? []) {
    if (w.verdict !== "missed") continue;
    problems.push({
      severity: "critical",
      engine: "drill",
      code: "objective-missed",
      message: missedMessage(w),
      mechanism: w.reasons.join("; ") || w.rtoMechanism,
      fix: w.fix ? `${w.fix.change} (drill: ${w.fix.text}${w.fix.meets ? ", meets the objective" : ""})` : undefined,
    });
  }
  problems.sort((a, b) => RANK[a.severity] - RANK[b.severity]);

  // Without services to replay (no workloads yet), the seeds' matrix is all there is to go on.
  const drillRows = sweep ? drillObjectiveRows(sweep) : [];
  const objectives = drillRows.length > 0 ? [...drillRows, ...objectiveRows(fleet, plan).filter((r) => r.objective === "budget" || r.objective === "geo-redundancy")] : objectiveRows(fleet, plan);
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const p of problems) counts[p.severity]++;
  const score = Math.max(0, 100 - 20 * counts.critical - 5 * counts.warning - counts.info);
  let grade: Scorecard["grade"] = score >= 90 ? "A" : score >= 75 ? "B" : score >= 60 ? "C" : score >= 40 ? "D" : "F";
  if ((counts.critical > 0 || objectives.some((o) => o.status === "missed")) && grade < "D") grade = "D";
  const actions = [...new Set(problems.filter((p) => p.fix && p.severity !== "info").map((p) => p.fix!))].slice(0, 5);

  return {
    fleet: fleet.name,
    file: fleet.source.file,
    summary: {
      sites: fleet.sites.length,
      zones: fleet.zones.length,
      clusters: fleet.clusters.length,
      nodes: fleet.clusters.reduce((n, c) => n + c.nodes.length, 0),
      objects: fleet.objects.length,
    },
    architecture: {
      described: described.architecture,
      describedTitle: described.title,
      recommended: plan.recommended.architecture,
      recommendedTitle: plan.recommended.title,
      matches: described.architecture === plan.recommended.architecture || described.architecture === plan.recommended.core,
    },
    objectives,
    problems,
    counts,
    actions,
    score,
    grade,
    drill: sweep
      ? { scenarios: sweep.total, missed: sweep.worstPerService.filter((w) => w.verdict === "missed").length, exposure: sweep.exposure, simplifications: sweep.simplifications }
      : undefined,
    engines: [
      { name: "validate", findings: problems.filter((p) => p.engine === "validate").length },
      { name: "check", findings: checked.findings.length },
      { name: "plan", findings: plan.deviations.length },
      ...(sweep ? [{ name: "drill", findings: problems.filter((p) => p.engine === "drill").length }] : []),
    ],
    plan,
  };
}

function missedMessage(w: WorstRow): string {
  const parts: string[] = [];
  if (w.rtoMs > w.objective.rtoMs) parts.push(`RTO ${formatDuration(w.rtoMs)}${w.rtoScenario ? ` when ${w.rtoScenario}` : ""} (objective ${formatDuration(w.objective.rtoMs)})`);
  if (w.rpoMs > w.objective.rpoMs) parts.push(`RPO ${formatDuration(w.rpoMs)}${w.rpoScenario ? ` when ${w.rpoScenario}` : ""} (objective ${formatDuration(w.objective.rpoMs)})`);
  if (parts.length === 0) parts.push(...w.reasons);
  return `${w.name} misses its objective: ${parts.join("; ")}`;
}

/**
 * Objectives as the drill found them: one row per service with its own objective, and for the services
 * under the default objectives the worst of them (which service, which failure).
 */
function drillObjectiveRows(sweep: SweepResult): ObjectiveRow[] {
  const rows: ObjectiveRow[] = [];
  const basis = `drill sweep: worst case over ${sweep.total} single failures`;
  const row = (objective: "RTO" | "RPO", scope: string, target: number, value: number, scenario: string | undefined, who?: string): ObjectiveRow => ({
    objective,
    scope,
    target: formatDuration(target),
    expected: `${formatDuration(value)}${who ? ` (${who}` : ""}${scenario ? `${who ? ", " : " ("}${scenario})` : who ? ")" : ""}`,
    status: value <= target ? "met" : "missed",
    basis,
  });
  const services = sweep.worstPerService.filter((w) => w.kind !== "control-plane");
  const byDefault = services.filter((w) => w.objective.source === "default");
  if (byDefault.length > 0) {
    const worstRto = byDefault.reduce((a, b) => (b.rtoMs - b.objective.rtoMs > a.rtoMs - a.objective.rtoMs ? b : a));
    const worstRpo = byDefault.reduce((a, b) => (b.rpoMs - b.objective.rpoMs > a.rpoMs - a.objective.rpoMs ? b : a));
    rows.push(row("RTO", "fleet", worstRto.objective.rtoMs, worstRto.rtoMs, worstRto.rtoScenario, worstRto.name));
    rows.push(row("RPO", "fleet", worstRpo.objective.rpoMs, worstRpo.rpoMs, worstRpo.rpoScenario, worstRpo.name));
  }
  for (const w of services.filter((x) => x.objective.source !== "default")) {
    rows.push(row("RTO", w.name, w.objective.rtoMs, w.rtoMs, w.rtoScenario));
    rows.push(row("RPO", w.name, w.objective.rpoMs, w.rpoMs, w.rpoScenario));
  }
  return rows;
}

function objectiveRows(fleet: Fleet, plan: PlanResult): ObjectiveRow[] {
  const rows: ObjectiveRow[] = [];
  const arch = plan.described!.architecture;
  if (arch === "none") return rows;
  const profile = ARCHITECTURES[arch === "hybrid-edge" ? (plan.recommended.core ?? "single-cluster") : arch];
  const basis = `${profile.title} (seeds' matrix)`;
  const status = (range: { minMs: number; maxMs: number }, target: number): ObjectiveRow["status"] =>
    range.maxMs <= target ? "met" : range.minMs <= target ? "at-risk" : "missed";
  const o = fleet.objectives;
  rows.push({ objective: "RTO", scope: "fleet", target: formatDuration(o.rtoMs), expected: profile.rto.text, status: status(profile.rto, o.rtoMs), basis });
  rows.push({ objective: "RPO", scope: "fleet", target: formatDuration(o.rpoMs), expected: profile.rpo.text, status: status(profile.rpo, o.rpoMs), basis });
  for (const s of o.services) {
    // A data service's recovery comes from its own replication and failover, not the architecture.
    const data = fleet.dataServices.find((d) => d.name === s.name);
    const est = data ? estimateDataService(fleet, data) : undefined;
    const rto = est?.rto ?? profile.rto;
    const rpo = est?.rpo ?? profile.rpo;
    const b = est?.basis ?? basis;
    if (s.rtoMs !== o.rtoMs || est) rows.push({ objective: "RTO", scope: s.name, target: formatDuration(s.rtoMs), expected: rto.text, status: status(rto, s.rtoMs), basis: b });
    if (s.rpoMs !== o.rpoMs || est) rows.push({ objective: "RPO", scope: s.name, target: formatDuration(s.rpoMs), expected: rpo.text, status: status(rpo, s.rpoMs), basis: b });
  }
  const budgetMax = { low: 1.5, medium: 2, high: Infinity }[o.budget];
  rows.push({
    objective: "budget",
    scope: "fleet",
    target: o.budget,
    expected: profile.cost.text,
    status: profile.cost.min > budgetMax ? "missed" : profile.cost.max > budgetMax ? "at-risk" : "met",
    basis,
  });
  if (o.geoRedundancy !== "none") {
    const survives = profile.survives.includes("site") && new Set(fleet.clusters.flatMap((c) => c.sites)).size >= 2;
    rows.push({
      objective: "geo-redundancy",
      scope: "fleet",
      target: o.geoRedundancy,
      expected: survives ? "survives a site loss" : "does not survive a site loss",
      status: survives ? "met" : o.geoRedundancy === "required" ? "missed" : "at-risk",
      basis,
    });
  }
  return rows;
}
