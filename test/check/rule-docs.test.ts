/**
 * Every rule has a docs page (docs/rules/<id>.md) and a test file, and the page's examples are
 * honest: the ❌ YAML produces a finding of that rule, the ✅ YAML produces none.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/check/rules/index.js";
import { ROOT } from "../helpers/cli.js";
import { runRuleOnYaml } from "./rule-tester.js";

const DOCS = join(ROOT, "docs", "rules");

/** The first ```yaml block after a heading that contains `marker`. */
export function exampleAfter(page: string, marker: string): string | undefined {
  const at = page.search(new RegExp(`^##+ .*${marker}`, "m"));
  if (at < 0) return undefined;
  const m = /```ya?ml\n([\s\S]*?)```/.exec(page.slice(at));
  return m?.[1];
}

describe("rule docs", () => {
  it("has a page for every rule and a rule for every page", () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md")).map((f) => f.replace(/\.md$/, ""));
    expect(pages.sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const file = join(DOCS, `${rule.id}.md`);
      const page = existsSync(file) ? readFileSync(file, "utf8") : "";

      it("has a test file beside the rule", () => {
        expect(existsSync(join(ROOT, "src", "check", "rules", `${rule.id}.test.ts`))).toBe(true);
      });

      it("has the id as title, the metadata line, why, ❌ and ✅ examples, options and suppression", () => {
        expect(page.startsWith(`# ${rule.id}\n`)).toBe(true);
        expect(page).toContain(rule.title);
        expect(page).toContain(`\`${rule.category}\``);
        expect(page).toContain(`\`${rule.severity}\``);
        for (const h of ["## Why", "## ❌", "## ✅", "## Options", "## Suppress"]) expect(page).toContain(h);
        const opts = Object.keys((rule.defaults ?? {}) as Record<string, unknown>);
        for (const o of opts) expect(page, `option ${o} documented`).toContain(`\`${o}\``);
      });

      it("❌ example is flagged", () => {
        const bad = exampleAfter(page, "❌");
        expect(bad, "❌ yaml block").toBeDefined();
        const r = runRuleOnYaml(rule, bad!);
        expect(r.findings.length, `findings of ${rule.id} on the ❌ example`).toBeGreaterThan(0);
      });

      it("✅ example passes", () => {
        const good = exampleAfter(page, "✅");
        expect(good, "✅ yaml block").toBeDefined();
        const r = runRuleOnYaml(rule, good!);
        expect(r.findings.map((f) => f.message)).toEqual([]);
      });
    });
  }
});

describe("docs/check.md", () => {
  it("lists every rule", () => {
    const page = readFileSync(join(ROOT, "docs", "check.md"), "utf8");
    for (const rule of RULES) expect(page, rule.id).toContain(`[\`${rule.id}\`](rules/${rule.id}.md)`);
  });
});
