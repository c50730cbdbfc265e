/**
 * `defineRule`: the one helper every rule file calls. It validates the metadata, applies option
 * defaults and injects the docs URL, so a rule file holds only its logic (ESLint's `createRule`).
 * @module
 */
import type * as z from "zod";
import { CATEGORIES, SEVERITIES, type Rule, type RuleDefinition } from "./types.js";

/** Where rule pages live (docs/rules/<id>.md); SARIF `helpUri` and `hactl explain` point here. */
export const RULE_DOCS_BASE = "https://github.com/hactl/hactl/blob/main/docs/rules";

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares a rule.
 * @example
 * export default defineRule({
 *   id: "workload-replicas", title: "...", category: "workload", severity: "warning",
 *   rationale: "...", appliesTo: ["Deployment"], messages: { tooFew: "{{name}} runs {{n}} replica" },
 *   options: z.object({ min: z.number().int().default(2) }),
 *   check(ctx) { for (const w of ctx.index.workloads) if (...) ctx.report({ object: w.object, ... }); },
 * });
 */
export function defineRule<O extends z.ZodType>(def: RuleDefinition<O>): Rule<O> {
  if (!ID.test(def.id)) throw new Error(`rule id "${def.id}" is not kebab-case`);
  if (!CATEGORIES.includes(def.category)) throw new Error(`rule ${def.id}: unknown category "${def.category}"`);
  if (!SEVERITIES.includes(def.severity)) throw new Error(`rule ${def.id}: unknown severity "${def.severity}"`);
  if (Object.keys(def.messages).length === 0) throw new Error(`rule ${def.id}: needs at least one message`);
  const defaults = def.options ? def.options.parse({}) : ({} as z.output<O>);
  return {
    ...def,
    scope: def.scope ?? "objects",
    optIn: def.optIn ?? false,
    defaults,
    docsUrl: `${RULE_DOCS_BASE}/${def.id}.md`,
  };
}

/** Fills `{{name}}` placeholders (ESLint style). An unknown placeholder is a bug in the rule. */
export function formatMessage(rule: Pick<Rule, "id" | "messages">, messageId: string, data: Record<string, string | number> = {}): string {
  const template = rule.messages[messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${messageId}"`);
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, name: string) => {
    if (!(name in data)) throw new Error(`rule ${rule.id} message "${messageId}" needs data.${name}`);
    return String(data[name]);
  });
}

/** `1 replica`, `3 replicas`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
