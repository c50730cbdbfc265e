/**
 * trace: remembers how each recent answer was decided — the query, the client and its subnet, the
 * region, the rule of the plan (strategy, health snapshot generation, TTL reason) and which choice
 * was sent — in a fixed ring, so the admin API can explain any answer after the fact. With debug
 * logging on, each explanation is also written as a JSON line.
 * @module
 */
import { fromWireKey, ipText, rcodeName, typeName } from "../../dns/wire.js";
import type { Plugin, Request } from "../../server/chain.js";
import type { PreparedPlan } from "../../answers/table.js";

export interface TraceRecord {
  at: string;
  id: number;
  name: string;
  type: string;
  client: string;
  transport: string;
  clientSubnet?: string;
  region?: string;
  scope?: number;
  rcode: string;
  strategy?: string;
  rule?: string;
  ttl?: number;
  ttlReason?: string;
  answer?: string[];
  targets?: string[];
  healthGeneration?: number;
  note?: string;
}

interface Slot {
  at: number;
  id: number;
  key: string;
  qtype: number;
  client: string;
  transport: string;
  ecs: string | undefined;
  region: string | undefined;
  scope: number;
  rcode: number;
  plan: PreparedPlan | undefined;
  choice: number;
  rotation: number;
  generation: number;
  note: string;
}

export class TraceLog {
  private readonly slots: (Slot | undefined)[];
  private next = 0;

  constructor(readonly size = 4096) {
    this.slots = new Array<Slot | undefined>(size);
  }

  record(req: Request, generation: number): Slot {
    const q = req.q;
    let s = this.slots[this.next];
    if (!s) {
      s = { at: 0, id: 0, key: "", qtype: 0, client: "", transport: "", ecs: undefined, region: undefined, scope: 0, rcode: 0, plan: undefined, choice: 0, rotation: 0, generation: 0, note: "" };
      this.slots[this.next] = s;
    }
    s.at = Date.now();
    s.id = q.id;
    s.key = q.key;
    s.qtype = q.qtype;
    s.client = req.client;
    s.transport = req.transport;
    s.ecs = q.ecsFamily !== 0 ? `${ipText(q.ecsFamily === 1 ? q.ecsAddress.subarray(0, 4) : q.ecsAddress)}/${q.ecsSourcePrefix}` : undefined;
    s.region = req.region;
    s.scope = req.scope;
    s.rcode = req.rcode;
    s.plan = req.plan;
    s.choice = req.choice;
    s.rotation = req.rotation;
    s.generation = generation;
    s.note = req.note;
    this.next = (this.next + 1) % this.size;
    return s;
  }

  /** Recent traces, newest first, filtered. */
  find(filter: { name?: string; id?: number; client?: string; limit?: number }): TraceRecord[] {
    const out: TraceRecord[] = [];
    const want = filter.name?.toLowerCase().replace(/\.$/, "");
    for (let i = 1; i <= this.size && out.length < (filter.limit ?? 50); i++) {
      const s = this.slots[(this.next - i + this.size) % this.size];
      if (!s) break;
      if (filter.id !== undefined && s.id !== filter.id) continue;
      if (filter.client !== undefined && s.client !== filter.client) continue;
      const r = explain(s);
      if (want !== undefined && r.name !== want) continue;
      out.push(r);
    }
    return out;
  }
}

export function explain(s: Slot): TraceRecord {
  const p = s.plan;
  const choice = p?.plan.choices[s.choice];
  const answer = choice ? [...choice.addresses.slice(s.rotation), ...choice.addresses.slice(0, s.rotation)] : undefined;
  return {
    at: new Date(s.at).toISOString(),
    id: s.id,
    name: s.key ? fromWireKey(s.key) : "",
    type: typeName(s.qtype),
    client: s.client,
    transport: s.transport,
    clientSubnet: s.ecs,
    region: s.region,
    scope: s.ecs ? s.scope : undefined,
    rcode: rcodeName(s.rcode),
    strategy: p?.plan.strategy,
    rule: p?.plan.rule,
    ttl: p?.plan.ttl,
    ttlReason: p?.plan.ttlReason,
    answer,
    targets: choice?.targets,
    healthGeneration: p ? s.generation : undefined,
    note: s.note || undefined,
  };
}

export const trace: Plugin = (next, ctx) => (req) => {
  const res = next(req);
  const slot = ctx.traces.record(req, ctx.table.generation);
  if (ctx.debug) ctx.debug(JSON.stringify({ msg: "answer", ...explain(slot), rcode: rcodeName(req.rcode), dropped: res === undefined || undefined }));
  return res;
};
