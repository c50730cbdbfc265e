import { describe, expect, it } from "vitest";
import { isDegraded, msToNextChange, newEndpointState, recordResult } from "./state.js";

const r = (ok: boolean, at: number) => ({ ok, at, durationMs: 1, detail: ok ? "HTTP 200" : "timeout" });

describe("endpoint state", () => {
  it("takes the first result directly, then needs fall failures and rise successes", () => {
    const s = newEndpointState();
    expect(recordResult(s, r(true, 0), 3, 2)).toBe(true);
    expect(s.up).toBe(true);
    expect(recordResult(s, r(false, 1), 3, 2)).toBe(false);
    expect(isDegraded(s)).toBe(true);
    expect(msToNextChange(s, 3, 2, 1000)).toBe(2000);
    expect(recordResult(s, r(true, 2), 3, 2)).toBe(false); // a success resets the streak (anti-flap)
    expect(isDegraded(s)).toBe(false);
    expect(msToNextChange(s, 3, 2, 1000)).toBe(Infinity);
    for (let i = 0; i < 2; i++) recordResult(s, r(false, 3 + i), 3, 2);
    expect(recordResult(s, r(false, 5), 3, 2)).toBe(true);
    expect([s.up, s.lastChange]).toEqual([false, 5]);
    expect(msToNextChange(s, 3, 2, 1000)).toBe(2000);
    recordResult(s, r(true, 6), 3, 2);
    expect(recordResult(s, r(true, 7), 3, 2)).toBe(true);
    expect(s.up).toBe(true);
  });
});
