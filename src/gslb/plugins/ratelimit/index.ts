/**
 * ratelimit: per-source token buckets over UDP (TCP needs a handshake, so it cannot be spoofed).
 * Buckets live in a fixed hash table (like BIND's RRL), so a flood of spoofed sources costs no
 * memory; IPv6 sources are grouped per /64. Every `slip`-th limited query gets an empty truncated
 * answer so a real client behind a busy address retries over TCP; the others are dropped.
 * @module
 */
import { RCODE } from "../../dns/wire.js";
import type { Plugin } from "../../server/chain.js";
import { empty } from "../../server/respond.js";

const SLOTS = 1 << 16;

export class RateLimiter {
  private readonly tokens = new Float64Array(SLOTS);
  private readonly last = new Float64Array(SLOTS);
  private slipCounter = 0;
  limited = 0;

  constructor(readonly qps: number, readonly burst: number, readonly slip: number) {
    this.tokens.fill(burst);
  }

  /** True when a query from `source` may be answered at time `now` (ms). */
  allow(source: string, now: number): boolean {
    const slot = hash(source) & (SLOTS - 1);
    const elapsed = now - this.last[slot]!;
    let t = this.tokens[slot]! + (elapsed * this.qps) / 1000;
    if (t > this.burst) t = this.burst;
    this.last[slot] = now;
    if (t >= 1) {
      this.tokens[slot] = t - 1;
      return true;
    }
    this.tokens[slot] = t;
    this.limited++;
    return false;
  }

  /** Whether this limited query slips through as a truncated answer. */
  slipNow(): boolean {
    if (this.slip <= 0) return false;
    this.slipCounter = (this.slipCounter + 1) % this.slip;
    return this.slipCounter === 0;
  }
}

/** FNV-1a over the address text; IPv6 only up to the fourth group (the /64). */
function hash(s: string): number {
  let end = s.length;
  if (s.includes(":")) {
    let groups = 0;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) === 0x3a && ++groups === 4) {
        end = i;
        break;
      }
    }
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const ratelimit: Plugin = (next, ctx) => (req) => {
  const limiter = ctx.limiter;
  if (!limiter || req.transport !== "udp" || limiter.allow(req.client, performance.now())) return next(req);
  if (limiter.slipNow() && !req.q.formErr && req.q.questionEnd > 12) {
    req.rcode = RCODE.NOERROR;
    req.note = "rate limited: truncated (slip)";
    const r = empty(req.msg, req.q, RCODE.NOERROR, true, { udpSize: ctx.config.maxUdpPayload, scope: 0, extRcode: 0 });
    r[2] = r[2]! | 0x02;
    return r;
  }
  req.note = "rate limited: dropped";
  return undefined;
};
