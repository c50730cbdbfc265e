/**
 * Locating a field in block-style YAML by reading lines, without parsing the document: the common
 * shape of Kubernetes manifests (block maps, block sequences — also "compact" ones at the key's
 * indentation — and scalars). Anything else — flow collections, anchors, aliases, tags, complex keys,
 * multi-line keys — answers `undefined`, and the caller falls back to the full parse. The answer
 * is the same offset the `yaml` library's node ranges give (property-tested against it).
 * @module
 */
import type { PathSegment } from "../diagnostics.js";

export interface QuickLocation {
  offset: number;
  exact: boolean;
}

interface Line {
  start: number;
  indent: number;
  /** Text after the indentation, without the line break and trailing spaces. */
  body: string;
}

/** Offset of the node at `path` in the document starting at `docStart`; undefined when unsure. */
export function quickLocate(text: string, docStart: number, path: readonly PathSegment[], opts: { key?: boolean } = {}): QuickLocation | undefined {
  const lines = readLines(text, docStart);
  if (lines === undefined) return undefined;
  // The node we are in: where its content starts (line index and column) and its kind.
  let at = { line: 0, col: lines[0]?.indent ?? 0, offset: docStart };
  let keyOffset = docStart;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const body = contentAt(lines, at);
    if (body === undefined) return undefined;
    if (typeof seg === "string") {
      if (body.startsWith("- ") || body === "-") return missing(keyOffset);
      const found = findKey(lines, at, seg);
      if (found === "unsure") return undefined;
      if (found === undefined) return { offset: keyOffset, exact: false };
      if (last && opts.key) return { offset: found.keyOffset, exact: true };
      if (!last && found.value.opaque) return undefined;
      keyOffset = found.keyOffset;
      at = found.value;
    } else {
      if (!(body.startsWith("- ") || body === "-")) return missing(keyOffset);
      const found = findItem(lines, at, seg);
      if (found === "unsure") return undefined;
      // Past the end: like the full parse, point at the sequence itself.
      if (found === undefined) return { offset: at.offset, exact: false };
      at = found;
      keyOffset = found.offset;
    }
  }
  const body = contentAt(lines, at);
  if (body === undefined) return undefined;
  return { offset: at.offset, exact: true };
}

function missing(keyOffset: number): QuickLocation {
  return { offset: keyOffset, exact: false };
}

/** Lines of the document from `docStart` to the next document marker; undefined if it uses syntax we do not read. */
function readLines(text: string, docStart: number): Line[] | undefined {
  const out: Line[] = [];
  let offset = text.lastIndexOf("\n", docStart - 1) + 1;
  let first = true;
  while (offset < text.length) {
    const nl = text.indexOf("\n", offset);
    const end = nl === -1 ? text.length : nl;
    let raw = text.slice(offset, end);
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    if (!first && /^(---|\.\.\.)(\s|$)/.test(raw)) break;
    let start = offset;
    if (first) {
      // The document may start mid-line (`--- key: v`); read from its first character.
      const col = docStart - offset;
      raw = " ".repeat(col) + raw.slice(col);
      start = offset;
      first = false;
    }
    const trimmed = raw.trimStart();
    if (trimmed.includes("\t") && /^\s*\t/.test(raw)) return undefined;
    out.push({ start, indent: raw.length - trimmed.length, body: trimmed.replace(/\s+$/, "") });
    if (nl === -1) break;
    offset = nl + 1;
  }
  return out;
}

function isBlank(l: Line): boolean {
  return l.body === "" || l.body.startsWith("#");
}

/** The body text from position `at` on its line. */
function contentAt(lines: Line[], at: { line: number; col: number }): string | undefined {
  const l = lines[at.line];
  if (!l) return undefined;
  return l.body.slice(at.col - l.indent);
}

const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#"'\-?:,[\]{}&*!|>%@`][^#]*?|-[^\s#][^#]*?))[ ]*:(?:\s|$)/;

function parseKey(s: string): { key: string; length: number; valueStart: number } | "unsure" | undefined {
  const m = KEY.exec(s);
  if (!m) {
    if (/^[?&*!{[]/.test(s)) return "unsure";
    return undefined;
  }
  let key: string;
  if (m[1] !== undefined) {
    if (m[1].includes("\\")) return "unsure";
    key = m[1];
  } else if (m[2] !== undefined) key = m[2].replace(/''/g, "'");
  else key = m[3]!.replace(/\s+$/, "");
  if (key.includes(": ") || key.includes(" #")) return "unsure";
  let valueStart = m[0].length;
  while (s[valueStart] === " ") valueStart++;
  return { key, length: m[0].length, valueStart };
}

/**
 * Finds key `name` in the block map whose first key is at `at`. Returns where the key is and where
 * its value node starts.
 */
function findKey(
  lines: Line[],
  at: { line: number; col: number; offset: number },
  name: string,
): { keyOffset: number; value: { line: number; col: number; offset: number; opaque?: boolean } } | "unsure" | undefined {
  const indent = at.col;
  for (const { i, l, col, s } of blockLines(lines, at)) {
    if (s.startsWith("- ") || s === "-") {
      // At the map's own indentation a dash line is a compact sequence under the previous key.
      if (i === at.line) return undefined;
      continue;
    }
    const k = parseKey(s);
    if (k === "unsure") return "unsure";
    if (k === undefined) return "unsure";
    if (k.key !== name) continue;
    const keyOffset = l.start + col;
    const rest = s.slice(k.valueStart);
    if (rest !== "" && !rest.startsWith("#")) {
      if (/^[&*!]/.test(rest)) return "unsure";
      // A flow collection (`resources: {}`) can be pointed at, but not walked into.
      return { keyOffset, value: { line: i, col: col + k.valueStart, offset: l.start + col + k.valueStart, opaque: /^[{[]/.test(rest) } };
    }
    // The value is on the following lines: a nested block (deeper, or a compact sequence at this indentation).
    const nested = nestedBlock(lines, i, indent, true);
    return nested === "unsure" ? nested : { keyOffset, value: nested };
  }
  return undefined;
}

/** The lines of the block that starts at `at`: its first line from `at`'s column, then the lines at its indentation. */
function* blockLines(lines: Line[], at: { line: number; col: number }): Generator<{ i: number; l: Line; col: number; s: string }, undefined> {
  const indent = at.col;
  for (let i = at.line; i < lines.length; i++) {
    const l = lines[i]!;
    if (i === at.line) {
      yield { i, l, col: at.col, s: l.body.slice(at.col - l.indent) };
      continue;
    }
    if (isBlank(l)) continue;
    if (l.indent < indent) return undefined;
    if (l.indent > indent) continue;
    yield { i, l, col: l.indent, s: l.body };
  }
  return undefined;
}

/**
 * Where the node under line `i` starts when its value is on the following lines: the next content line
 * if deeper (or, for a map key, a compact sequence at the same indentation). Anything else — an empty
 * value, where yaml places a null scalar after the colon, or a flow/anchor/block-scalar start — is unsure.
 */
function nestedBlock(lines: Line[], i: number, indent: number, compactSeq: boolean): { line: number; col: number; offset: number } | "unsure" {
  for (let j = i + 1; j < lines.length; j++) {
    const n = lines[j]!;
    if (isBlank(n)) continue;
    if (n.indent > indent || (compactSeq && n.indent === indent && (n.body.startsWith("- ") || n.body === "-"))) {
      if (/^[{[&*!|>]/.test(n.body)) return "unsure";
      return { line: j, col: n.indent, offset: n.start + n.indent };
    }
    break;
  }
  return "unsure";
}

/** Finds item `index` of the block sequence whose first dash is at `at`; returns where the item's node starts. */
function findItem(lines: Line[], at: { line: number; col: number; offset: number }, index: number): { line: number; col: number; offset: number } | "unsure" | undefined {
  const indent = at.col;
  let n = -1;
  for (const { i, l, col, s } of blockLines(lines, at)) {
    if (!(s.startsWith("- ") || s === "-")) return undefined;
    n++;
    if (n !== index) continue;
    let k = 1;
    while (s[k] === " ") k++;
    const rest = s.slice(k);
    if (rest !== "" && !rest.startsWith("#")) {
      if (/^[{[&*!]/.test(rest) || rest.startsWith("- ")) return "unsure";
      return { line: i, col: col + k, offset: l.start + col + k };
    }
    return nestedBlock(lines, i, indent, false);
  }
  return undefined;
}
