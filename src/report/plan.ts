/** Human rendering of `hactl plan` results. @module */
import type { Deviation, Fit, PlanResult } from "../plan/types.js";
import { formatDuration } from "../model/units.js";
import { heading, severityStyle, table, wrap, type Colorize } from "./text.js";

const WIDTH = 100;

export function fitText(c: Colorize, fit: Fit): string {
  return fit === "meets" ? c("green", "meets") : fit === "at-risk" ? c("yellow", "at risk") : c("red", "misses");
}

export function renderPlan(r: PlanResult, c: Colorize): string {
  const d = r.recommended;
  const out: string[] = [];
  out.push(heading(c, `Fleet ${r.fleet}: plan`));
  out.push("");
  out.push(`${c("bold", "Recommended")}: ${c("green", d.title)} (seed case ${d.seedCase})${d.core ? `, core: ${d.core}` : ""}`);
  out.push(`  expected RTO ${d.expectedRto.text} · RPO ${d.expectedRpo.text} · complexity ${d.complexity} · cost ${d.cost}`);
  out.push(
    `  objectives: RTO ${formatDuration(r.inputs.rtoMs)} ${fitText(c, d.fit.rto)} · RPO ${formatDuration(r.inputs.rpoMs)} ${fitText(c, d.fit.rpo)} · budget ${r.inputs.budget} ${fitText(c, d.fit.budget)}`,
  );
  out.push("");
  out.push(c("bold", "Why"));
  d.reasons.forEach((reason, i) => out.push(`  ${i + 1}. ${wrap(reason, WIDTH - 5, "     ")}`));
  for (const n of d.fit.notes) out.push(`  ${c("yellow", "note")}: ${wrap(n, WIDTH - 8, "        ")}`);
  out.push("");
  out.push(c("bold", "What it takes"));
  for (const e of d.essentials) out.push(`  - ${wrap(e, WIDTH - 4, "    ")}`);
  if (r.described) {
    out.push("");
    const same = r.described.architecture === d.architecture || r.described.architecture === d.core;
    out.push(`${c("bold", "Described")}: ${same ? c("green", r.described.title) : c("yellow", r.described.title)}${same ? " (matches)" : ""}`);
    for (const e of r.described.evidence) out.push(`  - ${wrap(e, WIDTH - 4, "    ")}`);
  }
  if (r.described) {
    out.push("");
    out.push(c("bold", "Deviations"));
    if (r.deviations.length === 0) out.push(`  ${c("green", "none")}: the fleet matches the recommendation at the architecture level`);
    for (const dev of r.deviations) out.push(renderDeviation(dev, c));
  }
  out.push("");
  out.push(c("bold", "Alternatives"));
  out.push(
    table(
      ["architecture", "verdict", "reason"],
      r.alternatives.map((a) => [a.title, a.verdict === "recommended" ? c("green", a.verdict) : a.verdict === "ruled-out" ? c("dim", a.verdict) : a.verdict, a.reason]),
      { indent: 2 },
    ),
  );
  return out.join("\n");
}

export function renderDeviation(dev: Deviation, c: Colorize): string {
  const sev = c(severityStyle(dev.severity), dev.severity.toUpperCase().padEnd(8));
  return [
    `  ${sev} ${wrap(dev.message, WIDTH - 12, "           ")} ${c("dim", `[${dev.code}]`)}`,
    `           ${c("dim", "why:")} ${wrap(dev.mechanism, WIDTH - 16, "                ")}`,
    `           ${c("cyan", "fix:")} ${wrap(dev.fix, WIDTH - 16, "                ")}`,
  ].join("\n");
}
