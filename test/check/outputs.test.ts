/** Renderers of hactl check results: SARIF validated against the official 2.1.0 schema, JUnit, Markdown, table. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { check, RULES } from "../../src/check/index.js";
import { loadInputs } from "../../src/model/load/index.js";
import { renderCheckTable, summaryLine } from "../../src/report/check.js";
import { renderJunit } from "../../src/report/check-junit.js";
import { renderMarkdown } from "../../src/report/check-markdown.js";
import { renderSarif } from "../../src/report/check-sarif.js";
import { colorizer, noColor } from "../../src/report/text.js";
import { ROOT } from "../helpers/cli.js";

const SHOP = join(ROOT, "test", "fixtures", "check", "shop");
const loaded = loadInputs([SHOP], { cwd: ROOT });
const result = check({ objects: loaded.objects });

// ajv-draft-04 is CommonJS: under nodenext the default import is module.exports, whose `default` is the class.
type AjvCtor = new (opts: Record<string, unknown>) => { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
const Ajv = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);

function validator() {
  const schema = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "check", "sarif-schema-2.1.0.json"), "utf8"));
  // The official schema has a language pattern that is only valid without the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

describe("check outputs", () => {
  it("the fixture has findings of every severity and a suppressed one", () => {
    expect(result.summary.findings).toEqual({ critical: 1, warning: 3, info: 1 });
    expect(result.summary.suppressed).toBe(2);
  });

  it("SARIF validates against the SARIF 2.1.0 schema, with and without suppressed results", () => {
    const validate = validator();
    for (const showSuppressed of [false, true]) {
      const sarif = JSON.parse(JSON.stringify(renderSarif(result, RULES, { showSuppressed })));
      const ok = validate(sarif);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    // The validator does reject what the schema forbids.
    const broken = JSON.parse(JSON.stringify(renderSarif(result, RULES)));
    broken.runs[0].results[0].level = "fatal";
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });

  it("SARIF carries what GitHub code scanning needs", () => {
    const sarif = renderSarif(result, RULES, { showSuppressed: true }) as { version: string; runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: Record<string, any>[] }[] };
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
    for (const r of run.tool.driver.rules) {
      expect(r["helpUri"]).toMatch(/\/docs\/rules\/[a-z0-9-]+\.md$/);
      expect((r["shortDescription"] as { text: string }).text.length).toBeGreaterThan(5);
      expect((r["fullDescription"] as { text: string }).text.length).toBeGreaterThan(20);
    }
    expect(run.results).toHaveLength(7);
    for (const res of run.results) {
      const loc = res["locations"][0].physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(/^test\/fixtures\/check\/shop\/(web|api)\.yaml$/);
      expect(loc.region.startLine).toBeGreaterThan(0);
      expect(loc.region.startColumn).toBeGreaterThan(0);
      expect(res["partialFingerprints"]["hactlFinding/v1"]).toMatch(/^[0-9a-f]{32}$/);
      expect(run.tool.driver.rules[res["ruleIndex"]]!["id"]).toBe(res["ruleId"]);
    }
    const critical = run.results.find((r) => r["ruleId"] === "pdb-blocks-drain")!;
    expect(critical["level"]).toBe("error");
    expect(critical["locations"][0].physicalLocation.region).toEqual({ startLine: 35, startColumn: 17 });
    const suppressed = run.results.filter((r) => r["suppressions"]);
    expect(suppressed.map((r) => r["suppressions"])).toEqual([
      [{ kind: "inSource", status: "accepted", justification: "removed after the incident review" }],
      [{ kind: "inSource", status: "accepted", justification: "removed after the incident review" }],
    ]);
  });

  it("JUnit has one testcase per object × applicable rule, failures for findings, skipped for suppressed", () => {
    const targets = loaded.objects.map((o) => ({ object: { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }, file: o.source.file }));
    const xml = renderJunit(result, RULES, targets);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const cases = xml.match(/<testcase /g)!.length;
    const failures = xml.match(/<failure /g)!.length;
    const skipped = xml.match(/<skipped /g)!.length;
    expect(failures).toBe(5);
    expect(skipped).toBe(2);
    const enabled = RULES.filter((r) => !r.optIn);
    const applicable = targets.reduce((n, t) => n + enabled.filter((r) => r.scope === "objects" && r.appliesTo.includes(t.object.kind)).length, 0);
    expect(cases).toBe(applicable);
    expect(xml).toContain(`<testsuites name="hactl check" tests="${cases}" failures="5" errors="0" skipped="2">`);
    expect(xml).toContain('<testcase name="workload-replicas" classname="Deployment shop/web" file="test/fixtures/check/shop/web.yaml">');
    // Balanced, escaped XML.
    expect(xml.match(/<testsuite /g)!.length).toBe(xml.match(/<\/testsuite>/g)!.length);
    expect(xml).not.toMatch(/<failure[^>]*message="[^"]*[<>][^"]*"/);
  });

  it("Markdown has the counts, a row per finding with a rule link, and details", () => {
    const md = renderMarkdown(result, { showSuppressed: true });
    expect(md).toContain("### hactl check: 1 critical, 3 warnings, 1 info");
    expect(md.match(/^\| (🔴|🟠|🔵) /gm)).toHaveLength(5);
    expect(md).toContain("[`pdb-blocks-drain`](https://github.com/hactl/hactl/blob/main/docs/rules/pdb-blocks-drain.md)");
    expect(md).toContain("<details><summary>Suppressed</summary>");
    expect(md).toContain("**Why:**");
  });

  it("the table groups by object or rule and colours only when asked", () => {
    const plain = renderCheckTable(result, noColor);
    expect(plain).not.toContain("\u001b[");
    expect(plain).toContain("Deployment shop/web test/fixtures/check/shop/web.yaml");
    expect(plain).toContain("(hactl check --fix)");
    const byRule = renderCheckTable(result, noColor, { groupBy: "rule" });
    expect(byRule).toMatch(/CRITICAL pdb-blocks-drain — PodDisruptionBudget allows no voluntary disruption \(1\)/);
    expect(renderCheckTable(result, colorizer(true))).toContain("\u001b[31m");
    const enabled = RULES.filter((r) => !r.optIn).length;
    expect(summaryLine(result, noColor)).toBe(`1 critical, 3 warnings, 1 info · 2 suppressed (--show-suppressed lists them) · 5 objects, ${enabled} rules · 2 fixable with --fix`);
  });
});
