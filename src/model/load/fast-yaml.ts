/**
 * The fast path for Kubernetes manifests. The `yaml` library keeps every position, which costs
 * ~10x the parse time of js-yaml (measured on 10,000 objects: 2.4–4.1 s vs 0.23–0.33 s, see
 * bench/results/check.md). Manifests need positions only for the fields a finding points at, so
 * values come from js-yaml and each document's start from a line scan; the position-keeping
 * `yaml` parse of a file happens lazily, the first time something is located in it.
 *
 * Anything unusual falls back to the full parse: hactl documents (validated field by field),
 * syntax errors and duplicate keys (the full parse locates them), `List` kinds, and documents
 * the line scan cannot match one-to-one with js-yaml's.
 * @module
 */
import jsyaml from "js-yaml";
import { isScalar, LineCounter, parseAllDocuments, type Document } from "yaml";
import type { ParsedDocument, SourceDoc } from "./yaml-source.js";

const MARKER = /^(---|\.\.\.)(?=\s|$)/;

interface Segment {
  /** Offset of the first content character of the document. */
  contentStart: number;
  /** Its 1-based line and column. */
  line: number;
  column: number;
  /** Index of the document among all documents of the stream, empty ones included. */
  docIndex: number;
}

/**
 * Parses manifests quickly; returns undefined when the text needs the full parse.
 * `documents[i].source.doc` is parsed on first access (once per file).
 */
export function parseManifestsFast(file: string, text: string, path = ""): ParsedDocument[] | undefined {
  if (text.includes("hactl.dev/")) return undefined;
  const values: unknown[] = [];
  try {
    jsyaml.loadAll(text, (d) => values.push(d), { schema: jsyaml.CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.some((v) => !isPlainObject(v) || isList(v))) return undefined;
  const segments = contentSegments(text);
  if (segments.length !== present.length) return undefined;

  let full: Full | undefined;
  const parseFull = (): Full => {
    if (!full) {
      const lines = new LineCounter();
      const all = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true }) as unknown as Document.Parsed[];
      // Empty documents (comments only) have a null scalar as contents.
      const empty = (d: Document.Parsed) => d.contents === null || (isScalar(d.contents) && d.contents.value === null);
      full = { docs: all.filter((d) => !empty(d)), lines };
    }
    return full;
  };
  let lineStarts: number[] | undefined;
  // Positions inside documents are rare (findings only): index the lines on first use.
  const at = (offset: number) => position((lineStarts ??= lineStartOffsets(text)), offset);
  return present.map((value, k) => {
    const seg = segments[k]!;
    const source = new LazySourceDoc(file, path, text, k, seg.docIndex, parseFull, { line: seg.line, column: seg.column, offset: seg.contentStart }, at);
    return { source, value };
  });
}

interface Full {
  /** Documents with content, in order. */
  docs: Document.Parsed[];
  lines: LineCounter;
}

/** A SourceDoc whose syntax tree is parsed on first access (once per file, shared by its documents). */
class LazySourceDoc implements SourceDoc {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly text: string,
    private readonly k: number,
    readonly index: number,
    private readonly parseFull: () => Full,
    readonly start: { line: number; column: number; offset: number },
    readonly position: (offset: number) => { line: number; column: number },
  ) {}

  get doc(): Document.Parsed {
    return this.parseFull().docs[this.k]!;
  }

  get lines(): LineCounter {
    return this.parseFull().lines;
  }
}

/**
 * The documents that hold content (not only comments, blanks or directives): where the content
 * starts and the document's index in the stream as the `yaml` library counts it — every `---`
 * starts a document, and so does content after the stream start or a `...` without one.
 */
export function contentSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let docs = 0;
  let open = false;
  let hasContent = false;
  let offset = 0;
  let lineNo = 0;
  while (offset <= text.length) {
    lineNo++;
    const nl = text.indexOf("\n", offset);
    const end = nl === -1 ? text.length : nl;
    const c = text.charCodeAt(offset);
    // Inside a document only a marker at column 0 matters: skip other lines without slicing them.
    if (!hasContent || c === 45 /* - */ || c === 46 /* . */) {
      const line = text.slice(offset, end);
      const marker = MARKER.exec(line);
      if (marker) {
        hasContent = false;
        if (marker[1] === "...") open = false;
        else {
          docs++;
          open = true;
          // `--- {a: 1}` puts content on the marker line itself.
          const rest = line.slice(3);
          const m = /^\s+(?!#)(\S)/.exec(rest);
          if (m) {
            const col = 3 + rest.indexOf(m[1]!);
            out.push({ contentStart: offset + col, line: lineNo, column: col + 1, docIndex: docs - 1 });
            hasContent = true;
          }
        }
      } else if (!hasContent && !(line.startsWith("%") && !open) && isContentLine(line)) {
        if (!open) {
          docs++;
          open = true;
        }
        const col = line.length - line.trimStart().length;
        out.push({ contentStart: offset + col, line: lineNo, column: col + 1, docIndex: docs - 1 });
        hasContent = true;
      }
    }
    if (nl === -1) break;
    offset = nl + 1;
  }
  return out;
}

function isContentLine(line: string): boolean {
  const t = line.trim();
  return t !== "" && !t.startsWith("#");
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isList(v: Record<string, unknown>): boolean {
  return typeof v["kind"] === "string" && (v["kind"] as string).endsWith("List") && Array.isArray(v["items"]);
}
