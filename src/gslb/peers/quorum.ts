/**
 * Quorum over vantage points: every GSLB instance probes every target and votes; a target address is
 * down only when more than half of *all* configured instances vote down. An instance cut off from its
 * peers sees only its own vote (1 of N), so a lone partitioned instance never fails over on its own —
 * the opposite of k8gb's AP behaviour. Votes older than the peer timeout do not count. Pure.
 * @module
 */

export interface Vote {
  instance: string;
  up: boolean;
  /** When this vote was received (ms); the local vote is always fresh. */
  at: number;
}

export interface QuorumVerdict {
  up: boolean;
  /** False while no instance has a result yet. */
  known: boolean;
  downVotes: number;
  upVotes: number;
  /** Instances without a fresh vote. */
  missing: string[];
  instances: number;
  /** One sentence for status and traces. */
  reason: string;
}

/**
 * Decides one endpoint. `instances` lists every instance name (self included); with one instance the
 * local vote decides alone.
 */
export function decideQuorum(local: Vote | undefined, peerVotes: readonly Vote[], instances: readonly string[], now: number, timeoutMs: number): QuorumVerdict {
  const fresh = new Map<string, Vote>();
  if (local) fresh.set(local.instance, local);
  for (const v of peerVotes) if (now - v.at <= timeoutMs && instances.includes(v.instance)) fresh.set(v.instance, v);
  let down = 0;
  let up = 0;
  for (const v of fresh.values()) v.up ? up++ : down++;
  const n = Math.max(1, instances.length);
  const missing = instances.filter((i) => !fresh.has(i));
  const majority = Math.floor(n / 2) + 1;
  const isDown = down >= majority;
  let reason: string;
  if (n === 1) reason = local === undefined ? "no probe result yet" : local.up ? "probe up" : "probe down";
  else if (isDown) reason = `${down} of ${n} instances see it down (majority ${majority})`;
  else if (down > 0) reason = `only ${down} of ${n} instances see it down (majority ${majority} needed)${missing.length ? `; no fresh vote from ${missing.join(", ")}` : ""}`;
  else reason = `${up} of ${n} instances see it up${missing.length ? `; no fresh vote from ${missing.join(", ")}` : ""}`;
  return { up: !isDown, known: fresh.size > 0, downVotes: down, upVotes: up, missing, instances: n, reason };
}
