/**
 * Cron schedules as Velero and Kubernetes CronJobs read them (5 fields, or @hourly-style macros, or
 * `@every <duration>`), reduced to what availability needs: the longest gap between two runs.
 * @module
 */
import { Cron } from "croner";
import { parseDuration } from "./units.js";

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** Longest interval between consecutive runs of `schedule` over a year (UTC), or an error sentence. */
export function cronMaxIntervalMs(schedule: string): { ms: number } | { error: string } {
  const s = schedule.trim();
  const every = /^@every\s+(\S+)$/.exec(s);
  if (every) {
    const ms = parseDuration(every[1]!);
    return ms && ms > 0 ? { ms } : { error: `"@every ${every[1]}" needs a duration such as 6h or 30m` };
  }
  const expr = MACROS[s] ?? s;
  if (expr.startsWith("@")) return { error: `unknown macro "${s}"; use @hourly, @daily, @weekly, @monthly, @yearly or @every <duration>` };
  const fields = expr.split(/\s+/).length;
  if (fields !== 5) return { error: `a cron schedule has 5 fields (minute hour day-of-month month day-of-week), got ${fields}` };
  let cron: Cron;
  try {
    cron = new Cron(expr, { timezone: "UTC", paused: true });
  } catch (e) {
    return { error: (e as Error).message.replace(/^CronPattern: /, "") };
  }
  const start = new Date(Date.UTC(2026, 0, 1));
  const horizon = start.getTime() + 366 * 86_400_000;
  let prev = cron.nextRun(start);
  if (!prev) return { error: "the schedule never runs" };
  const first = prev.getTime();
  let max = 0;
  // 5,000 runs cover a week even for every-two-minutes schedules, enough to see weekday gaps.
  for (let i = 0; i < 5_000; i++) {
    const next = cron.nextRun(prev);
    if (!next) break;
    max = Math.max(max, next.getTime() - prev.getTime());
    prev = next;
    if (prev.getTime() > horizon) break;
  }
  if (max === 0) {
    // Runs once a year or less (e.g. a fixed date): the gap is a year.
    return { ms: prev.getTime() === first ? 365 * 86_400_000 : max };
  }
  return { ms: max };
}
