import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fnv32, nameSuffix } from "../../k8s/expand.js";
import { fold, FNV_OFFSET, suffixOf } from "./names.js";

describe("replacement names", () => {
  it("fold continues fnv32 and suffixOf equals nameSuffix", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (a, b, k) => {
        expect(fold(fnv32(a), b)).toBe(fnv32(a + b));
        expect(fold(FNV_OFFSET, a)).toBe(fnv32(a));
        const seed = `${a}#r${k}`;
        expect(suffixOf(fold(fold(FNV_OFFSET, `${a}#r`), String(k)))).toBe(nameSuffix(seed));
      }),
      { numRuns: 500 },
    );
  });
});
