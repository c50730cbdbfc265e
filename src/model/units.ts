/**
 * Durations and Kubernetes resource quantities: the only two unit systems a Fleet uses.
 *
 * Durations follow Go's `time.ParseDuration` spelling that Kubernetes flags use
 * (`300ms`, `40s`, `5m`, `1h30m`) plus `d` for days, which backup retention needs.
 * Quantities follow `k8s.io/apimachinery/pkg/api/resource` (`500m`, `2`, `32Gi`, `1e3`).
 *
 * @example
 * ```ts
 * parseDuration("1h30m"); // 5_400_000
 * formatDuration(340_000); // "5m40s"
 * parseQuantity("500m");   // 0.5
 * ```
 * @module
 */

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The pattern a duration string must match (also used in the JSON Schema). */
export const DURATION_PATTERN = "^(0|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+)$";
const DURATION_RE = new RegExp(DURATION_PATTERN);
const DURATION_PART_RE = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g;

/** Parses a duration such as `30s`, `5m`, `1h30m` or `0` into milliseconds; `undefined` if malformed. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (!DURATION_RE.test(s)) return undefined;
  if (s === "0") return 0;
  let total = 0;
  for (const m of s.matchAll(DURATION_PART_RE)) {
    total += Number(m[1]) * (DURATION_UNITS_MS[m[2]!] ?? 0);
  }
  // Sub-millisecond precision is kept: zone RTTs are often 0.2–0.5 ms.
  return total;
}

/**
 * Formats milliseconds the way Kubernetes users read them: `850ms`, `45s`, `5m40s`, `2h`, `3d4h`.
 * Infinity prints as `unbounded` because several recoveries never complete without intervention.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "unbounded";
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return "0s";
  if (ms < 1) return `${Number(ms.toFixed(2))}ms`;
  if (ms < 1000) return `${Number(ms.toFixed(1))}ms`;
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes) parts.push(`${minutes}m`);
  if (seconds) parts.push(`${seconds}s`);
  // Sub-second remainders matter for short durations such as 1.5s kube-proxy + election windows.
  const frac = ms % 1000;
  if (ms < 60_000 && frac !== 0) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")}s`;
  return parts.join("");
}

const QUANTITY_SUFFIX: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The pattern a quantity string must match (also used in the JSON Schema). */
export const QUANTITY_PATTERN = "^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$";
const QUANTITY_RE = new RegExp(QUANTITY_PATTERN);

/** Parses a Kubernetes quantity (`500m`, `4`, `32Gi`, `1e3`) into a plain number; `undefined` if malformed. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const s = value.trim();
  if (!QUANTITY_RE.test(s)) return undefined;
  const m = /^\+?([0-9]*\.?[0-9]*)(.*)$/.exec(s)!;
  const num = Number(m[1]);
  const suffix = m[2] ?? "";
  if (/^[eE]/.test(suffix)) return num * 10 ** Number(suffix.slice(1));
  const mult = QUANTITY_SUFFIX[suffix];
  return mult === undefined ? undefined : num * mult;
}

/** Formats bytes with binary suffixes the way `kubectl describe node` does (`31.5Gi`). */
export function formatBytes(bytes: number): string {
  const units = ["", "Ki", "Mi", "Gi", "Ti", "Pi"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[i]}`;
}

/** Formats CPU cores as millicores below one core (`250m`) and cores above (`3.5`). */
export function formatCpu(cores: number): string {
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return Number.isInteger(cores) ? String(cores) : cores.toFixed(2).replace(/0+$/, "");
}
