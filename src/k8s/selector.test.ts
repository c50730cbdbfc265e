import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileMapSelector, compileSelector, formatSelector, selectorErrors } from "./selector.js";

describe("compileSelector", () => {
  const labels = { app: "web", tier: "frontend" };

  it("matchLabels requires every pair", () => {
    expect(compileSelector({ matchLabels: { app: "web" } }).matches(labels)).toBe(true);
    expect(compileSelector({ matchLabels: { app: "web", tier: "backend" } }).matches(labels)).toBe(false);
  });

  it("ANDs matchLabels with matchExpressions", () => {
    const sel = compileSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["backend"] }] });
    expect(sel.matches(labels)).toBe(false);
  });

  it.each([
    [{ key: "tier", operator: "In", values: ["frontend", "x"] }, true],
    [{ key: "tier", operator: "NotIn", values: ["frontend"] }, false],
    [{ key: "missing", operator: "NotIn", values: ["a"] }, true],
    [{ key: "app", operator: "Exists" }, true],
    [{ key: "missing", operator: "Exists" }, false],
    [{ key: "missing", operator: "DoesNotExist" }, true],
    [{ key: "app", operator: "DoesNotExist" }, false],
  ] as const)("expression %j matches: %s", (expr, expected) => {
    expect(compileSelector({ matchExpressions: [expr as never] }).matches(labels)).toBe(expected);
  });

  it("an empty selector matches everything; a null selector nothing", () => {
    expect(compileSelector({}).matches({})).toBe(true);
    expect(compileSelector({}).empty).toBe(true);
    expect(compileSelector(null).matches(labels)).toBe(false);
    expect(compileSelector(undefined).nothing).toBe(true);
  });

  it("an invalid requirement makes the selector select nothing, and says why", () => {
    expect(selectorErrors({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toHaveLength(1);
    expect(compileSelector({ matchExpressions: [{ key: "a", operator: "Equals" as never, values: ["x"] }] }).nothing).toBe(true);
  });

  it("map selectors (Services) with no entries select nothing", () => {
    expect(compileMapSelector({}).matches(labels)).toBe(false);
    expect(compileMapSelector({ app: "web" }).matches(labels)).toBe(true);
  });

  it("formats like kubectl -l", () => {
    const sel = compileSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }, { key: "canary", operator: "DoesNotExist" }] });
    expect(formatSelector(sel)).toBe("app=web,tier in (a,b),!canary");
  });

  it("a matchLabels selector built from an object's own labels always matches it", () => {
    const labelMap = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/));
    fc.assert(
      fc.property(labelMap, labelMap, (own, extra) => {
        const all = { ...extra, ...own };
        expect(compileSelector({ matchLabels: own }).matches(all)).toBe(true);
      }),
    );
  });

  it("NotIn is the complement of In for objects that carry the key", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-c]$/), fc.array(fc.stringMatching(/^[a-c]$/), { minLength: 1 }), (value, values) => {
        const labels = { k: value };
        const inSel = compileSelector({ matchExpressions: [{ key: "k", operator: "In", values }] });
        const notIn = compileSelector({ matchExpressions: [{ key: "k", operator: "NotIn", values }] });
        expect(inSel.matches(labels)).toBe(!notIn.matches(labels));
      }),
    );
  });
});
