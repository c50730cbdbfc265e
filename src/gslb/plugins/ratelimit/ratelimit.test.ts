import { describe, expect, it } from "vitest";
import { RateLimiter } from "./index.js";

describe("rate limiter", () => {
  it("allows the burst, then the sustained rate, per source", () => {
    const l = new RateLimiter(10, 5, 2);
    const allowed = Array.from({ length: 8 }, () => l.allow("192.0.2.1", 0)).filter(Boolean).length;
    expect(allowed).toBe(5);
    expect(l.allow("192.0.2.2", 0)).toBe(true); // another source has its own bucket
    expect(l.allow("192.0.2.1", 100)).toBe(true); // 100 ms at 10/s refills one token
    expect(l.allow("192.0.2.1", 100)).toBe(false);
    expect(l.limited).toBe(4);
  });
  it("groups IPv6 sources by /64 and slips every n-th limited query", () => {
    const l = new RateLimiter(1, 1, 2);
    expect(l.allow("2001:db8:1:2::1", 0)).toBe(true);
    expect(l.allow("2001:db8:1:2::ffff", 0)).toBe(false);
    expect([l.slipNow(), l.slipNow(), l.slipNow(), l.slipNow()]).toEqual([false, true, false, true]);
  });
});
