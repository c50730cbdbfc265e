/**
 * Mechanical fixes: applies finding patches to YAML texts with the `yaml` Document API, so comments,
 * key order, quoting and untouched documents survive byte for byte. Only documents that change are
 * re-serialised. Pure: text in, text out (the CLI reads and writes files).
 * @module
 */
import { Document as YamlDocument, isMap, isScalar, isSeq, parseAllDocuments, type Document } from "yaml";
import type { PathSegment } from "../model/diagnostics.js";
import type { Finding, Patch } from "./types.js";

export interface FixOutcome {
  text: string;
  /** Patches applied (one per finding). */
  applied: number;
  /** Patches skipped because they conflict with an earlier patch on the same field. */
  conflicts: number;
}

/** Applies patches (all for the same file) to its text. */
export function applyPatches(text: string, patches: readonly Patch[]): FixOutcome {
  const docs = parseAllDocuments(text) as unknown as Document.Parsed[];
  if (!Array.isArray(docs)) return { text, applied: 0, conflicts: 0 };
  const touched = new Set<number>();
  const appended: string[] = [];
  const written = new Map<string, string>();
  let applied = 0;
  let conflicts = 0;
  for (const p of patches) {
    const doc = docs[p.doc];
    if (!doc) continue;
    // Two findings may want the same field (e.g. replicas 2 vs 3): the first (worst) wins.
    const clash = p.edits.some((e) => {
      const k = `${p.doc}|${JSON.stringify(e.path)}`;
      const prev = written.get(k);
      return e.op !== "add-document" && prev !== undefined && prev !== JSON.stringify(e.op === "set" ? e.value : null);
    });
    if (clash) {
      conflicts++;
      continue;
    }
    for (const e of p.edits) {
      if (e.op === "add-document") {
        const added = String(new YamlDocument(e.value));
        if (!appended.includes(added)) appended.push(added);
        continue;
      }
      written.set(`${p.doc}|${JSON.stringify(e.path)}`, JSON.stringify(e.op === "set" ? e.value : null));
      if (e.op === "set") setIn(doc, e.path, e.value);
      else if (doc.hasIn(e.path)) doc.deleteIn(e.path);
    }
    if (p.edits.some((e) => e.op !== "add-document")) touched.add(p.doc);
    applied++;
  }
  if (touched.size === 0 && appended.length === 0) return { text, applied, conflicts };
  // Rebuild: untouched documents keep their original text, changed ones are re-serialised.
  let out = "";
  let pos = 0;
  docs.forEach((doc, i) => {
    const end = doc.range[2];
    const original = text.slice(pos, end);
    if (touched.has(i)) {
      let s = String(doc);
      if (original.endsWith("\n") && !s.endsWith("\n")) s += "\n";
      out += s;
    } else out += original;
    pos = end;
  });
  out += text.slice(pos);
  for (const doc of appended) out += `${out === "" || out.endsWith("\n") ? "" : "\n"}---\n${doc}`;
  return { text: out, applied, conflicts };
}

/** `doc.setIn` that creates missing maps and keeps flow style where the parent uses it. */
function setIn(doc: Document.Parsed, path: readonly PathSegment[], value: unknown): void {
  // Create intermediate collections explicitly so sequences indexed by number stay sequences.
  for (let i = 1; i < path.length; i++) {
    const prefix = path.slice(0, i);
    const node = doc.getIn(prefix, true);
    if (node === undefined || node === null) doc.setIn(prefix, doc.createNode(typeof path[i] === "number" ? [] : {}));
    else if (!isMap(node) && !isSeq(node)) doc.setIn(prefix, doc.createNode(typeof path[i] === "number" ? [] : {}));
  }
  // Overwrite a scalar in place so its comment and quoting style survive (`replicas: 1 # TODO`).
  const existing = doc.getIn(path, true);
  if (isScalar(existing) && (value === null || typeof value !== "object")) {
    existing.value = value;
    return;
  }
  doc.setIn(path, doc.createNode(value));
}

/** Groups the patches of findings by file (absolute path, or display name for stdin). */
export function patchesByFile(findings: readonly Finding[]): Map<string, { file: string; filePath: string; patches: Patch[] }> {
  const out = new Map<string, { file: string; filePath: string; patches: Patch[] }>();
  for (const f of findings) {
    const p = f.fix.patch;
    if (!p) continue;
    const k = p.filePath || p.file;
    let entry = out.get(k);
    if (!entry) out.set(k, (entry = { file: p.file, filePath: p.filePath, patches: [] }));
    // The same object checked in several clusters yields identical patches: apply once.
    if (!entry.patches.some((q) => q.doc === p.doc && JSON.stringify(q.edits) === JSON.stringify(p.edits))) entry.patches.push(p);
  }
  return out;
}

/** A unified diff (`--- a/file` / `+++ b/file`, 3 lines of context) between two texts. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const lines = (t: string) => (t.endsWith("\n") ? t.slice(0, -1) : t).split("\n");
  const a = lines(before);
  const b = lines(after);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.op === "=") {
      i++;
      continue;
    }
    // Start a hunk `context` lines before the first change, extend while changes are near.
    let start = i;
    let back = 0;
    while (start > 0 && ops[start - 1]!.op === "=" && back < context) {
      start--;
      back++;
    }
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]!.op !== "=") lastChange = end;
      else if (end - lastChange > context * 2) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + 1 + context);
    const slice = ops.slice(start, end);
    const aStart = slice[0]!.a;
    const bStart = slice[0]!.b;
    const aLen = slice.filter((o) => o.op !== "+").length;
    const bLen = slice.filter((o) => o.op !== "-").length;
    hunks.push(`@@ -${aLen === 0 ? aStart : aStart + 1},${aLen} +${bLen === 0 ? bStart : bStart + 1},${bLen} @@`);
    for (const o of slice) hunks.push(`${o.op === "=" ? " " : o.op}${o.text}`);
    i = end;
  }
  const name = file.replace(/^\/+/, "");
  return [`--- a/${name}`, `+++ b/${name}`, ...hunks].join("\n") + "\n";
}

interface LineOp {
  op: "=" | "-" | "+";
  text: string;
  /** 0-based line index in a / b where this op sits. */
  a: number;
  b: number;
}

/** Myers' O(ND) line diff. */
function diffLines(a: string[], b: string[]): LineOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) break outer;
    }
  }
  // Backtrack.
  const ops: LineOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ op: "=", text: a[x]!, a: x, b: y });
    }
    if (d === 0) break;
    if (down) {
      y--;
      ops.push({ op: "+", text: b[y]!, a: x, b: y });
    } else {
      x--;
      ops.push({ op: "-", text: a[x]!, a: x, b: y });
    }
  }
  return ops.reverse();
}
