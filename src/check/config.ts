/**
 * `.hactl.yaml`: check configuration next to the manifests (or `--config FILE`). Parsed and validated
 * here with located diagnostics (unknown rule ids get a did-you-mean, rule options are validated
 * against each rule's schema); finding the file is the CLI's job.
 *
 * ```yaml
 * apiVersion: hactl.dev/v1alpha1   # optional
 * kind: CheckConfig                # optional
 * rules:
 *   workload-replicas: { severity: critical, options: { min: 3 } }
 *   image-tag-mutable: off          # off | on | critical | warning | info
 * disable: [liveness-probe-missing]
 * enable: [priority-class-missing]  # opt-in rules
 * ignorePaths: ["charts/**\/tests/*.yaml"]
 * ```
 * @module
 */
import { dirname } from "node:path";
import * as z from "zod";
import { formatPath, suggest, type Diagnostic, type PathSegment } from "../model/diagnostics.js";
import { diagnosticAt, parseYamlDocuments, type SourceDoc } from "../model/load/yaml-source.js";
import type { EngineConfig, RuleSettings } from "./engine.js";
import { globToRegExp } from "./suppress.js";
import { SEVERITIES, type Rule, type Severity } from "./types.js";

export const CONFIG_FILE_NAMES = [".hactl.yaml", ".hactl.yml"] as const;
export const CONFIG_KIND = "CheckConfig";
const TOP_KEYS = ["apiVersion", "kind", "metadata", "rules", "enable", "disable", "ignorePaths"];

export interface LoadedConfig {
  config: EngineConfig;
  diagnostics: Diagnostic[];
}

/** An empty configuration: every rule at its default. */
export function defaultConfig(): EngineConfig {
  return { rules: {}, ignorePaths: [] };
}

/**
 * Parses a config text. `file` is the display name, `path` the absolute path (its directory is the
 * base of `ignorePaths`).
 */
export function parseCheckConfig(text: string, file: string, path: string, rules: readonly Rule[]): LoadedConfig {
  const parsed = parseYamlDocuments(file, text, path);
  const diagnostics = [...parsed.diagnostics];
  const config: EngineConfig = { rules: {}, ignorePaths: [], baseDir: path ? dirname(path) : undefined, file };
  const docs = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length === 0) return { config, diagnostics };
  const { source, value } = docs[0]!;
  const err = (at: PathSegment[], message: string, extra: Partial<Diagnostic> = {}, key = false) =>
    diagnostics.push(diagnosticAt(source, at, { severity: "error", code: "invalid-config", message, path: formatPath(at) || undefined, ...extra }, { key }));
  if (docs.length > 1) err([], `${file} holds ${docs.length} documents; a check config is one document`);
  if (!isRecord(value)) {
    err([], "a check config is a mapping (rules, enable, disable, ignorePaths)");
    return { config, diagnostics };
  }
  if (value["kind"] !== undefined && value["kind"] !== CONFIG_KIND) {
    err(["kind"], `kind "${String(value["kind"])}" is not a check config`, { expected: `"${CONFIG_KIND}" (or no kind)` });
  }
  for (const k of Object.keys(value)) {
    if (!TOP_KEYS.includes(k)) err([k], `unknown field "${k}"`, { suggestion: suggest(k, TOP_KEYS, "field") }, true);
  }
  const ids = rules.map((r) => r.id);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const settings = (id: string): RuleSettings => (config.rules[id] ??= {});
  const checkId = (id: unknown, at: PathSegment[], key = false): Rule | undefined => {
    const r = typeof id === "string" ? byId.get(id) : undefined;
    if (!r) err(at, `unknown rule "${String(id)}"`, { suggestion: suggest(String(id), ids, "rule") ?? "run `hactl rules` for the list" }, key);
    return r;
  };

  for (const list of ["enable", "disable"] as const) {
    const v = value[list];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      err([list], `${list} must be a list of rule ids`);
      continue;
    }
    v.forEach((id, i) => {
      if (checkId(id, [list, i])) settings(String(id)).enabled = list === "enable";
    });
  }

  const rulesMap = value["rules"];
  if (rulesMap !== undefined && !isRecord(rulesMap)) err(["rules"], "rules must be a mapping from rule id to settings");
  else if (rulesMap) {
    for (const [id, v] of Object.entries(rulesMap)) {
      const at: PathSegment[] = ["rules", id];
      const rule = checkId(id, at, true);
      if (!rule) continue;
      const s = settings(id);
      if (v === false || v === "off") s.enabled = false;
      else if (v === true || v === "on") s.enabled = true;
      else if (typeof v === "string" && (SEVERITIES as readonly string[]).includes(v)) s.severity = v as Severity;
      else if (isRecord(v)) {
        for (const k of Object.keys(v)) {
          if (!["enabled", "severity", "options"].includes(k)) err([...at, k], `unknown field "${k}"`, { suggestion: suggest(k, ["enabled", "severity", "options"], "field") }, true);
        }
        if (v["enabled"] !== undefined) {
          if (typeof v["enabled"] === "boolean") s.enabled = v["enabled"];
          else err([...at, "enabled"], "enabled must be true or false");
        }
        if (v["severity"] !== undefined) {
          if ((SEVERITIES as readonly unknown[]).includes(v["severity"])) s.severity = v["severity"] as Severity;
          else err([...at, "severity"], `severity "${String(v["severity"])}" is not one of critical, warning, info`, { suggestion: suggest(String(v["severity"]), SEVERITIES) });
        }
        if (v["options"] !== undefined) s.options = validateOptions(rule, v["options"], [...at, "options"], source, diagnostics);
      } else {
        err(at, `expected off, on, a severity or a mapping (enabled, severity, options); got ${JSON.stringify(v)}`);
      }
    }
  }

  const ignore = value["ignorePaths"];
  if (ignore !== undefined) {
    if (!Array.isArray(ignore)) err(["ignorePaths"], "ignorePaths must be a list of globs");
    else
      ignore.forEach((g, i) => {
        if (typeof g !== "string" || g === "") err(["ignorePaths", i], "expected a glob such as charts/**/tests/*.yaml");
        else config.ignorePaths.push({ glob: g, re: globToRegExp(g.replace(/^\.\//, "")) });
      });
  }
  return { config, diagnostics };
}

function validateOptions(rule: Rule, options: unknown, at: PathSegment[], source: SourceDoc, diagnostics: Diagnostic[]): unknown {
  if (!rule.options) {
    diagnostics.push(diagnosticAt(source, at, { severity: "error", code: "invalid-config", message: `rule ${rule.id} has no options`, path: formatPath(at) }));
    return undefined;
  }
  const known = rule.options instanceof z.ZodObject ? Object.keys(rule.options.shape) : [];
  if (isRecord(options) && known.length > 0) {
    for (const k of Object.keys(options)) {
      if (!known.includes(k)) {
        diagnostics.push(
          diagnosticAt(source, [...at, k], { severity: "error", code: "invalid-config", message: `rule ${rule.id} has no option "${k}"`, path: formatPath([...at, k]), suggestion: suggest(k, known, "option") }, { key: true }),
        );
      }
    }
  }
  const r = rule.options.safeParse(options);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const p = [...at, ...(issue.path as PathSegment[])];
    diagnostics.push(
      diagnosticAt(source, p, {
        severity: "error",
        code: "invalid-config",
        message: `option ${formatPath(issue.path as PathSegment[]) || "(options)"} of rule ${rule.id}: ${issue.message}`,
        path: formatPath(p),
        expected: optionHelp(rule),
      }),
    );
  }
  return undefined;
}

/** `min (default 2): Minimum replicas…; minCritical (default 3): …` */
export function optionHelp(rule: Rule): string | undefined {
  if (!(rule.options instanceof z.ZodObject)) return undefined;
  const defaults = rule.defaults as Record<string, unknown>;
  return Object.entries(rule.options.shape as Record<string, z.ZodType>)
    .map(([k, s]) => `${k} (default ${JSON.stringify(defaults[k])})${s.description ? `: ${s.description}` : ""}`)
    .join("; ");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
