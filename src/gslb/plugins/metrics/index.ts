/**
 * metrics: counts every query by name, type, rcode and strategy, and times every answer. Counting
 * goes into plain maps and arrays on the hot path; prom-client reads them at scrape time
 * (admin/metrics.ts), so no label hashing happens per query.
 * @module
 */
import { fromWireKey, rcodeName, typeName } from "../../dns/wire.js";
import type { Plugin } from "../../server/chain.js";

/** Upper bounds (seconds) of the answer latency histogram. */
export const LATENCY_BUCKETS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1];

const STRATEGIES = ["", "failover", "round-robin", "weighted", "geo"];

export class DnsStats {
  /** Name label → (type × 65536 + rcode × 8 + strategy index) → count; numbers, so no string is built per query. */
  readonly queries = new Map<string, Map<number, number>>();
  readonly latency = new Float64Array(LATENCY_BUCKETS.length + 1);
  latencySum = 0;
  latencyCount = 0;
  dropped = 0;
  private readonly labels = new Map<string, string>();

  /** The name label: served names as themselves, anything else as `_other` (bounded cardinality). */
  nameLabel(key: string, known: boolean): string {
    if (!known) return "_other";
    let l = this.labels.get(key);
    if (l === undefined) {
      l = fromWireKey(key);
      if (this.labels.size < 10_000) this.labels.set(key, l);
    }
    return l;
  }

  count(name: string, type: number, rcode: number, strategy: string): void {
    let byCode = this.queries.get(name);
    if (byCode === undefined) this.queries.set(name, (byCode = new Map()));
    const k = type * 65536 + rcode * 8 + Math.max(0, STRATEGIES.indexOf(strategy));
    byCode.set(k, (byCode.get(k) ?? 0) + 1);
  }

  observe(seconds: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
    this.latency[i]!++;
    this.latencySum += seconds;
    this.latencyCount++;
  }

  /** Query counts with readable labels, for the exporter and tests. */
  querySeries(): { name: string; type: string; rcode: string; strategy: string; value: number }[] {
    const out: { name: string; type: string; rcode: string; strategy: string; value: number }[] = [];
    for (const [name, byCode] of this.queries) {
      for (const [k, value] of byCode) {
        out.push({ name, type: typeName(Math.floor(k / 65536)), rcode: rcodeName(Math.floor((k % 65536) / 8)), strategy: STRATEGIES[k % 8] || "none", value });
      }
    }
    return out;
  }
}

export const metrics: Plugin = (next, ctx) => (req) => {
  const start = performance.now();
  const res = next(req);
  if (res === undefined) {
    ctx.stats.dropped++;
    return res;
  }
  const q = req.q;
  const known = q.key !== "" && ctx.table.names.has(q.key);
  ctx.stats.count(ctx.stats.nameLabel(q.key, known), q.qtype, req.rcode, req.strategy);
  ctx.stats.observe((performance.now() - start) / 1000);
  return res;
};
