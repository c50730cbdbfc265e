/** The sweep's progress bar: on stderr when stderr is a terminal, never in the data on stdout. */
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

function io(tty: boolean): Io & { out: string; err: string } {
  const x = {
    out: "",
    err: "",
    stdout: { write: (s: string) => ((x.out += s), true), isTTY: false },
    stderr: { write: (s: string) => ((x.err += s), true), isTTY: tty },
    env: {},
    cwd: process.cwd(),
    readStdin: () => "",
    now: () => new Date("2026-11-21T00:00:00Z"),
  };
  return x;
}

const ARGS = ["drill", "-f", "examples/single-dc/fleet.yaml", "--sweep", "-o", "json"];

describe("drill --sweep progress", () => {
  it("draws the bar on a terminal's stderr up to every scenario, erases it, and leaves stdout plain JSON", async () => {
    const x = io(true);
    expect(await main(ARGS, x)).toBe(0);
    const sweep = JSON.parse(x.out);
    const total: number = sweep.total;
    expect(total).toBeGreaterThan(3);
    expect(x.err).toContain(`] ${total}/${total} scenarios`);
    expect(x.err.startsWith("\r  drill [")).toBe(true);
    expect(x.err.endsWith("\r\u001b[2K")).toBe(true);
  });

  it("prints nothing on stderr when it is a pipe", async () => {
    const x = io(false);
    expect(await main(ARGS, x)).toBe(0);
    expect(x.err).toBe("");
    expect(JSON.parse(x.out).total).toBeGreaterThan(3);
  });
});
