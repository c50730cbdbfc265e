/**
 * The handler chain, CoreDNS style: a plugin is `(next, ctx) => handler`, and the order of the chain
 * lives in CHAIN below and nowhere else. Handlers are synchronous and return the response bytes
 * (undefined: drop), so one Request object per listener is reused without allocation.
 * @module
 */
import type { AnswerTable } from "../answers/table.js";
import type { PreparedPlan } from "../answers/table.js";
import type { ResolverRegions } from "../answers/geo.js";
import type { GslbConfig } from "../config/types.js";
import { newQuery, type Query } from "../dns/query.js";
import { RCODE } from "../dns/wire.js";
import { authority } from "../plugins/authority/index.js";
import { gslb } from "../plugins/gslb/index.js";
import { metrics, type DnsStats } from "../plugins/metrics/index.js";
import { ratelimit, type RateLimiter } from "../plugins/ratelimit/index.js";
import { sanity } from "../plugins/sanity/index.js";
import { trace, type TraceLog } from "../plugins/trace/index.js";
import { empty } from "./respond.js";

export interface Request {
  msg: Buffer;
  q: Query;
  client: string;
  clientPort: number;
  transport: "udp" | "tcp";
  /** Largest response allowed (512, the EDNS size, or 65535 over TCP). */
  limit: number;
  /** Filled in by handlers, read by metrics and trace. */
  rcode: number;
  strategy: string;
  plan: PreparedPlan | undefined;
  choice: number;
  rotation: number;
  region: string | undefined;
  scope: number;
  note: string;
}

export function newRequest(transport: "udp" | "tcp"): Request {
  return { msg: Buffer.alloc(0), q: newQuery(), client: "", clientPort: 0, transport, limit: 512, rcode: 0, strategy: "", plan: undefined, choice: 0, rotation: 0, region: undefined, scope: 0, note: "" };
}

export function resetRequest(r: Request): void {
  r.rcode = 0;
  r.strategy = "";
  r.plan = undefined;
  r.choice = 0;
  r.rotation = 0;
  r.region = undefined;
  r.scope = 0;
  r.note = "";
}

/** What plugins share; `table` and `config` are swapped on reload. */
export interface ServerContext {
  config: GslbConfig;
  table: AnswerTable;
  regions: ResolverRegions;
  stats: DnsStats;
  traces: TraceLog;
  limiter: RateLimiter | undefined;
  /** Debug log sink (undefined: off). */
  debug: ((line: string) => void) | undefined;
}

export type Handler = (req: Request) => Buffer | undefined;
export type Plugin = (next: Handler, ctx: ServerContext) => Handler;

/** The chain, outermost first. */
export const CHAIN: readonly (readonly [string, Plugin])[] = [
  ["metrics", metrics],
  ["ratelimit", ratelimit],
  ["sanity", sanity],
  ["trace", trace],
  ["gslb", gslb],
  ["authority", authority],
];

/** Names outside every zone end here: REFUSED (an authoritative-only server, RFC 8906 §3.1.4). */
const refuse: Handler = (req) => {
  req.rcode = RCODE.REFUSED;
  req.note = "outside every zone served";
  return empty(req.msg, req.q, RCODE.REFUSED, false, { udpSize: 1232, scope: 0, extRcode: 0 });
};

export function buildChain(ctx: ServerContext, chain = CHAIN): Handler {
  let h: Handler = refuse;
  for (let i = chain.length - 1; i >= 0; i--) h = chain[i]![1](h, ctx);
  return h;
}

/** The UDP payload size we advertise and the limit for a response to `q`. */
export function responseLimit(q: Query, transport: "udp" | "tcp", maxUdp: number): number {
  if (transport === "tcp") return 65535;
  if (!q.edns) return 512;
  return Math.min(Math.max(q.udpSize, 512), maxUdp);
}
