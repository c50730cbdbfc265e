/** Human rendering of `hactl drill`: one scenario's timeline and services, or a sweep's worst cases. @module */
import type { ScenarioResult, ServiceOutcome, SweepResult, WorstRow } from "../drill/index.js";
import { formatDuration } from "../model/units.js";
import { heading, table, wrap, type Colorize } from "./text.js";

const WIDTH = 110;
/** Rows of long lists shown in a table (JSON has all). */
const LIST_LIMIT = 25;

const dur = (ms: number) => (Number.isFinite(ms) ? formatDuration(ms) : "unbounded");
const rpo = (ms: number) => (ms === Infinity ? "everything" : formatDuration(ms));

function verdict(c: Colorize, v: string): string {
  return v === "missed" ? c("red", "MISSED") : v === "lost" ? c("yellow", "lost") : c("green", "met");
}

function objective(o: { rtoMs: number; rpoMs: number }): string {
  return `${formatDuration(o.rtoMs)} / ${formatDuration(o.rpoMs)}`;
}

export function renderScenario(fleet: string, r: ScenarioResult, c: Colorize): string {
  const out: string[] = [];
  out.push(heading(c, `Drill ${r.scenario}`) + c("dim", ` (fleet ${fleet})`));
  if (r.description) out.push(`  ${r.description}`);
  for (const s of r.steps) out.push(`  ${c("dim", `t=${formatDuration(s.atMs)}`)} ${s.action === "fail" ? "fail" : s.action === "recover" ? "recover" : "out-of-service"} ${s.target}`);
  if (r.timeline.length > 0) {
    out.push("");
    out.push(c("bold", "Timeline"));
    out.push(table(["t", "mechanism", "cluster", "what happened"], r.timeline.map((e) => [e.at, e.mechanism, e.cluster ?? "", wrap(e.text, 80, " ".repeat(0))]).map((row) => row.map((x) => x.replace(/\n/g, " "))), { indent: 2 }));
  }
  out.push("");
  out.push(c("bold", "Services") + c("dim", ` (${r.services.length} affected, ${r.unaffected} unaffected; objective = RTO / RPO)`));
  if (r.services.length === 0) out.push("  nothing a service depends on was affected");
  else out.push(table(["service", "kind", "rto", "capacity rto", "rpo", "objective", "verdict", "dominated by"], r.services.map((s) => serviceRow(c, s)), { indent: 2 }));
  const explain = r.services.filter((s) => s.verdict !== "met" || s.unbounded);
  for (const s of explain) {
    out.push("");
    out.push(`  ${c(s.verdict === "missed" ? "red" : "yellow", "●")} ${c("bold", s.name)}: ${s.reasons.join("; ") || "recovers only partly"}`);
    if (s.unbounded) out.push(`    ${wrap(`why: ${s.unbounded}`, WIDTH - 4, "      ")}`);
    if (s.chain.length > 0) out.push(`    ${wrap(`recovery: ${s.chain.map((x) => `${x.label}`).join(" → ")}`, WIDTH - 4, "      ")}`);
    if (s.rpoMs > 0) out.push(`    ${wrap(`data: ${s.rpoBasis}`, WIDTH - 4, "      ")}`);
    if (s.fix) out.push(`    ${c(s.fix.meets ? "green" : "yellow", "fix")}: ${wrap(s.fix.text, WIDTH - 10, "         ")}${s.fix.meets ? "" : c("dim", " (helps, not enough)")}`);
    else if (s.verdict === "missed") out.push(c("dim", "    no single change hactl tries meets it (see docs/drill.md, Reading the verdicts)"));
  }
  if (r.notes.length > 0) {
    out.push("");
    for (const n of r.notes) out.push(c("dim", `  note: ${wrap(n, WIDTH - 8, "        ")}`));
  }
  out.push(simplifications(c, r.simplifications));
  return out.join("\n");
}

function simplifications(c: Colorize, list: readonly string[]): string {
  return ["", c("dim", "  Where hactl simplifies:"), ...list.map((s) => c("dim", `  - ${wrap(s, WIDTH - 6, "    ")}`))].join("\n");
}

function serviceRow(c: Colorize, s: ServiceOutcome): string[] {
  return [s.name, s.kind, dur(s.rtoMs), dur(s.capacityRtoMs), rpo(s.rpoMs), objective(s.objective), verdict(c, s.verdict), s.mechanism.length > 60 ? `${s.mechanism.slice(0, 57)}…` : s.mechanism];
}

export function renderSweep(fleet: string, r: SweepResult, c: Colorize): string {
  const out: string[] = [];
  const inScope = r.entries.filter((e) => e.inScope).length;
  const missed = r.worstPerService.filter((w) => w.verdict === "missed");
  out.push(heading(c, `Drill sweep of ${fleet}`) + c("dim", ` (${r.entries.length}${r.shard ? ` of ${r.total}` : ""} scenarios: every node, zone, site, cluster, etcd member and API endpoint${r.entries.some((e) => e.domain === "declared") ? ", and the declared scenarios" : ""}; ${r.bounds}-case timings, seed ${r.seed})`));
  if (r.shard) out.push(c("yellow", `  shard ${r.shard.index}/${r.shard.count}: combine every shard's -o json with hactl drill merge`));
  out.push(`  ${inScope} scenarios within the objectives, ${r.entries.length - inScope} beyond them · ${missed.length === 0 ? c("green", "every objective met") : c("red", `${missed.length} service${missed.length === 1 ? " misses" : "s miss"} an objective`)} · ${r.stats.scenariosPerSecond} scenarios/s`);
  out.push("");
  out.push(c("bold", "Worst case per service") + c("dim", " (failures the objectives cover; objective = RTO / RPO)"));
  out.push(table(["service", "rto", "in", "capacity rto", "rpo", "objective", "verdict", "dominated by"], r.worstPerService.map((w) => worstRow(c, w)), { indent: 2 }));
  for (const w of missed) {
    out.push("");
    out.push(`  ${c("red", "●")} ${c("bold", w.name)}: ${w.reasons.join("; ")}`);
    if (w.rtoUnbounded) out.push(`    ${wrap(`why: ${w.rtoUnbounded}`, WIDTH - 4, "      ")}`);
    else if (w.rtoMs > w.objective.rtoMs) out.push(`    ${wrap(`dominated by: ${w.rtoMechanism}`, WIDTH - 4, "      ")}`);
    if (w.rpoMs > w.objective.rpoMs) out.push(`    ${wrap(`data: ${w.rpoBasis}`, WIDTH - 4, "      ")}`);
    if (w.fix) out.push(`    ${c(w.fix.meets ? "green" : "yellow", "fix")} (${w.fix.scenario}): ${wrap(w.fix.text, WIDTH - 20, "      ")}${w.fix.meets ? "" : c("dim", " (helps, not enough)")}`);
    else out.push(c("dim", "    no single change hactl tries meets it (see docs/drill.md, Reading the verdicts)"));
  }
  out.push("");
  out.push(c("bold", "Per failure domain"));
  const domains = [...new Set(r.entries.map((e) => e.domain))];
  out.push(
    table(
      ["domain", "scenarios", "services affected (max)", "worst rto", "in", "objectives missed"],
      domains.map((d) => {
        const es = r.entries.filter((e) => e.domain === d);
        const worst = es.reduce((a, e) => (e.worstRtoMs > a.worstRtoMs ? e : a), es[0]!);
        const miss = es.reduce((a, e) => a + e.missed.length, 0);
        return [d, String(es.length), String(Math.max(...es.map((e) => e.affected))), dur(worst.worstRtoMs), worst.worstRtoMs > 0 ? worst.scenario : "", miss > 0 ? c("red", String(miss)) : "0"];
      }),
      { indent: 2 },
    ),
  );
  const worstScenarios = [...r.entries].filter((e) => e.worstRtoMs > 0 || e.missed.length > 0).sort((a, b) => b.missed.length - a.missed.length || b.worstRtoMs - a.worstRtoMs || a.index - b.index).slice(0, 10);
  if (worstScenarios.length > 0) {
    out.push("");
    out.push(c("bold", "Worst scenarios"));
    out.push(table(["scenario", "scope", "affected", "worst rto", "service", "missed"], worstScenarios.map((e) => [e.scenario, e.inScope ? "objectives" : c("dim", "beyond"), String(e.affected), dur(e.worstRtoMs), e.worstService ?? "", e.missed.length > 0 ? c("red", e.missed.map((m) => m.name).join(", ")) : ""]), { indent: 2 }));
  }
  if (r.exposure.length > 0) {
    out.push("");
    out.push(c("bold", "Exposure beyond the objectives") + c("dim", " (site or cluster losses the objectives do not cover, and services lost with every cluster they run in)"));
    out.push(table(["service", "rto", "in", "rpo", "why"], r.exposure.slice(0, LIST_LIMIT).map((w) => [w.name, dur(w.rtoMs), w.rtoScenario ?? "", rpo(w.rpoMs), (w.rtoUnbounded ?? w.rtoMechanism).slice(0, 70)]), { indent: 2 }));
    if (r.exposure.length > LIST_LIMIT) out.push(c("dim", `  … ${r.exposure.length - LIST_LIMIT} more (-o json)`));
  }
  const drains = r.entries.flatMap((e) => e.notes);
  for (const n of [...drains, ...r.notes]) out.push(c("dim", `  note: ${n}`));
  out.push(simplifications(c, r.simplifications));
  return out.join("\n");
}

function worstRow(c: Colorize, w: WorstRow): string[] {
  const mech = w.rtoMs > 0 ? w.rtoMechanism : w.capacityMechanism;
  return [w.name, dur(w.rtoMs), w.rtoMs > 0 ? (w.rtoScenario ?? "") : "", dur(w.capacityRtoMs), rpo(w.rpoMs), objective(w.objective), verdict(c, w.verdict), mech.length > 55 ? `${mech.slice(0, 52)}…` : mech];
}
