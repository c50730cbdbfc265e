import { describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { main } from "./main.js";

type MemoryIo = Io & { out: string; err: string };

function memoryIo(overrides: Partial<Io> = {}): MemoryIo {
  const io: MemoryIo = {
    out: "",
    err: "",
    stdout: { write: (s: string): boolean => ((io.out += s), true), isTTY: false },
    stderr: { write: (s: string): boolean => ((io.err += s), true), isTTY: false },
    env: {} as Record<string, string | undefined>,
    cwd: process.cwd(),
    readStdin: () => "",
    now: () => new Date("2026-11-21T00:00:00Z"),
    ...overrides,
  };
  return io;
}

describe("main", () => {
  it("turns an unexpected exception into exit 3 with a report request and no stack trace", async () => {
    const io = memoryIo({
      readStdin: () => {
        throw new TypeError("boom");
      },
    });
    expect(await main(["validate", "-f", "-"], io)).toBe(3);
    expect(io.err).toMatch(/internal error: boom\nThis is a bug in hactl/);
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it("prints the stack trace for internal errors with HACTL_DEBUG=1", async () => {
    const io = memoryIo({
      env: { HACTL_DEBUG: "1" },
      readStdin: () => {
        throw new TypeError("boom");
      },
    });
    expect(await main(["validate", "-f", "-"], io)).toBe(3);
    expect(io.err).toMatch(/\n\s+at /);
  });

  it("prints help and exits 0 without arguments", async () => {
    const io = memoryIo();
    expect(await main([], io)).toBe(0);
    expect(io.out).toMatch(/^Usage: hactl/);
  });

  it("colours only when asked or on a terminal", async () => {
    const plain = memoryIo();
    await main(["validate", "-f", "-"], plain);
    expect(plain.err).not.toMatch(/\u001b\[/);
    const forced = memoryIo({ env: { FORCE_COLOR: "1" } });
    await main(["nope"], forced);
    expect(forced.err).toMatch(/\u001b\[31m/);
  });
});
