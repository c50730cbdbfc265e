/**
 * Human and data renderings of `hactl check` results: a table grouped by object (default) or by
 * rule, coloured on a TTY, and the stable JSON/YAML shape.
 * @module
 */
import type { CheckResult, Finding, Severity } from "../check/types.js";
import { severityStyle, wrap, type Colorize } from "./text.js";

const WIDTH = 100;

export interface CheckRenderOptions {
  groupBy?: "object" | "rule";
  showSuppressed?: boolean;
}

/** The JSON/YAML document: summary, findings (and suppressed ones when asked for), rules that ran. */
export function checkData(r: CheckResult, opts: CheckRenderOptions = {}): Record<string, unknown> {
  return {
    summary: r.summary,
    findings: r.findings,
    ...(opts.showSuppressed ? { suppressed: r.suppressed } : {}),
    rules: r.rules,
    notes: r.notes,
  };
}

export function objectLabel(f: Pick<Finding, "object">): string {
  const o = f.object;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}${o.cluster ? ` @${o.cluster}` : ""}`;
}

export function where(f: Pick<Finding, "location">): string {
  return `${f.location.file}:${f.location.line}:${f.location.column}`;
}

function sev(c: Colorize, s: Severity): string {
  return c(severityStyle(s), s.toUpperCase().padEnd(8));
}

function details(c: Colorize, f: Finding, indent: string, suppressed: boolean): string[] {
  const out: string[] = [];
  const pad = `${indent}${" ".repeat(9)}`;
  out.push(`${pad}${c("dim", "at:")}  ${where(f)}${f.location.path ? c("dim", ` ${f.location.path}`) : ""}`);
  out.push(`${pad}${c("dim", "why:")} ${wrap(f.mechanism, WIDTH - pad.length - 5, `${pad}     `)}`);
  out.push(`${pad}${c("cyan", "fix:")} ${wrap(f.fix.description, WIDTH - pad.length - 5, `${pad}     `)}${f.fix.patch ? c("dim", " (hactl check --fix)") : ""}`);
  if (f.related.length > 0) out.push(`${pad}${c("dim", "see:")} ${f.related.map((r) => `${r.object.kind}/${r.object.name} (${r.location.file}:${r.location.line})`).join(", ")}`);
  if (suppressed && f.suppressed) out.push(`${pad}${c("dim", `suppressed by ${f.suppressed.kind}${f.suppressed.reason ? `: ${f.suppressed.reason}` : ""}`)}`);
  return out;
}

/** The table: findings grouped by object or by rule, then a summary line. */
export function renderCheckTable(r: CheckResult, c: Colorize, opts: CheckRenderOptions = {}): string {
  const out: string[] = [];
  const sections: [string, Finding[], boolean][] = [["", r.findings, false]];
  if (opts.showSuppressed && r.suppressed.length > 0) sections.push([`Suppressed (${r.suppressed.length})`, r.suppressed, true]);
  for (const [title, list, suppressed] of sections) {
    if (title) out.push("", c("bold", title));
    if (opts.groupBy === "rule") {
      const groups = groupBy(list, (f) => f.ruleId);
      for (const [id, fs] of groups) {
        const f0 = fs[0]!;
        out.push(`${sev(c, f0.severity)} ${c("bold", id)} ${c("dim", `— ${f0.title} (${fs.length})`)}`);
        for (const f of fs) {
          out.push(`  ${c("bold", objectLabel(f))}: ${wrap(f.message, WIDTH - 4, "    ")}`);
          out.push(...details(c, f, "", suppressed));
        }
      }
    } else {
      const groups = groupBy(list, (f) => `${objectLabel(f)}\u0000${f.location.file}`);
      for (const [, fs] of groups) {
        const f0 = fs[0]!;
        out.push(`${c("bold", objectLabel(f0))} ${c("dim", f0.location.file)}`);
        for (const f of fs) {
          out.push(`  ${sev(c, f.severity)} ${wrap(f.message, WIDTH - 12, "           ")} ${c("dim", `[${f.ruleId}]`)}`);
          out.push(...details(c, f, "  ", suppressed));
        }
      }
    }
  }
  if (r.findings.length === 0) out.unshift(c("green", "No availability problems found."));
  for (const n of r.notes) out.push("", `${c("yellow", "note")}: ${wrap(n, WIDTH - 6, "      ")}`);
  out.push("", summaryLine(r, c, opts));
  return out.join("\n");
}

export function summaryLine(r: CheckResult, c: Colorize, opts: CheckRenderOptions = {}): string {
  const s = r.summary;
  const parts = [
    c(s.findings.critical > 0 ? "red" : "dim", `${s.findings.critical} critical`),
    c(s.findings.warning > 0 ? "yellow" : "dim", `${s.findings.warning} warning${s.findings.warning === 1 ? "" : "s"}`),
    c(s.findings.info > 0 ? "cyan" : "dim", `${s.findings.info} info`),
  ];
  const supp = s.suppressed > 0 ? ` · ${s.suppressed} suppressed${opts.showSuppressed ? "" : " (--show-suppressed lists them)"}` : "";
  const scope = `${s.objects} object${s.objects === 1 ? "" : "s"}${s.clusters > 0 ? ` in ${s.clusters} cluster${s.clusters === 1 ? "" : "s"}` : ""}, ${s.rules} rules`;
  const fixable = r.findings.filter((f) => f.fix.patch).length;
  return `${parts.join(", ")}${supp} · ${scope}${fixable > 0 ? ` · ${fixable} fixable with --fix` : ""}`;
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return m;
}
