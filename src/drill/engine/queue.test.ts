import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "./queue.js";
import { DrillRng } from "./rng.js";

describe("drill event queue", () => {
  it("pops by time, and in insertion order at equal times", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue();
        const out: [number, number][] = [];
        times.forEach((t, i) => q.push(t, () => out.push([t, i])));
        while (q.size > 0) q.pop()!.run();
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
    );
  });

  it("reports the next event's time, Infinity when empty", () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    q.push(5, () => {});
    q.push(2, () => {});
    expect(q.peekTime()).toBe(2);
  });
});

describe("drill rng", () => {
  it("same seed, same draws; draws stay in range", () => {
    const a = new DrillRng(7);
    const b = new DrillRng(7);
    const xs = Array.from({ length: 100 }, () => a.between(1000, 2000));
    expect(xs).toEqual(Array.from({ length: 100 }, () => b.between(1000, 2000)));
    expect(xs.every((x) => x >= 1000 && x <= 2000)).toBe(true);
    expect(new DrillRng(8).next()).not.toBe(new DrillRng(7).next());
  });
});
