import { describe, expect, it } from "vitest";
import { cronMaxIntervalMs } from "./cron.js";

const H = 3_600_000;

describe("cronMaxIntervalMs", () => {
  it.each([
    ["0 * * * *", H],
    ["*/5 * * * *", 5 * 60_000],
    ["0 2 * * *", 24 * H],
    ["0 */6 * * *", 6 * H],
    ["@daily", 24 * H],
    ["@hourly", H],
    ["@every 6h", 6 * H],
    ["0 2 * * 1-5", 72 * H], // Friday 02:00 → Monday 02:00
    ["0 0 1 * *", 31 * 24 * H],
  ])("%s → longest gap", (schedule, ms) => {
    expect(cronMaxIntervalMs(schedule)).toEqual({ ms });
  });

  it.each([
    ["0 * * *", /5 fields/],
    ["61 * * * *", /minute/],
    ["@often", /unknown macro/],
    ["0 0 * * * *", /5 fields/],
  ])("rejects %s with a reason", (schedule, re) => {
    const r = cronMaxIntervalMs(schedule);
    expect("error" in r && r.error).toMatch(re);
  });
});
