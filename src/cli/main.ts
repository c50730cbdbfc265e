/**
 * The hactl command line: one Commander program, one file per command, exit codes with meaning.
 * Engines are imported lazily inside each command so `--help` and start-up stay fast.
 * @module
 */
import { Command, CommanderError } from "commander";
import { InputError, UsageError } from "../model/diagnostics.js";
import { VERSION } from "../version.js";
import { registerAssess } from "./assess.js";
import { registerCheck } from "./check.js";
import { registerDrill } from "./drill.js";
import { registerExplain } from "./explain.js";
import { registerGslb } from "./gslb.js";
import { EXIT, stderrColor, type Io } from "./io.js";
import { registerPlace } from "./place.js";
import { registerPlan } from "./plan.js";
import { registerRules } from "./rules.js";
import { registerSchema } from "./schema.js";
import { printDiagnostics } from "./shared.js";
import { registerValidate } from "./validate.js";

export const DOCS_URL = "https://github.com/hactl/hactl/tree/main/docs";

/** Builds the program; `setExit` receives each command's exit code. */
export function buildProgram(io: Io, programName: string, setExit: (code: number) => void): Command {
  const program = new Command(programName)
    .description(
      "hactl makes Kubernetes high availability computable: it plans HA architectures, checks fleets for " +
        "availability mistakes and predicts recovery (RTO/RPO) before an outage does.",
    )
    .version(VERSION, "--version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(stderrColor(io, undefined)("red", s.replace(/^error: /, "error: "))),
    })
    .exitOverride()
    .addHelpText(
      "after",
      `\nExit codes: 0 fine, 1 problems at or above --fail-on, 2 invalid input or usage, 3 internal error.\n` +
        `Start with: ${programName} assess -f examples/multi-zone/fleet.yaml\nDocs: ${DOCS_URL}`,
    );
  registerAssess(program, io, setExit);
  registerCheck(program, io, setExit);
  registerRules(program, io, setExit);
  registerExplain(program, io, setExit);
  registerPlan(program, io, setExit);
  registerPlace(program, io, setExit);
  registerDrill(program, io, setExit);
  registerValidate(program, io, setExit);
  registerSchema(program, io, setExit);
  registerGslb(program, io, setExit);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.showSuggestionAfterError(true);
    cmd.configureOutput(program.configureOutput());
  }
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io, programName = "hactl"): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, programName, (c) => (code = c));
  const color = stderrColor(io, argv.includes("--no-color") ? false : undefined);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      io.stderr.write(`${color("dim", `run '${programName} ${argv[0] && !argv[0].startsWith("-") ? `${argv[0]} ` : ""}--help' for usage`)}\n`);
      return EXIT.input;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`${color("red", "error")}: ${e.message}\n`);
      if (e.hint) io.stderr.write(`  ${color("cyan", "hint")}: ${e.hint}\n`);
      return EXIT.input;
    }
    if (e instanceof InputError) {
      printDiagnostics(io, e.diagnostics, undefined);
      return EXIT.input;
    }
    const err = e as Error;
    io.stderr.write(
      `${color("red", "internal error")}: ${err?.message ?? String(e)}\n` +
        `This is a bug in hactl, not in your input. Please report it with the command and input that caused it.\n`,
    );
    if (io.env["HACTL_DEBUG"]) io.stderr.write(`${err?.stack ?? ""}\n`);
    else io.stderr.write(`${color("dim", "(set HACTL_DEBUG=1 for a stack trace)")}\n`);
    return EXIT.internal;
  }
}
