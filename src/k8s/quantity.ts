/**
 * Exact Kubernetes quantities for scheduling arithmetic. kube-scheduler works in int64 milli-CPU and
 * bytes, rounding a quantity *up* (`resource.Quantity.MilliValue()` / `Value()`), so `0.1` CPU is
 * exactly 100m and `1.5Gi` exactly 1610612736 bytes. Floating-point parsing would turn `0.1 × 1000`
 * into 100.00000000000001 and a ceiling into 101; this module parses the decimal text instead.
 *
 * @example
 * ```ts
 * quantityMilli("250m"); // 250
 * quantityMilli("0.1");  // 100
 * quantityValue("1.5Gi"); // 1610612736
 * ```
 * @module
 */

const DECIMAL_EXP: Record<string, number> = { "": 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

/**
 * A quantity scaled by 10^`scale` and rounded up to an integer: `scale` 3 gives milli-units, 0 whole
 * units. Numbers are taken as written (YAML `cpu: 2`). `undefined` for text that is not a quantity.
 */
export function quantityScaled(q: unknown, scale: number): number | undefined {
  if (typeof q === "number") {
    if (!Number.isFinite(q)) return undefined;
    return quantityScaled(String(q), scale);
  }
  if (typeof q !== "string") return undefined;
  const m = RE.exec(q.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const negative = m[1] === "-";
  const digits = `${m[2]}${m[3] ?? ""}`.replace(/^0+(?=[0-9])/, "");
  const fracLen = (m[3] ?? "").length;
  let num = BigInt(digits === "" ? "0" : digits);
  let den = 10n ** BigInt(fracLen);
  let exp10 = scale;
  if (m[4] !== undefined && BINARY_EXP[m[4]] !== undefined) num *= 2n ** BigInt(BINARY_EXP[m[4]]!);
  else if (m[4] !== undefined) exp10 += DECIMAL_EXP[m[4]]!;
  else if (m[5] !== undefined) exp10 += Number(m[5]);
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  // Round away from zero like Quantity.MilliValue()/Value() (ceil for the non-negative values requests use).
  let v = num / den;
  if (num % den !== 0n) v += 1n;
  const n = Number(v);
  return negative ? -n : n;
}

/** Milli-units (CPU in millicores), rounded up like `Quantity.MilliValue()`. */
export function quantityMilli(q: unknown): number | undefined {
  return quantityScaled(q, 3);
}

/** Whole units (bytes, counts), rounded up like `Quantity.Value()`. */
export function quantityValue(q: unknown): number | undefined {
  return quantityScaled(q, 0);
}
