/** Human rendering of the `hactl assess` scorecard. @module */
import type { Scorecard } from "../assess/index.js";
import { heading, severityStyle, table, wrap, type Colorize } from "./text.js";

const WIDTH = 100;

export function renderScorecard(s: Scorecard, c: Colorize): string {
  const out: string[] = [];
  const gradeStyle = s.grade === "A" || s.grade === "B" ? "green" : s.grade === "C" ? "yellow" : "red";
  out.push(heading(c, `HA scorecard: fleet ${s.fleet}`) + c("dim", ` (${s.file})`));
  out.push(
    `Grade ${c(gradeStyle, c("bold", s.grade))} (score ${s.score}/100) · ${s.summary.sites} site${plural(s.summary.sites)} · ${s.summary.zones} zone${plural(s.summary.zones)} · ${s.summary.clusters} cluster${plural(s.summary.clusters)} · ${s.summary.nodes} nodes · ${s.summary.objects} objects`,
  );
  out.push("");
  out.push(c("bold", "Architecture"));
  out.push(`  described     ${s.architecture.describedTitle}`);
  out.push(`  recommended   ${s.architecture.recommendedTitle}   ${s.architecture.matches ? c("green", "✓ matches") : c("yellow", "✗ differs (see problems)")}`);
  out.push("");
  out.push(c("bold", "Objectives"));
  if (s.objectives.length === 0) out.push("  (no cluster described)");
  else {
    out.push(
      table(
        ["objective", "scope", "target", "expected", "status"],
        s.objectives.map((o) => [o.objective, o.scope, o.target, o.expected, o.status === "met" ? c("green", "met") : o.status === "at-risk" ? c("yellow", "at risk") : c("red", "missed")]),
        { indent: 2 },
      ),
    );
    const bases = [...new Set(s.objectives.map((o) => o.basis))];
    out.push(c("dim", `  expected values: ${bases.join("; ")}`));
  }
  out.push("");
  out.push(`${c("bold", "Problems")} (${s.counts.critical} critical, ${s.counts.warning} warning${plural(s.counts.warning)}, ${s.counts.info} info)`);
  if (s.problems.length === 0) out.push(`  ${c("green", "none found")}`);
  for (const p of s.problems) {
    const sev = c(severityStyle(p.severity), p.severity.toUpperCase().padEnd(8));
    out.push(`  ${sev} ${wrap(p.message, WIDTH - 12, "           ")} ${c("dim", `[${p.engine}/${p.code}]`)}`);
    if (p.location) out.push(`           ${c("dim", "at:")}  ${p.location}`);
    if (p.mechanism) out.push(`           ${c("dim", "why:")} ${wrap(p.mechanism, WIDTH - 16, "                ")}`);
    if (p.fix) out.push(`           ${c("cyan", "fix:")} ${wrap(p.fix, WIDTH - 16, "                ")}`);
  }
  if (s.actions.length > 0) {
    out.push("");
    out.push(c("bold", "What to do first"));
    s.actions.forEach((a, i) => out.push(`  ${i + 1}. ${wrap(a, WIDTH - 5, "     ")}`));
  }
  out.push("");
  out.push(c("dim", `engines: ${s.engines.map((e) => `${e.name} (${e.findings})`).join(", ")}`));
  return out.join("\n");
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
