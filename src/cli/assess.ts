/** `hactl assess -f FLEET`: the main job — one HA scorecard per fleet. @module */
import type { Command } from "commander";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption, exitFor, failOnOption, filenameOption, loadOrReport, outputOption, resolveFormat, writeData, type CommonOptions } from "./shared.js";

export function registerAssess(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("assess")
    .summary("the main job: one HA scorecard per fleet (architecture, objectives, worst problems, what to do)")
    .description(
      "Run every engine that applies to the fleet (validate, plan, check, and a drill sweep of every single " +
        "failure domain on the scheduler twin) and print one HA scorecard per fleet: " +
        "the described and recommended architecture, each objective met or missed (predicted by the drill), the problems worst " +
        "first with their mechanism and fix, and what to do first. " +
        "Exit codes: 0 fine, 1 problems at or above --fail-on, 2 invalid input or usage, 3 internal error.",
    )
    .addHelpText("after", "\nExamples:\n  hactl assess -f examples/multi-zone/fleet.yaml\n  hactl assess -f fleet.yaml -o json --fail-on warning\n  hactl assess -f huge-fleet.yaml --no-drill      # skip the sweep on very large fleets\n");
  filenameOption(cmd, "fleet file(s), directories or globs (or - for stdin)");
  outputOption(cmd);
  failOnOption(cmd, "critical");
  colorOption(cmd);
  cmd.option("--no-drill", "skip the drill sweep (objectives then rest on the seeds' architecture matrix)");
  cmd.action(async (opts: CommonOptions & { drill?: boolean }) => {
    const r = await loadOrReport(io, opts);
    if (!r) return setExit(EXIT.input);
    const { assessFleet } = await import("../assess/index.js");
    const warnings = r.diagnostics.filter((d) => d.severity === "warning");
    const { progressBar } = await import("./progress.js");
    const cards = r.fleets.map((f) => {
      const progress = opts.drill === false ? undefined : progressBar(io, `assess ${f.name}: drill`);
      const card = assessFleet(f, warnings, { drill: opts.drill, progress: progress?.update });
      progress?.done();
      return card;
    });
    const format = resolveFormat(io, opts.output);
    if (format === "table") {
      const { renderScorecard } = await import("../report/assess.js");
      const c = stdoutColor(io, opts.color);
      io.stdout.write(`${cards.map((s) => renderScorecard(s, c)).join("\n\n")}\n`);
    } else {
      const data = cards.map(({ plan, ...rest }) => ({ ...rest, plan: { recommended: plan.recommended, alternatives: plan.alternatives, described: plan.described } }));
      writeData(io, format, data.length === 1 ? data[0] : data);
    }
    setExit(exitFor(cards.flatMap((s) => s.problems.map((p) => p.severity)), opts.failOn));
  });
}
