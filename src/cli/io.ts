/**
 * The CLI's edge to the process: streams, TTY detection, environment. Commands receive an Io so
 * tests can run them in-process; only hactl.ts binds it to the real process.
 * @module
 */
import { readFileSync } from "node:fs";
import { colorizer, type Colorize } from "../report/text.js";

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  readStdin(): string;
  now(): Date;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdin: () => readFileSync(0, "utf8"),
    now: () => new Date(),
  };
}

/** Exit codes of every hactl command. */
export const EXIT = {
  ok: 0,
  /** Problems at or above --fail-on. */
  problems: 1,
  /** Invalid input or usage. */
  input: 2,
  /** A bug in hactl. */
  internal: 3,
} as const;

/** Colours on stdout: on a TTY unless NO_COLOR is set or --no-color given; FORCE_COLOR forces them. */
export function stdoutColor(io: Io, flag: boolean | undefined): Colorize {
  return colorizer(colorEnabled(io, io.stdout.isTTY, flag));
}

export function stderrColor(io: Io, flag: boolean | undefined): Colorize {
  return colorizer(colorEnabled(io, io.stderr.isTTY, flag));
}

function colorEnabled(io: Io, tty: boolean | undefined, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env["NO_COLOR"] !== undefined && io.env["NO_COLOR"] !== "") return false;
  if (io.env["FORCE_COLOR"] !== undefined && io.env["FORCE_COLOR"] !== "0") return true;
  return tty === true && io.env["TERM"] !== "dumb";
}
