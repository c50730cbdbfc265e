/**
 * Anti-flap health state of one endpoint (a target address as seen by one probe): `fall` consecutive
 * failures take it down, `rise` consecutive successes bring it back (gdnsd, Route 53 and HAProxy
 * work the same way). The first result decides directly, so a start-up does not answer dead targets
 * for fall × interval. Pure.
 * @module
 */

export interface ProbeResult {
  ok: boolean;
  /** When the probe finished (ms since the epoch). */
  at: number;
  durationMs: number;
  /** What was seen: `HTTP 200`, `connection refused`, `timeout after 2000ms`, … */
  detail: string;
}

export interface EndpointState {
  /** undefined until the first result. */
  up: boolean | undefined;
  /** Consecutive failures while up / successes while down. */
  streak: number;
  lastChange: number;
  last?: ProbeResult;
}

export function newEndpointState(): EndpointState {
  return { up: undefined, streak: 0, lastChange: 0 };
}

/** Applies one probe result; returns true when `up` changed. */
export function recordResult(s: EndpointState, r: ProbeResult, fall: number, rise: number): boolean {
  s.last = r;
  if (s.up === undefined) {
    s.up = r.ok;
    s.streak = 0;
    s.lastChange = r.at;
    return true;
  }
  if (s.up === r.ok) {
    s.streak = 0;
    return false;
  }
  s.streak++;
  if (s.streak >= (s.up ? fall : rise)) {
    s.up = r.ok;
    s.streak = 0;
    s.lastChange = r.at;
    return true;
  }
  return false;
}

/**
 * Time until the state could next change (gdnsd's DYNA TTL): the probes still needed to cross the
 * threshold, times the interval. Infinity for an endpoint that is up and has not failed.
 */
export function msToNextChange(s: EndpointState, fall: number, rise: number, intervalMs: number): number {
  if (s.up === undefined) return intervalMs;
  if (s.up && s.streak === 0) return Infinity;
  const needed = (s.up ? fall : rise) - s.streak;
  return Math.max(1, needed) * intervalMs;
}

/** Degraded: failing but not yet down, or down (so the TTL shortens for the way back too). */
export function isDegraded(s: EndpointState): boolean {
  return s.up === false || (s.up === true && s.streak > 0);
}
