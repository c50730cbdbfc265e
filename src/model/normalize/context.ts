/**
 * Shared state of one normalisation: the document being normalised and a place to put diagnostics
 * located in it. Normalisation is pure: files were read by the loader before.
 * @module
 */
import { formatPath, suggest, type Diagnostic, type PathSegment } from "../diagnostics.js";
import { diagnosticAt, type SourceDoc } from "../load/yaml-source.js";

export class NormalizeContext {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly source: SourceDoc, readonly now: Date) {}

  error(path: PathSegment[], code: string, message: string, extra: { expected?: string; suggestion?: string } = {}): void {
    this.diagnostics.push(diagnosticAt(this.source, path, { severity: "error", code, message, path: formatPath(path), ...extra }));
  }

  warn(path: PathSegment[], code: string, message: string, extra: { expected?: string; suggestion?: string } = {}): void {
    this.diagnostics.push(diagnosticAt(this.source, path, { severity: "warning", code, message, path: formatPath(path), ...extra }));
  }

  /** Reports a name that resolves to nothing, with the near miss among `known`. */
  unresolved(path: PathSegment[], noun: string, value: string, known: readonly string[]): void {
    this.error(path, "unresolved-reference", `${noun} "${value}" does not exist`, {
      suggestion: suggest(value, known, noun),
    });
  }

  /** Reports every name that appears twice in a list. */
  duplicates<T>(items: readonly T[], nameOf: (t: T) => string, pathOf: (i: number) => PathSegment[], noun: string): void {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const n = nameOf(item);
      const prev = first.get(n);
      if (prev !== undefined) {
        const loc = diagnosticAt(this.source, pathOf(prev), { severity: "error", code: "", message: "" });
        this.error(pathOf(i), "duplicate-name", `${noun} "${n}" is defined twice (first at line ${loc.line})`, {
          suggestion: `give each ${noun} a unique name`,
        });
      } else first.set(n, i);
    });
  }
}
