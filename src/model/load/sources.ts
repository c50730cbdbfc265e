/**
 * Turns `-f` arguments (files, directories, globs, `-` for stdin) into file texts, kubectl-style:
 * directories are read recursively for *.yaml, *.yml and *.json, in a stable order.
 * @module
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import type { Diagnostic } from "../diagnostics.js";

export interface SourceFile {
  /** Display name: relative to the working directory when inside it, `<stdin>` for stdin. */
  name: string;
  /** Absolute path (empty for stdin). */
  path: string;
  text: string;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(["node_modules", ".git"]);

export interface ReadOptions {
  /** Base directory for relative paths (default: process.cwd()). */
  cwd?: string;
  /** Reads stdin; injectable for tests. */
  readStdin?: () => string;
}

/** Reads every source named by `inputs`. Missing paths become diagnostics; duplicates are read once. */
export function readSources(inputs: readonly string[], opts: ReadOptions = {}): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const cwd = opts.cwd ?? process.cwd();
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    let real: string;
    try {
      // The native realpath is one syscall; the JS one lstats every path component.
      real = realpathSync.native(abs);
    } catch {
      real = abs;
    }
    if (seen.has(real)) return;
    seen.add(real);
    try {
      files.push({ name: displayName(abs), path: abs, text: readFileSync(abs, "utf8") });
    } catch (e) {
      diagnostics.push({ severity: "error", code: "unreadable-file", message: `cannot read ${displayName(abs)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file: displayName(abs) });
    }
  };
  for (const input of inputs) {
    if (input === "-") {
      if (seen.has("<stdin>")) continue;
      seen.add("<stdin>");
      const read = opts.readStdin ?? (() => readFileSync(0, "utf8"));
      files.push({ name: "<stdin>", path: "", text: read() });
      continue;
    }
    const abs = isAbsolute(input) ? input : resolve(cwd, input);
    const st = statOrUndefined(abs);
    if (st?.isDirectory()) {
      const found = walk(abs);
      if (found.length === 0) {
        diagnostics.push({
          severity: "error",
          code: "no-manifests",
          message: `directory ${displayName(abs)} holds no *.yaml, *.yml or *.json files`,
          file: displayName(abs),
        });
      }
      found.forEach(add);
    } else if (st?.isFile()) {
      add(abs);
    } else if (isDynamicPattern(input)) {
      const matches = globSync(input, { cwd, absolute: true, onlyFiles: true, dot: false }).sort();
      if (matches.length === 0) {
        diagnostics.push({ severity: "error", code: "no-match", message: `the pattern "${input}" matches no files`, file: input });
      }
      matches.forEach(add);
    } else {
      diagnostics.push({
        severity: "error",
        code: "not-found",
        message: `no such file or directory: ${input}`,
        file: input,
        suggestion: "check the path; use -f - to read from stdin",
      });
    }
  }
  return { files, diagnostics };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && MANIFEST_EXT.test(e.name)) out.push(p);
  }
  return out;
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayName(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}
