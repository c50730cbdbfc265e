/**
 * RuleTester for check rules (ESLint style): `testRule(rule, { valid, invalid })` turns each case
 * into a vitest test. Objects are serialised to YAML and loaded through the real loader (stdin), with
 * a fleet document when the case gives one. Every invalid case also proves three engine promises:
 * the finding explains itself (location, mechanism, fix), the `hactl.dev/ignore` annotation
 * suppresses it, and a mechanical fix, once applied, makes it go away.
 */
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { applyPatches } from "../../src/check/fix.js";
import { runCheck } from "../../src/check/engine.js";
import type { Finding, Rule } from "../../src/check/types.js";
import { loadInputs } from "../../src/model/load/index.js";

type Obj = Record<string, unknown>;

export interface RuleCase {
  name: string;
  objects: Obj[];
  /** A fleet document (see builders.fleet()); omitted: plain manifests with unknown topology. */
  fleet?: Obj;
  /** Rule options (validated against the rule's schema). */
  options?: Obj;
}

export interface ExpectedFinding {
  messageId?: string;
  /** `Kind/name` of the object the finding is about. */
  object?: string;
  /** JSON path relative to the object, e.g. `spec.replicas`. */
  path?: string;
  /** Substring or pattern the message must contain. */
  message?: string | RegExp;
  /** Whether the finding carries a mechanical patch (default: not checked). */
  fixable?: boolean;
  /** Fleet runs: the cluster name. */
  cluster?: string;
}

export interface InvalidCase extends RuleCase {
  findings: ExpectedFinding[];
}

/** Text the loader sees for a case: the fleet first, then the objects. */
export function caseYaml(c: RuleCase): string {
  const docs = [...(c.fleet ? [c.fleet] : []), ...c.objects];
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
}

/** Runs one rule over YAML text and returns active and suppressed findings. */
export function runRuleOnYaml(rule: Rule, text: string, options?: Obj): { findings: Finding[]; suppressed: Finding[] } {
  const loaded = loadInputs(["-"], { readStdin: () => text, now: new Date("2026-06-01T00:00:00Z") });
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`test input does not load:\n${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n")}\n${text}`);
  const opts = options && rule.options ? rule.options.parse(options) : undefined;
  const r = runCheck(
    { fleets: loaded.fleets, objects: loaded.objects },
    // The rule under test always runs, opt-in or not.
    { rules: [rule], config: { rules: { [rule.id]: { enabled: true, ...(opts === undefined ? {} : { options: opts }) } }, ignorePaths: [] } },
  );
  return { findings: r.findings, suppressed: r.suppressed };
}

export function runRule(rule: Rule, c: RuleCase): { findings: Finding[]; suppressed: Finding[] } {
  return runRuleOnYaml(rule, caseYaml(c), c.options);
}

export function testRule(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${rule.id}`, () => {
    it("has a docs page name, title, rationale and messages", () => {
      expect(rule.docsUrl).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const { findings } = runRule(rule, c);
        expect(findings.map((f) => `${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const text = caseYaml(c);
        const { findings } = runRuleOnYaml(rule, text, c.options);
        expect(findings.map((f) => `${f.object.kind}/${f.object.name} ${f.location.path}: ${f.message}`)).toHaveLength(c.findings.length);
        c.findings.forEach((exp, i) => {
          const f = findings[i]!;
          if (exp.messageId) expect(f.messageId).toBe(exp.messageId);
          if (exp.object) expect(`${f.object.kind}/${f.object.name}`).toBe(exp.object);
          if (exp.path !== undefined) expect(f.location.path).toBe(exp.path);
          if (exp.cluster) expect(f.object.cluster).toBe(exp.cluster);
          if (typeof exp.message === "string") expect(f.message).toContain(exp.message);
          else if (exp.message) expect(f.message).toMatch(exp.message);
          if (exp.fixable !== undefined) expect(f.fix.patch !== undefined).toBe(exp.fixable);
          // Every finding explains itself.
          expect(f.ruleId).toBe(rule.id);
          expect(f.location.line).toBeGreaterThan(0);
          expect(f.location.column).toBeGreaterThan(0);
          expect(f.message).not.toMatch(/\{\{|undefined|NaN/);
          expect(f.mechanism.length).toBeGreaterThan(20);
          expect(f.mechanism).not.toMatch(/undefined|NaN/);
          expect(f.fix.description.length).toBeGreaterThan(10);
        });
        // The annotation suppresses the finding (and it is kept, not lost).
        for (const f of findings) {
          const target = c.objects.find((o) => o["kind"] === f.object.kind && (o["metadata"] as Obj)["name"] === f.object.name);
          if (!target) {
            // Findings about the fleet itself (no Kubernetes object: no apiVersion) honour the annotation on the Fleet.
            if (!c.fleet || f.object.apiVersion) continue;
            const again = runRule(rule, { ...c, fleet: withIgnore(c.fleet, rule.id) });
            expect(again.findings.some((g) => g.fingerprint === f.fingerprint)).toBe(false);
            expect(again.suppressed.find((g) => g.fingerprint === f.fingerprint)?.suppressed).toEqual({ kind: "annotation", reason: "accepted in test" });
            continue;
          }
          const annotated = structuredClone(c.objects).map((o) =>
            o["kind"] === f.object.kind && (o["metadata"] as Obj)["name"] === f.object.name ? withIgnore(o, rule.id) : o,
          );
          const again = runRule(rule, { ...c, objects: annotated });
          expect(again.findings.some((g) => g.fingerprint === f.fingerprint)).toBe(false);
          const kept = again.suppressed.find((g) => g.fingerprint === f.fingerprint);
          expect(kept?.suppressed).toEqual({ kind: "annotation", reason: "accepted in test" });
        }
        // Applying the mechanical fixes makes those findings go away.
        const patches = findings.flatMap((f) => (f.fix.patch ? [f.fix.patch] : []));
        if (patches.length > 0) {
          const fixed = applyPatches(text, patches);
          expect(fixed.applied).toBeGreaterThan(0);
          const after = runRuleOnYaml(rule, fixed.text, c.options).findings;
          for (const f of findings.filter((x) => x.fix.patch)) {
            expect(after.filter((g) => g.fingerprint === f.fingerprint && g.messageId === f.messageId).map((g) => g.message)).toEqual([]);
          }
        }
      });
    }
  });
}

function withIgnore(o: Obj, ruleId: string): Obj {
  const meta = (o["metadata"] as Obj) ?? {};
  return { ...o, metadata: { ...meta, annotations: { ...((meta["annotations"] as Obj) ?? {}), "hactl.dev/ignore": `${ruleId}: accepted in test` } } };
}
