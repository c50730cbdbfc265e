/**
 * YAML/JSON parsing that keeps positions. Every document remembers its file and syntax tree so any
 * field (even one that does not exist yet) can be mapped back to file:line:column.
 * @module
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from "yaml";
import type { Diagnostic, PathSegment } from "../diagnostics.js";
import { quickLocate } from "./quick-locate.js";

/** One parsed document of one file. */
export interface SourceDoc {
  /** Display name (relative to the working directory, or `<stdin>`). */
  file: string;
  /** Absolute path; empty for stdin and in-memory texts. */
  path: string;
  /** 0-based index of the document within its file. */
  index: number;
  doc: Document.Parsed;
  lines: LineCounter;
  text: string;
  /** Where the document's content starts, when known without a full parse (fast path). */
  start?: { line: number; column: number; offset: number };
  /** Offset → 1-based line and column without a full parse (fast path). */
  position?: (offset: number) => { line: number; column: number };
}

export interface ParsedDocument {
  source: SourceDoc;
  value: unknown;
}

export interface Location {
  file: string;
  line: number;
  column: number;
  /** False when the path does not exist and the location is its nearest existing parent. */
  exact: boolean;
}

/** Parses every document of a YAML or JSON text; syntax errors become diagnostics with positions. */
export function parseYamlDocuments(file: string, text: string, path = ""): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false }) as unknown as Document.Parsed[];
  } catch (e) {
    diagnostics.push({ severity: "error", code: "yaml-syntax", message: `cannot parse: ${(e as Error).message}`, file });
    return { documents, diagnostics };
  }
  if (!Array.isArray(docs)) docs = [];
  docs.forEach((doc, index) => {
    const source: SourceDoc = { file, path, index, doc, lines, text };
    for (const err of doc.errors) {
      const pos = lines.linePos(err.pos[0]);
      diagnostics.push({
        severity: "error",
        code: "yaml-syntax",
        message: yamlMessage(err.message, text),
        file,
        line: pos.line,
        column: pos.col,
        sourceLine: lineText(text, lines, pos.line),
        suggestion: syntaxHint(err.code, text),
      });
    }
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      diagnostics.push({ severity: "error", code: "yaml-syntax", message: (e as Error).message, file, line: 1, column: 1 });
      return;
    }
    documents.push({ source, value });
  });
  return { documents, diagnostics };
}

function yamlMessage(message: string, _text: string): string {
  // The yaml library appends "at line X, column Y" and a code frame; we print our own.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
}

function syntaxHint(code: string, text: string): string | undefined {
  if (code === "DUPLICATE_KEY") return "remove or rename one of the duplicate keys (Kubernetes rejects duplicate fields)";
  if (/\{\{/.test(text)) return "this looks like an unrendered Helm template: run `helm template` and pipe it in with `-f -`";
  if (code === "TAB_AS_INDENT" || /\t/.test(text)) return "YAML indentation must use spaces, not tabs";
  return undefined;
}

/** The text of a 1-based line. */
export function lineText(text: string, lines: LineCounter, line: number): string | undefined {
  const start = lines.lineStarts[line - 1];
  if (start === undefined) return undefined;
  const end = lines.lineStarts[line] ?? text.length;
  return text.slice(start, end).replace(/\r?\n$/, "");
}

/**
 * Finds the node at `path` in a document. With `key: true` the location is that of the map key
 * (for "unknown field" errors). When the path does not exist, the nearest existing parent is used.
 */
export function locate(source: SourceDoc, path: readonly PathSegment[], opts: { key?: boolean } = {}): Location {
  if (source.start && source.position) {
    // Fast path: read the lines instead of parsing the document, when its shape allows.
    if (path.length === 0) return { file: source.file, line: source.start.line, column: source.start.column, exact: true };
    const q = quickLocate(source.text, source.start.offset, path, opts);
    if (q) return { file: source.file, ...source.position(q.offset), exact: q.exact };
  }
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  // Where the current node's own key is, so a missing child points at its parent's key line.
  let keyOffset = offset;
  let exact = true;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && scalarValue(p.key) === seg);
      if (!pair) {
        exact = false;
        offset = keyOffset;
        break;
      }
      if (last && opts.key) {
        offset = rangeStart(pair.key) ?? offset;
        node = pair.key;
        break;
      }
      node = pair.value;
      keyOffset = rangeStart(pair.key) ?? offset;
      offset = rangeStart(pair.value) ?? keyOffset;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      node = node.items[seg];
      offset = rangeStart(node) ?? offset;
      keyOffset = offset;
    } else {
      exact = false;
      break;
    }
  }
  const pos = source.lines.linePos(offset);
  return { file: source.file, line: pos.line, column: pos.col, exact };
}

/** The map keys present at `path` (for "did you mean" on unknown fields). */
export function keysAt(source: SourceDoc, path: readonly PathSegment[]): string[] {
  const node = source.doc.getIn(path, true) as YamlNode | undefined;
  const target = path.length === 0 ? source.doc.contents : node;
  if (!isMap(target)) return [];
  return target.items.map((p) => String(scalarValue(p.key)));
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? r[0] : undefined;
}

/** A diagnostic located at `path` in `source`, with a code frame. */
export function diagnosticAt(
  source: SourceDoc,
  path: readonly PathSegment[],
  d: Omit<Diagnostic, "file" | "line" | "column" | "sourceLine">,
  opts: { key?: boolean } = {},
): Diagnostic {
  const loc = locate(source, path, opts);
  return { ...d, file: loc.file, line: loc.line, column: loc.column, sourceLine: lineText(source.text, source.lines, loc.line) };
}
