import { afterEach, describe, expect, it, vi } from "vitest";
import type { Io } from "./io.js";
import { progressBar } from "./progress.js";

function io(tty: boolean): Io & { err: string } {
  const x = {
    err: "",
    stdout: { write: () => true, isTTY: tty },
    stderr: { write: (s: string) => ((x.err += s), true), isTTY: tty },
    env: {},
    cwd: process.cwd(),
    readStdin: () => "",
    now: () => new Date(0),
  };
  return x;
}

describe("progressBar", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is absent when stderr is not a terminal (pipes and CI logs stay clean)", () => {
    expect(progressBar(io(false))).toBeUndefined();
  });

  it("redraws one line at most ten times a second, always draws the last step, and erases itself", () => {
    let now = 1_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const x = io(true);
    const bar = progressBar(x, "sweep")!;
    bar.update(1, 10);
    expect(x.err).toBe(`\r  sweep [###---------------------------] 1/10 scenarios`);
    now += 50;
    bar.update(2, 10); // within 100 ms: skipped
    expect(x.err.split("\r").length).toBe(2);
    now += 60;
    bar.update(5, 10);
    expect(x.err.endsWith(`\r  sweep [###############---------------] 5/10 scenarios`)).toBe(true);
    now += 1;
    bar.update(10, 10); // the last step is drawn even inside the 100 ms
    expect(x.err.endsWith(`] 10/10 scenarios`)).toBe(true);
    expect(x.err).not.toContain("\n");
    bar.done();
    expect(x.err.endsWith("\r\u001b[2K")).toBe(true);
  });

  it("erases nothing when nothing was drawn", () => {
    const x = io(true);
    progressBar(x)!.done();
    expect(x.err).toBe("");
  });
});
