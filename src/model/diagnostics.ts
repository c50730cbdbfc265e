/**
 * Diagnostics: problems in the user's input, each with a location a person can jump to, what was
 * expected, and a suggestion. Loaders and validators collect them instead of throwing, so that
 * `hactl validate` reports every problem at once.
 * @module
 */

/** A segment of a path into a document: a map key or a sequence index. */
export type PathSegment = string | number;

export interface Diagnostic {
  severity: "error" | "warning";
  /** Stable machine-readable code, e.g. `unknown-field`, `invalid-type`, `unresolved-reference`. */
  code: string;
  /** One sentence saying what is wrong, with the offending value. */
  message: string;
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** JSON-path-like field path, e.g. `spec.clusters[0].nodePools[1].zones[2]`. */
  path?: string;
  /** What would have been accepted. */
  expected?: string;
  /** How to fix it, e.g. `did you mean "replicas"?`. */
  suggestion?: string;
  /** The source line, for a code frame. */
  sourceLine?: string;
}

/** Formats a path the way kubectl explain and JSON paths read: `spec.clusters[0].name`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Damerau–Levenshtein (optimal string alignment) distance; small inputs only. */
export function editDistance(a: string, b: string): number {
  const al = a.length;
  const bl = b.length;
  const d: number[][] = Array.from({ length: al + 1 }, (_, i) => [i, ...Array<number>(bl).fill(0)]);
  for (let j = 1; j <= bl; j++) d[0]![j] = j;
  for (let i = 1; i <= al; i++) {
    for (let j = 1; j <= bl; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[al]![bl]!;
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo
 * (distance ≤ max(1, ⌊len/3⌋), or a case-insensitive match, or one is a prefix of the other).
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const dist = editDistance(lower, c.toLowerCase());
    if (dist < bestDistance) {
      bestDistance = dist;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  // One- and two-letter names are all one edit apart: only exact (case-insensitive) matches count.
  if (input.length < 3) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(input.length, best.length) / 3));
  if (bestDistance <= limit) return best;
  const b = best.toLowerCase();
  if (lower.length >= 3 && (b.startsWith(lower) || lower.startsWith(b))) return best;
  return undefined;
}

/** `did you mean "x"?` when a near miss exists, else a list of what is allowed (up to 8). */
export function suggest(input: string, candidates: readonly string[], noun = "value"): string | undefined {
  const near = closest(input, candidates);
  if (near !== undefined) return `did you mean "${near}"?`;
  if (candidates.length === 0) return undefined;
  const shown = candidates.slice(0, 8).map((c) => `"${c}"`).join(", ");
  return `known ${noun}s: ${shown}${candidates.length > 8 ? `, … (${candidates.length} in all)` : ""}`;
}

/** Sorts diagnostics by file, line and column so output reads top to bottom. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.message.localeCompare(b.message),
  );
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** Formats one diagnostic like a compiler: `file:line:col: error: path: message`, then hints and a code frame. */
export function formatDiagnostic(d: Diagnostic, color: (style: "red" | "yellow" | "dim" | "bold" | "cyan", s: string) => string = (_s, t) => t): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}: ` : "";
  const sev = d.severity === "error" ? color("red", "error") : color("yellow", "warning");
  const path = d.path ? `${color("bold", d.path)}: ` : "";
  const lines = [`${where}${sev}: ${path}${d.message}`];
  if (d.sourceLine !== undefined && d.line !== undefined) {
    const gutter = `${d.line} | `;
    lines.push(color("dim", `  ${gutter}`) + d.sourceLine);
    lines.push(`  ${" ".repeat(gutter.length + Math.max(0, (d.column ?? 1) - 1))}${color(d.severity === "error" ? "red" : "yellow", "^")}`);
  }
  if (d.expected) lines.push(`  ${color("cyan", "expected")}: ${d.expected}`);
  if (d.suggestion) lines.push(`  ${color("cyan", "hint")}: ${d.suggestion}`);
  return lines.join("\n");
}

/** An error that carries diagnostics to the CLI edge, where it becomes exit code 2. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join("; "));
    this.name = "InputError";
  }
}

/** A usage error (bad flags); exit code 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "UsageError";
  }
}
