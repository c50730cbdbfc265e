import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatBytes, formatCpu, formatDuration, parseDuration, parseQuantity } from "./units.js";

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
    ["2d", 172_800_000],
    ["5m40s", 340_000],
  ])("parses %s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "30", "5 m", "m5", "-1s", "1x", "1h 30m", "abc"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("round-trips whole seconds through formatDuration", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [850, "850ms"],
    [1500, "1.5s"],
    [45_000, "45s"],
    [340_000, "5m40s"],
    [7_200_000, "2h"],
    [Infinity, "unbounded"],
  ])("formats %d", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["2", 2],
    [4, 4],
    ["32Gi", 32 * 2 ** 30],
    ["1k", 1000],
    ["1e3", 1000],
    ["0.5", 0.5],
    ["128Mi", 128 * 2 ** 20],
  ])("parses %j", (text, value) => expect(parseQuantity(text)).toBeCloseTo(value as number));

  it.each(["", "abc", "1Gb", "-1", "1 Gi"])("rejects %j", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe("formatters", () => {
  it("formats bytes and cpu like kubectl", () => {
    expect(formatBytes(32 * 2 ** 30)).toBe("32Gi");
    expect(formatBytes(1536)).toBe("1.5Ki");
    expect(formatCpu(0.25)).toBe("250m");
    expect(formatCpu(3.5)).toBe("3.5");
    expect(formatCpu(8)).toBe("8");
  });
});
