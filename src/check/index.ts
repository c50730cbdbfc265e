/**
 * `hactl check`: the availability rule engine. Entry point for the CLI, `assess` and tests.
 * @example
 * import { check } from "./check/index.js";
 * const result = check({ fleets, objects }); // every enabled rule, default options
 * for (const f of result.findings) console.log(f.ruleId, f.location.file, f.location.line, f.message);
 * @module
 */
import { runCheck, type CheckInput, type EngineConfig } from "./engine.js";
import { RULES } from "./rules/index.js";
import type { CheckResult, Rule } from "./types.js";

export { applyPatches, patchesByFile, unifiedDiff } from "./fix.js";
export { compareFindings, runCheck, type CheckInput, type CheckOptions, type EngineConfig, type RuleSettings } from "./engine.js";
export { defineRule, formatMessage, RULE_DOCS_BASE } from "./rule.js";
export { RULES } from "./rules/index.js";
export { IGNORE_ANNOTATION } from "./suppress.js";
export * from "./types.js";

/** Runs every shipped rule (or `rules`) with an optional config. */
export function check(input: CheckInput, opts: { config?: EngineConfig; rules?: readonly Rule[] } = {}): CheckResult {
  return runCheck(input, { rules: opts.rules ?? RULES, config: opts.config });
}

/** A rule by id. */
export function findRule(id: string, rules: readonly Rule[] = RULES): Rule | undefined {
  return rules.find((r) => r.id === id);
}
