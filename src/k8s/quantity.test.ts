import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { quantityMilli, quantityValue } from "./quantity.js";

describe("quantityMilli / quantityValue", () => {
  it.each([
    ["250m", 250],
    ["0.1", 100],
    ["1", 1000],
    [2, 2000],
    ["1.5", 1500],
    ["100u", 1],
    ["1e3", 1_000_000],
    ["0", 0],
  ])("cpu %j is %i millicores (rounded up)", (q, milli) => {
    expect(quantityMilli(q)).toBe(milli);
  });

  it.each([
    ["1Gi", 2 ** 30],
    ["1.5Gi", 1610612736],
    ["128Mi", 128 * 2 ** 20],
    ["1G", 1e9],
    ["500m", 1],
    ["1k", 1000],
  ])("memory %j is %i bytes", (q, bytes) => {
    expect(quantityValue(q)).toBe(bytes);
  });

  it("rejects what is not a quantity", () => {
    expect(quantityMilli("abc")).toBeUndefined();
    expect(quantityMilli("1Gb")).toBeUndefined();
    expect(quantityMilli(undefined)).toBeUndefined();
  });

  it("millicores of whole cores are exact", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100000 }), (n) => quantityMilli(`${n}m`) === n && quantityMilli(String(n)) === n * 1000));
  });
});
