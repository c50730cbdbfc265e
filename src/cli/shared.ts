/**
 * What every command shares: the -f / -o / --fail-on / --no-color options, loading inputs with
 * diagnostics on stderr, and writing results in the chosen format.
 * @module
 */
import { Option, type Command } from "commander";
import { stringify } from "yaml";
import { formatDiagnostic, hasErrors, sortDiagnostics, UsageError, type Diagnostic } from "../model/diagnostics.js";
import type { LoadResult } from "../model/load/index.js";
import { EXIT, stderrColor, type Io } from "./io.js";

export type OutputFormat = "table" | "json" | "yaml";
export type Severity = "critical" | "warning" | "info";

export interface CommonOptions {
  filename: string[];
  output?: string;
  color?: boolean;
  failOn?: Severity | "none";
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `-f, --filename` (repeatable), like kubectl. */
export function filenameOption(cmd: Command, what = "fleet file, manifest file, directory, glob, or - for stdin"): Command {
  return cmd.option("-f, --filename <path>", `${what} (repeatable)`, collect, []);
}

/** `-o, --output` with the given formats; default table on a terminal, json otherwise. */
export function outputOption(cmd: Command, formats: readonly string[] = ["table", "json", "yaml"], dflt = "table on a terminal, json otherwise"): Command {
  return cmd.addOption(new Option("-o, --output <format>", `output format (default: ${dflt})`).choices(formats));
}

export function failOnOption(cmd: Command, dflt: Severity | "none" = "critical"): Command {
  return cmd.addOption(
    new Option("--fail-on <severity>", "exit 1 when a problem of this severity or worse is found").choices(["critical", "warning", "info", "none"]).default(dflt),
  );
}

export function colorOption(cmd: Command): Command {
  return cmd.option("--no-color", "disable colours (also: NO_COLOR=1)");
}

export function resolveFormat(io: Io, output: string | undefined): OutputFormat {
  if (output) return output as OutputFormat;
  return io.stdout.isTTY ? "table" : "json";
}

/** Writes a result as JSON or YAML; tables are rendered by the command. */
export function writeData(io: Io, format: "json" | "yaml", data: unknown): void {
  if (format === "json") io.stdout.write(`${JSON.stringify(data, jsonReplacer, 2)}\n`);
  else io.stdout.write(stringify(JSON.parse(JSON.stringify(data, jsonReplacer)), { lineWidth: 0 }));
}

/** Infinity (an unbounded recovery) has no JSON form; it is written as null. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** Prints diagnostics on stderr (errors and warnings), sorted by location. */
export function printDiagnostics(io: Io, diags: readonly Diagnostic[], color: boolean | undefined): void {
  const c = stderrColor(io, color);
  for (const d of sortDiagnostics(diags)) io.stderr.write(`${formatDiagnostic(d, c)}\n`);
}

/** Loads `-f` inputs; prints diagnostics; returns undefined (→ exit 2) when there are errors. */
export async function loadOrReport(io: Io, opts: CommonOptions, need: "fleet" | "any" = "fleet"): Promise<LoadResult | undefined> {
  if (opts.filename.length === 0) {
    throw new UsageError("no input given", "pass a fleet or manifests with -f FILE (or -f - for stdin); examples/ has fleets to try");
  }
  const { loadInputs } = await import("../model/load/index.js");
  const r = loadInputs(opts.filename, { cwd: io.cwd, readStdin: io.readStdin, now: io.now() });
  printDiagnostics(io, r.diagnostics, opts.color);
  if (hasErrors(r.diagnostics)) {
    const n = r.diagnostics.filter((d) => d.severity === "error").length;
    io.stderr.write(`${stderrColor(io, opts.color)("red", "error")}: ${n} problem${n === 1 ? "" : "s"} in the input; nothing was ${need === "fleet" ? "planned" : "checked"}\n`);
    return undefined;
  }
  if (need === "fleet" && r.fleets.length === 0) {
    throw new UsageError(
      `no Fleet found in ${opts.filename.join(", ")} (${r.objects.length} Kubernetes object${r.objects.length === 1 ? "" : "s"} read)`,
      "this command needs a fleet (apiVersion: hactl.dev/v1alpha1, kind: Fleet); write one with `hactl plan --init`",
    );
  }
  return r;
}

const RANK: Record<string, number> = { critical: 3, warning: 2, info: 1 };

/** Exit code from the worst severity found and --fail-on. */
export function exitFor(severities: Iterable<Severity>, failOn: Severity | "none" | undefined): number {
  if (!failOn || failOn === "none") return EXIT.ok;
  for (const s of severities) if (RANK[s]! >= RANK[failOn]!) return EXIT.problems;
  return EXIT.ok;
}
