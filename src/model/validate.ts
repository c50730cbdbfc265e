/**
 * Schema validation with diagnostics a person can act on: every problem gets file:line:column, the
 * field path, what was expected and, for typos, the near miss (`unknown field "replcas" — did you
 * mean "replicas"?`). All problems are reported, not only the first.
 * @module
 */
import type * as z from "zod";
import { formatPath, suggest, type Diagnostic, type PathSegment } from "./diagnostics.js";
import { diagnosticAt, type SourceDoc } from "./load/yaml-source.js";

type Issue = z.core.$ZodIssue;

/**
 * Validates like validateDocument, then tries to go on despite errors so that reference checks can
 * still run: unknown fields are dropped, invalid optional fields are removed (their defaults apply),
 * and numbers that should have been strings take their source text (`1.30`, not `1.3`). `data` is
 * returned when the repaired document is valid; the diagnostics are always those of the original.
 */
export function validateLeniently<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: SourceDoc,
): { data?: z.output<S>; diagnostics: Diagnostic[]; repaired: boolean } {
  const first = validateDocument(schema, value, source);
  if (first.data !== undefined) return { ...first, repaired: false };
  let current = structuredClone(value);
  for (let round = 0; round < 3; round++) {
    const r = schema.safeParse(current);
    if (r.success) return { data: r.data, diagnostics: first.diagnostics, repaired: true };
    let changed = false;
    for (const issue of r.error.issues) {
      const path = issue.path as PathSegment[];
      if (issue.code === "unrecognized_keys") {
        const parent = valueAt(current, path) as Record<string, unknown> | undefined;
        if (parent && typeof parent === "object") for (const k of issue.keys) delete parent[k];
        changed = true;
        continue;
      }
      if (path.length === 0) return { diagnostics: first.diagnostics, repaired: false };
      const parent = valueAt(current, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
      const key = path[path.length - 1]!;
      const actual = parent?.[key];
      const node = source.doc.getIn(path, true) as { source?: string } | undefined;
      if (issue.code === "invalid_type" && issue.expected === "string" && typeof actual === "number" && typeof node?.source === "string") {
        parent![key] = node.source;
        changed = true;
      } else if (parent && !Array.isArray(parent) && isOptionalAt(schema, path)) {
        delete parent[key];
        changed = true;
      } else {
        return { diagnostics: first.diagnostics, repaired: false };
      }
    }
    if (!changed) break;
  }
  return { diagnostics: first.diagnostics, repaired: false };
}

/** Validates `value` against `schema`; returns the parsed output or the diagnostics. */
export function validateDocument<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: SourceDoc,
  basePath: PathSegment[] = [],
): { data?: z.output<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    diagnostics.push(...issueToDiagnostics(issue, schema, value, source, basePath));
  }
  return { diagnostics: dedupe(diagnostics) };
}

function issueToDiagnostics(issue: Issue, schema: z.ZodType, root: unknown, source: SourceDoc, basePath: PathSegment[]): Diagnostic[] {
  const path = issue.path as PathSegment[];
  const full = [...basePath, ...path];
  const at = (p: PathSegment[], d: Omit<Diagnostic, "file" | "line" | "column" | "sourceLine" | "severity">, key = false) =>
    diagnosticAt(source, p, { severity: "error", ...d }, { key });
  const actual = valueAt(root, path);
  const invalidType = () =>
    at(full, { code: "invalid-type", message: `${typeName(actual)} ${preview(actual)} is not valid here`, path: formatPath(full), expected: stripInvalid(issue.message) });

  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = objectKeysAt(schema, path);
      return issue.keys.map((key) =>
        at(
          [...full, key],
          {
            code: "unknown-field",
            message: `unknown field "${key}"${nearMiss(key, allowed)}`,
            path: formatPath([...full, key]),
            expected: allowed.length ? `one of the fields ${allowed.map((k) => `"${k}"`).join(", ")}` : undefined,
          },
          true,
        ),
      );
    }
    case "invalid_type": {
      if (actual === undefined) {
        const fieldName = path[path.length - 1];
        return [
          at(full, {
            code: "missing-field",
            message: `missing required field "${String(fieldName)}"`,
            path: formatPath(full),
            expected: stripInvalid(issue.message),
          }),
        ];
      }
      return [invalidType()];
    }
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      const given = String(actual);
      return [
        at(full, {
          code: "invalid-value",
          message: `unknown value ${preview(actual)}${nearMiss(given, values)}`,
          path: formatPath(full),
          expected: values.length === 1 ? `"${values[0]}"` : `one of ${values.map((v) => `"${v}"`).join(", ")}`,
        }),
      ];
    }
    case "invalid_union": {
      const branch = bestBranch(issue.errors, root, path);
      if (branch) return branch.flatMap((i) => issueToDiagnostics({ ...i, path: [...path, ...i.path] } as Issue, schema, root, source, basePath));
      return [invalidType()];
    }
    case "too_small":
    case "too_big": {
      const isArray = issue.origin === "array";
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const cmp = issue.code === "too_small" ? (issue.inclusive === false ? ">" : "≥") : issue.inclusive === false ? "<" : "≤";
      const message = isArray
        ? `${issue.code === "too_small" ? "needs at least" : "allows at most"} ${String(bound)} item${Number(bound) === 1 ? "" : "s"}, has ${Array.isArray(actual) ? actual.length : 0}`
        : issue.origin === "string"
          ? `${preview(actual)} is too ${issue.code === "too_small" ? "short" : "long"}`
          : `${preview(actual)} is out of range`;
      const custom = /^(Too small|Too big)/.test(issue.message) ? undefined : issue.message;
      return [
        at(full, {
          code: "out-of-range",
          message: custom ?? message,
          path: formatPath(full),
          expected: isArray ? undefined : `a value ${cmp} ${String(bound)}`,
        }),
      ];
    }
    case "invalid_format":
      return [
        at(full, {
          code: "invalid-format",
          message: `${preview(actual)} is not valid here`,
          path: formatPath(full),
          expected: stripInvalid(issue.message),
        }),
      ];
    default:
      return [at(full, { code: "invalid", message: stripInvalid(issue.message), path: formatPath(full) })];
  }
}

/** In a union, the branch whose issues are about the content rather than the type of the value. */
function bestBranch(branches: Issue[][], root: unknown, path: PathSegment[]): Issue[] | undefined {
  const actual = valueAt(root, path);
  const relevant = branches.filter(
    (issues) => !issues.every((i) => i.path.length === 0 && (i.code === "invalid_type" || (i.code === "invalid_format" && typeof actual !== "string"))),
  );
  if (relevant.length === 0) return undefined;
  return relevant.reduce((a, b) => (b.length < a.length ? b : a));
}

function nearMiss(given: string, allowed: readonly string[]): string {
  const s = suggest(given, allowed);
  return s?.startsWith("did you mean") ? ` — ${s}` : "";
}

function stripInvalid(message: string): string {
  return message
    .replace(/^Invalid input: /, "")
    .replace(/^Invalid (string|option|input): /, "")
    .replace(/^expected /, "");
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `the ${typeof v}`;
}

function preview(v: unknown): string {
  if (typeof v === "object" && v !== null) return "";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 50 ? `${s.slice(0, 47)}...` : s;
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  items?: z.ZodType[];
}

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(["optional", "default", "nullable", "prefault", "readonly", "catch"]);

/**
 * Calls `found` with every schema that can sit at `path` (through wrappers, unions, arrays, tuples
 * and objects), and whether an optional or defaulted wrapper was passed at the last segment.
 */
function schemasAt(schema: z.ZodType, path: readonly PathSegment[], found: (s: z.ZodType, optional: boolean) => void): void {
  const visit = (s: z.ZodType, i: number, optional: boolean): void => {
    const def = defOf(s);
    if (WRAPPERS.has(def.type)) return visit(def.innerType!, i, optional || (i === path.length && (def.type === "optional" || def.type === "default")));
    if (def.type === "pipe") return visit(def.in!, i, optional);
    if (def.type === "union") return def.options!.forEach((o) => visit(o, i, optional));
    if (i === path.length) return found(s, optional);
    const seg = path[i]!;
    if (def.type === "array" && typeof seg === "number") return visit(def.element!, i + 1, false);
    if (def.type === "tuple" && typeof seg === "number" && def.items![seg]) return visit(def.items![seg]!, i + 1, false);
    if (def.type === "object" && def.shape![String(seg)]) return visit(def.shape![String(seg)]!, i + 1, false);
  };
  visit(schema, 0, false);
}

/** Whether the field at `path` may be omitted (optional or defaulted). */
function isOptionalAt(schema: z.ZodType, path: readonly PathSegment[]): boolean {
  let optional = false;
  schemasAt(schema, path, (_s, o) => (optional ||= o));
  return optional;
}

/** The keys an object schema allows at `path` (through optionals, defaults, arrays and unions). */
export function objectKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const keys = new Set<string>();
  schemasAt(schema, path, (s) => {
    const def = defOf(s);
    if (def.type === "object") Object.keys(def.shape!).forEach((k) => keys.add(k));
  });
  return [...keys];
}
