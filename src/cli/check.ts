/** `hactl check -f ...`: availability rules over manifests and fleets, with fixes. @module */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, parse, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { InputError, suggest, UsageError } from "../model/diagnostics.js";
import type { LoadResult } from "../model/load/index.js";
import type { EngineConfig } from "../check/engine.js";
import type { Rule } from "../check/types.js";
import { EXIT, stderrColor, stdoutColor, type Io } from "./io.js";
import { colorOption, exitFor, failOnOption, filenameOption, loadOrReport, printDiagnostics, writeData, type CommonOptions } from "./shared.js";

const FORMATS = ["table", "json", "yaml", "sarif", "junit", "markdown"] as const;

interface CheckOptions extends CommonOptions {
  config?: string;
  rule: string[];
  groupBy: "object" | "rule";
  showSuppressed?: boolean;
  fix?: boolean;
  dryRun?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerCheck(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("check")
    .summary("find what in manifests and fleets breaks availability, why, and how to fix it")
    .description(
      "Run the availability rules over Kubernetes manifests (files, directories, globs, or - for stdin: " +
        "`helm template ... | hactl check -f -`) or over a fleet, where zones, objectives and the Kubernetes " +
        "version sharpen the rules. Every finding names the rule, object, file:line:column and field, the " +
        "mechanism and a fix; --fix applies the mechanical ones. Configuration: .hactl.yaml next to the " +
        "inputs (or --config); suppress one object with the annotation hactl.dev/ignore: \"<rule-id>: reason\". " +
        "Exit codes: 0 fine, 1 findings at or above --fail-on, 2 invalid input or usage, 3 internal error.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  hactl check -f k8s/\n  helm template ./chart | hactl check -f -\n  hactl check -f examples/multi-zone/fleet.yaml -o sarif > hactl.sarif\n" +
        "  hactl check -f k8s/ --fix --dry-run | git apply\n  hactl check -f k8s/ -o markdown --fail-on warning\n\nRules: hactl rules · one rule: hactl explain <rule-id>\n",
    );
  filenameOption(cmd);
  cmd.addOption(new Option("-o, --output <format>", "output format (default: table on a terminal, json otherwise)").choices([...FORMATS]));
  failOnOption(cmd, "critical");
  cmd.option("--config <file>", "check configuration (default: .hactl.yaml next to the inputs, searched upwards to the repository root)");
  cmd.option("--rule <id>", "run only this rule (repeatable)", collect, []);
  cmd.addOption(new Option("--group-by <what>", "group the table by object or by rule").choices(["object", "rule"]).default("object"));
  cmd.option("--show-suppressed", "also list findings suppressed by annotation or config");
  cmd.option("--fix", "write the mechanical fixes into the input files");
  cmd.option("--dry-run", "with --fix: print the fixes as a unified diff instead of writing them");
  colorOption(cmd);
  cmd.action(async (opts: CheckOptions) => {
    if (opts.dryRun && !opts.fix) throw new UsageError("--dry-run only applies together with --fix", "use `hactl check -f ... --fix --dry-run` to print the fixes as a patch");
    const loaded = await loadOrReport(io, opts, "any");
    if (!loaded) return setExit(EXIT.input);
    const { RULES, check, applyPatches, patchesByFile, unifiedDiff } = await import("../check/index.js");
    const rules = selectRules(RULES, opts.rule);
    const config = await loadConfig(io, opts, RULES);
    let result = check(inputOf(loaded), { config, rules });

    if (opts.fix) {
      const c = stderrColor(io, opts.color);
      // Fixes can uncover fixes (replicas 1 → 2 makes a PDB due): write, re-check, repeat a few times.
      let total = 0;
      for (let pass = 0; pass < 5; pass++) {
        const files = patchesByFile(result.findings);
        if (files.size === 0) {
          if (pass === 0) io.stderr.write(`${c("dim", "no mechanical fixes to apply")}\n`);
          break;
        }
        let written = 0;
        let applied = 0;
        for (const { file, filePath, patches } of files.values()) {
          const before = filePath ? readFileSync(filePath, "utf8") : (loaded.fleets[0]?.source.text ?? stdinText(loaded));
          const out = applyPatches(before, patches);
          applied += out.applied;
          if (opts.dryRun || !filePath) {
            if (!filePath && !opts.dryRun) io.stderr.write(`${c("yellow", "note")}: ${file} cannot be written; printing its fixes as a patch\n`);
            io.stdout.write(unifiedDiff(file, before, out.text));
          } else if (out.text !== before) {
            writeFileSync(filePath, out.text);
            written++;
          }
          if (out.conflicts > 0) io.stderr.write(`${c("yellow", "note")}: ${out.conflicts} fix(es) in ${file} conflict with another fix of the same field; run --fix again after reviewing\n`);
        }
        if (opts.dryRun || written === 0) {
          io.stderr.write(`${applied} fix(es) ${opts.dryRun ? "would be applied" : "printed"} in ${files.size} file(s)\n`);
          return setExit(exitFor(result.findings.map((f) => f.severity), opts.failOn));
        }
        total += applied;
        io.stderr.write(`${c("green", "fixed")}: ${applied} fix(es) written to ${written} file(s)\n`);
        const again = await loadOrReport(io, opts, "any");
        if (!again) return setExit(EXIT.input);
        result = check(inputOf(again), { config, rules });
      }
      if (total > 0) io.stderr.write(`${c("dim", `${total} fix(es) applied; what remains needs a human:`)}\n`);
    }

    const format = opts.output ?? (io.stdout.isTTY ? "table" : "json");
    const show = { showSuppressed: opts.showSuppressed, groupBy: opts.groupBy };
    switch (format) {
      case "table": {
        const { renderCheckTable } = await import("../report/check.js");
        io.stdout.write(`${renderCheckTable(result, stdoutColor(io, opts.color), show)}\n`);
        break;
      }
      case "json":
      case "yaml": {
        const { checkData } = await import("../report/check.js");
        writeData(io, format, checkData(result, show));
        break;
      }
      case "sarif": {
        const { renderSarif } = await import("../report/check-sarif.js");
        io.stdout.write(`${JSON.stringify(renderSarif(result, rules, show), null, 2)}\n`);
        break;
      }
      case "junit": {
        const { renderJunit } = await import("../report/check-junit.js");
        io.stdout.write(renderJunit(result, rules, junitTargets(loaded)));
        break;
      }
      case "markdown": {
        const { renderMarkdown } = await import("../report/check-markdown.js");
        io.stdout.write(renderMarkdown(result, show));
        break;
      }
    }
    setExit(exitFor(result.findings.map((f) => f.severity), opts.failOn));
  });
}

function inputOf(r: LoadResult) {
  return { fleets: r.fleets, objects: r.objects };
}

function stdinText(r: LoadResult): string {
  return r.objects.find((o) => o.source.file === "<stdin>")?.source.doc?.text ?? "";
}

function selectRules<R extends { id: string }>(all: readonly R[], ids: readonly string[]): readonly R[] {
  if (ids.length === 0) return all;
  const known = all.map((r) => r.id);
  for (const id of ids) {
    if (!known.includes(id)) throw new UsageError(`--rule ${id}: no such rule`, suggest(id, known, "rule") ?? "run `hactl rules` for the list");
  }
  return all.filter((r) => ids.includes(r.id));
}

function junitTargets(r: LoadResult) {
  const ref = (o: LoadResult["objects"][number], cluster?: string) => ({
    object: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, cluster },
    file: o.source.file,
  });
  return [...r.objects.map((o) => ref(o)), ...r.fleets.flatMap((f) => f.clusters.flatMap((c) => c.objects.map((o) => ref(o, c.name))))];
}

/** `--config FILE`, else the first .hactl.yaml found from each input's directory up to the repository root. */
async function loadConfig(io: Io, opts: CheckOptions, rules: readonly Rule[]): Promise<EngineConfig | undefined> {
  const file = opts.config ? resolve(io.cwd, opts.config) : discoverConfig(io, opts.filename);
  if (!file) return undefined;
  if (!existsSync(file)) throw new UsageError(`--config ${opts.config}: no such file`, "give the path of a .hactl.yaml, or leave --config out to use the one next to the inputs");
  const { parseCheckConfig } = await import("../check/config.js");
  const loaded = parseCheckConfig(readFileSync(file, "utf8"), displayName(io, file), file, rules);
  // Errors reach main as an InputError (printed there, exit 2); warnings are printed here.
  if (loaded.diagnostics.some((d) => d.severity === "error")) throw new InputError(loaded.diagnostics);
  printDiagnostics(io, loaded.diagnostics, opts.color);
  return loaded.config;
}

function discoverConfig(io: Io, inputs: readonly string[]): string | undefined {
  const starts = inputs.filter((i) => i !== "-").map((i) => (isAbsolute(i) ? i : resolve(io.cwd, i)));
  if (starts.length === 0) starts.push(io.cwd);
  for (const s of starts) {
    let dir = isDir(s) ? s : dirname(s);
    for (;;) {
      for (const name of [".hactl.yaml", ".hactl.yml"]) {
        const candidate = join(dir, name);
        if (existsSync(candidate) && isKind(candidate)) return candidate;
      }
      if (existsSync(join(dir, ".git")) || dir === parse(dir).root) break;
      dir = dirname(dir);
    }
  }
  return undefined;
}

/** A .hactl.yaml of another hactl kind (not a check config) is left alone. */
function isKind(file: string): boolean {
  const m = /^kind:\s*(\S+)/m.exec(readFileSync(file, "utf8"));
  return !m || m[1] === "CheckConfig";
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function displayName(io: Io, abs: string): string {
  const rel = relative(io.cwd, abs);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}
