/** `hactl validate -f FLEET`: every problem in the input at once, located. @module */
import type { Command } from "commander";
import { hasErrors } from "../model/diagnostics.js";
import { table } from "../report/text.js";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption, filenameOption, outputOption, printDiagnostics, resolveFormat, writeData, type CommonOptions } from "./shared.js";

export function registerValidate(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("validate")
    .summary("check a fleet and its manifests for errors (schema, references, YAML)")
    .description(
      "Validate fleet files and Kubernetes manifests: YAML syntax, the Fleet schema, and every reference " +
        "(zones, clusters, nodes, workloads, backups). All problems are reported at once, each with " +
        "file:line:column, the field path, what was expected and a suggestion. Exit code 2 when any error is found.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  hactl validate -f examples/multi-zone/fleet.yaml\n  hactl validate -f fleet.yaml -o json\n  helm template ./chart | hactl validate -f -",
    );
  filenameOption(cmd);
  outputOption(cmd);
  colorOption(cmd);
  cmd.action(async (opts: CommonOptions) => {
    if (opts.filename.length === 0) {
      const { UsageError } = await import("../model/diagnostics.js");
      throw new UsageError("no input given", "pass a fleet or manifests with -f FILE (or -f - for stdin)");
    }
    const { loadInputs } = await import("../model/load/index.js");
    const r = loadInputs(opts.filename, { cwd: io.cwd, readStdin: io.readStdin, now: io.now() });
    printDiagnostics(io, r.diagnostics, opts.color);
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = r.diagnostics.length - errors;
    const fleets = r.fleets.map((f) => ({
      name: f.name,
      file: f.source.file,
      sites: f.sites.length,
      zones: f.zones.length,
      clusters: f.clusters.length,
      nodes: f.clusters.reduce((n, c) => n + c.nodes.length, 0),
      objects: f.objects.length,
    }));
    const format = resolveFormat(io, opts.output);
    if (format === "table") {
      const c = stdoutColor(io, opts.color);
      if (fleets.length > 0) {
        io.stdout.write(
          `${table(
            ["fleet", "file", "sites", "zones", "clusters", "nodes", "objects"],
            fleets.map((f) => [f.name, f.file, String(f.sites), String(f.zones), String(f.clusters), String(f.nodes), String(f.objects)]),
          )}\n`,
        );
      } else if (r.objects.length > 0) {
        io.stdout.write(`${r.objects.length} Kubernetes object(s) read, no fleet\n`);
      }
      io.stdout.write(
        errors > 0
          ? `${c("red", "invalid")}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`
          : `${c("green", "valid")}${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}\n`,
      );
    } else {
      writeData(io, format, { valid: errors === 0, errors, warnings, fleets, objects: r.objects.length, diagnostics: r.diagnostics.map(({ sourceLine: _s, ...d }) => d) });
    }
    setExit(hasErrors(r.diagnostics) ? EXIT.input : EXIT.ok);
  });
}
