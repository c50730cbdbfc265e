/**
 * JUnit XML for `hactl check -o junit`: one testsuite per object (per cluster in fleet runs), one
 * testcase per object × rule that applies to its kind; a finding is a failure, a suppressed finding a
 * skipped testcase. Fleet-level rules form a suite per fleet.
 * @module
 */
import type { CheckResult, Finding, ObjectRef, Rule } from "../check/types.js";

export interface JunitTarget {
  object: ObjectRef;
  file: string;
}

export function renderJunit(r: CheckResult, rules: readonly Rule[], targets: readonly JunitTarget[]): string {
  const enabled = new Set(r.rules.filter((x) => x.enabled).map((x) => x.id));
  const active = rules.filter((x) => enabled.has(x.id));
  const byKey = new Map<string, Finding[]>();
  const key = (o: ObjectRef) => [o.cluster ?? "", o.kind, o.namespace ?? "", o.name].join("\u0000");
  for (const f of [...r.findings, ...r.suppressed]) {
    const k = key(f.object);
    const list = byKey.get(k);
    if (list) list.push(f);
    else byKey.set(k, [f]);
  }
  // Subjects: every object that was checked, plus the subjects of fleet-level findings.
  const subjects: JunitTarget[] = [...targets];
  const seen = new Set(targets.map((t) => key(t.object)));
  for (const f of [...r.findings, ...r.suppressed]) {
    const k = key(f.object);
    if (!seen.has(k)) {
      seen.add(k);
      subjects.push({ object: f.object, file: f.location.file });
    }
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const s of subjects) {
    const found = byKey.get(key(s.object)) ?? [];
    const ruleIds = new Set(active.filter((x) => x.appliesTo.includes(s.object.kind) && x.scope === "objects").map((x) => x.id));
    for (const f of found) ruleIds.add(f.ruleId);
    if (ruleIds.size === 0) continue;
    const label = `${s.object.kind} ${s.object.namespace ? `${s.object.namespace}/` : ""}${s.object.name}${s.object.cluster ? ` @${s.object.cluster}` : ""}`;
    const cases: string[] = [];
    let sf = 0;
    let ss = 0;
    for (const id of [...ruleIds].sort()) {
      const mine = found.filter((f) => f.ruleId === id);
      const active = mine.filter((f) => !f.suppressed);
      const attrs = `name="${esc(id)}" classname="${esc(label)}" file="${esc(s.file)}"`;
      if (active.length > 0) {
        sf++;
        const first = active[0]!;
        const text = active.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.location.path}\n${f.message}\nwhy: ${f.mechanism}\nfix: ${f.fix.description}`).join("\n\n");
        cases.push(`    <testcase ${attrs}>\n      <failure message="${esc(first.message)}" type="${first.severity}">${esc(text)}</failure>\n    </testcase>`);
      } else if (mine.length > 0) {
        ss++;
        const sup = mine[0]!.suppressed!;
        cases.push(`    <testcase ${attrs}>\n      <skipped message="${esc(`suppressed by ${sup.kind}${sup.reason ? `: ${sup.reason}` : ""}`)}"/>\n    </testcase>`);
      } else cases.push(`    <testcase ${attrs}/>`);
    }
    tests += cases.length;
    failures += sf;
    skipped += ss;
    suites.push(`  <testsuite name="${esc(label)}" tests="${cases.length}" failures="${sf}" errors="0" skipped="${ss}" file="${esc(s.file)}">\n${cases.join("\n")}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="hactl check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
