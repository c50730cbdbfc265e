/**
 * Markdown for pull-request comments (`hactl check -o markdown`): a headline with the counts, a table
 * of findings worst first with links to the rule pages, and collapsible details (why, fix, patch).
 * @module
 */
import type { CheckResult, Finding, Severity } from "../check/types.js";

const ICON: Record<Severity, string> = { critical: "🔴", warning: "🟠", info: "🔵" };

export function renderMarkdown(r: CheckResult, opts: { showSuppressed?: boolean; maxRows?: number } = {}): string {
  const s = r.summary;
  const out: string[] = [];
  const total = s.findings.critical + s.findings.warning + s.findings.info;
  out.push(`### hactl check: ${total === 0 ? "no availability problems found ✅" : `${s.findings.critical} critical, ${s.findings.warning} warning${s.findings.warning === 1 ? "" : "s"}, ${s.findings.info} info`}`);
  out.push("");
  out.push(`Checked ${s.objects} object${s.objects === 1 ? "" : "s"}${s.clusters ? ` in ${s.clusters} cluster${s.clusters === 1 ? "" : "s"}` : ""} with ${s.rules} rules${s.suppressed ? ` · ${s.suppressed} suppressed` : ""}.`);
  for (const n of r.notes) out.push("", `> **Note:** ${n}`);
  const max = opts.maxRows ?? 100;
  if (r.findings.length > 0) {
    out.push("", "| | rule | object | location | finding |", "|---|---|---|---|---|");
    for (const f of r.findings.slice(0, max)) out.push(row(f));
    if (r.findings.length > max) out.push("", `…and ${r.findings.length - max} more (run \`hactl check\` locally for all of them).`);
    out.push("", "<details><summary>Why and how to fix</summary>", "");
    for (const f of r.findings.slice(0, max)) {
      out.push(`#### ${ICON[f.severity]} \`${f.ruleId}\` ${cell(objectName(f))}`);
      out.push("", `${f.message}`, "", `**Why:** ${f.mechanism}`, "", `**Fix:** ${f.fix.description}`);
      if (f.fix.patch) out.push("", "_Mechanical: `hactl check --fix` applies it._");
      out.push("");
    }
    out.push("</details>");
  }
  if (opts.showSuppressed && r.suppressed.length > 0) {
    out.push("", "<details><summary>Suppressed</summary>", "", "| rule | object | location | reason |", "|---|---|---|---|");
    for (const f of r.suppressed) out.push(`| \`${f.ruleId}\` | ${cell(objectName(f))} | \`${f.location.file}:${f.location.line}\` | ${cell(f.suppressed?.reason ?? f.suppressed?.kind ?? "")} |`);
    out.push("", "</details>");
  }
  return `${out.join("\n")}\n`;
}

function row(f: Finding): string {
  return `| ${ICON[f.severity]} ${f.severity} | [\`${f.ruleId}\`](${f.docsUrl}) | ${cell(objectName(f))} | \`${f.location.file}:${f.location.line}\` | ${cell(f.message)} |`;
}

function objectName(f: Finding): string {
  const o = f.object;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}${o.cluster ? ` @${o.cluster}` : ""}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
