/**
 * The admin HTTP API: /healthz, /readyz, /status, /metrics, /trace (recent answers explained),
 * /explain (what would be answered now), POST /drain, /undrain and /reload (bearer token), and the
 * peer API (HMAC). Responses are JSON except /metrics.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { matchRegion } from "../answers/geo.js";
import { ipv4Bytes, ipv6Bytes, parseType, typeName } from "../dns/wire.js";
import { PEER_PATH, REQUEST_HEADER, RESPONSE_HEADER, signResponse, verifyRequest } from "../peers/protocol.js";
import { rampShare } from "../engine.js";
import type { GslbRuntime } from "../runtime.js";
import { parseDuration } from "../../model/units.js";

export class AdminServer {
  private server?: Server;

  constructor(private readonly rt: GslbRuntime) {}

  async start(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((e: Error) => send(res, 500, { error: `internal error: ${e.message}` }));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const a = server.address();
    return typeof a === "object" && a ? a.port : port;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      if (!this.server) return r();
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://admin");
    const rt = this.rt;
    const method = req.method ?? "GET";
    const body = method === "POST" ? await readBody(req) : "";
    if (method === "GET") {
      switch (url.pathname) {
        case "/healthz":
          return text(res, rt.shuttingDown ? 503 : 200, rt.shuttingDown ? "shutting down\n" : "ok\n");
        case "/readyz": {
          const r = rt.ready;
          return text(res, r.ok ? 200 : 503, `${r.reason}\n`);
        }
        case "/status":
          return send(res, 200, status(rt));
        case "/metrics": {
          const m = await rt.metrics.registry.metrics();
          res.writeHead(200, { "content-type": rt.metrics.registry.contentType });
          return void res.end(m);
        }
        case "/trace": {
          const id = url.searchParams.get("id");
          const limit = Number(url.searchParams.get("limit") ?? 50);
          return send(res, 200, {
            traces: rt.ctx.traces.find({
              name: url.searchParams.get("name") ?? undefined,
              id: id === null ? undefined : Number(id),
              client: url.searchParams.get("client") ?? undefined,
              limit: Number.isFinite(limit) ? limit : 50,
            }),
          });
        }
        case "/explain":
          return explain(rt, url, res);
        case PEER_PATH: {
          const secret = rt.opts.env[rt.engine.config.peerSecretEnv];
          if (!secret) return send(res, 403, { error: `peer API disabled: ${rt.engine.config.peerSecretEnv} is not set` });
          const v = verifyRequest(secret, req.headers[REQUEST_HEADER] as string | undefined, "GET", PEER_PATH, "", Date.now());
          if ("error" in v) return send(res, 401, { error: v.error });
          const out = JSON.stringify(rt.observations());
          res.writeHead(200, { "content-type": "application/json", [RESPONSE_HEADER]: signResponse(secret, out, Date.now()) });
          return void res.end(out);
        }
      }
      return send(res, 404, { error: `no such endpoint ${url.pathname}; try /status, /metrics, /trace, /explain, /healthz, /readyz` });
    }
    if (method === "POST") {
      const auth = authorize(rt, req);
      if (auth) return send(res, auth.code, { error: auth.error });
      let args: { target?: string; ramp?: string } = {};
      try {
        args = body ? (JSON.parse(body) as typeof args) : {};
      } catch {
        return send(res, 400, { error: "the body is not JSON; send {\"target\": \"host/cluster\"}" });
      }
      switch (url.pathname) {
        case "/drain":
        case "/undrain": {
          if (!args.target) return send(res, 400, { error: 'missing "target" (a target id host/cluster, or a cluster name for all its targets)' });
          const ids = resolveTargets(rt, args.target);
          if (ids.length === 0) {
            const all = rt.engine.config.hostnames.flatMap((h) => h.targets.map((t) => t.id));
            return send(res, 404, { error: `unknown target "${args.target}"; targets are ${all.join(", ")}` });
          }
          let rampMs: number | undefined;
          if (args.ramp !== undefined) {
            rampMs = parseDuration(args.ramp);
            if (rampMs === undefined) return send(res, 400, { error: `ramp "${args.ramp}" is not a duration such as 30s or 2m` });
          }
          const now = Date.now();
          const states = ids.map((id) => ({ target: id, ...(url.pathname === "/drain" ? rt.engine.drain(id, now) : rt.engine.undrain(id, now, rampMs)) }));
          rt.recomputeSoon();
          return send(res, 200, { targets: states });
        }
        case "/reload": {
          const r = await rt.reload();
          return send(res, r.ok ? 200 : 422, { ok: r.ok, message: r.message, diagnostics: r.diagnostics });
        }
      }
      return send(res, 404, { error: `no such endpoint POST ${url.pathname}; try /drain, /undrain, /reload` });
    }
    return send(res, 405, { error: `method ${method} not allowed` });
  }
}

function resolveTargets(rt: GslbRuntime, target: string): string[] {
  const all = rt.engine.config.hostnames.flatMap((h) => h.targets);
  const exact = all.filter((t) => t.id === target.toLowerCase());
  return exact.length > 0 ? exact.map((t) => t.id) : all.filter((t) => t.cluster === target).map((t) => t.id);
}

function authorize(rt: GslbRuntime, req: IncomingMessage): { code: number; error: string } | undefined {
  const env = rt.engine.config.adminTokenEnv;
  const token = rt.opts.env[env];
  if (!token) return { code: 403, error: `mutating calls are disabled: start the server with ${env} set to a token` };
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
  if (!m) return { code: 401, error: "missing bearer token (Authorization: Bearer <token>)" };
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { code: 401, error: "wrong token" };
  return undefined;
}

function status(rt: GslbRuntime) {
  const e = rt.engine;
  const now = Date.now();
  return {
    instance: rt.opts.instance,
    config: e.config.name,
    startedAt: new Date(rt.startedAt).toISOString(),
    ready: rt.ready,
    healthGeneration: e.table.generation,
    dns: { port: rt.dnsPort, udp: { ...rt.listeners.udpPath, native: rt.listeners.nativeStats() } },
    lastReload: rt.lastReload ? { ...rt.lastReload, at: new Date(rt.lastReload.at).toISOString() } : undefined,
    instances: e.instances,
    peers: [...(rt.peers?.status.values() ?? [])].map((p) => ({ ...p, lastOk: p.lastOk ? new Date(p.lastOk).toISOString() : undefined })),
    hostnames: e.config.hostnames.map((h) => ({
      name: h.name,
      strategy: h.strategy,
      ttl: h.ttl,
      allDown: h.allDown,
      answers: e.plans.filter((p) => p.hostname === h.name).map((p) => ({
        type: typeName(p.qtype),
        region: p.region,
        ttl: p.ttl,
        rule: p.rule,
        ttlReason: p.ttlReason,
        choices: p.choices.map((c) => ({ weight: Math.round(c.weight * 1000) / 1000, addresses: c.addresses, targets: c.targets })),
      })),
      targets: h.targets.map((t) => {
        const d = e.drains.get(t.id);
        return {
          id: t.id,
          cluster: t.cluster,
          region: t.region || undefined,
          priority: t.priority,
          weight: t.weight,
          drain: d ? { phase: d.phase, share: rampShare(d, now), since: new Date(d.since).toISOString(), until: d.until ? new Date(d.until).toISOString() : undefined } : { phase: "active", share: 1 },
          kubernetes: e.k8sReady.get(t.id),
          endpoints: t.addresses.map((a) => {
            const ep = e.endpoints.get(`${t.id}@${a}`)!;
            const votes: Record<string, boolean | undefined> = { [rt.opts.instance]: e.localVotes()[ep.id] };
            for (const [peer, m] of e.peerVotes) {
              const v = m.get(ep.id);
              votes[peer] = v && now - v.at <= e.config.peerTimeoutMs ? v.up : undefined;
            }
            return {
              address: a,
              up: ep.verdict.up,
              verdict: ep.verdict.reason,
              votes,
              local: { up: ep.local.up, streak: ep.local.streak, lastChange: ep.local.lastChange ? new Date(ep.local.lastChange).toISOString() : undefined, last: ep.local.last },
            };
          }),
        };
      }),
    })),
    events: e.events.slice(-50).map((ev) => ({ ...ev, at: new Date(ev.at).toISOString() })),
  };
}

function explain(rt: GslbRuntime, url: URL, res: ServerResponse): void {
  const name = (url.searchParams.get("name") ?? "").toLowerCase().replace(/\.$/, "");
  const host = rt.engine.config.hostnames.find((h) => h.name === name);
  if (!host) return send(res, 404, { error: `"${name}" is not a GSLB host name; known: ${rt.engine.config.hostnames.map((h) => h.name).join(", ")}` });
  const type = parseType(url.searchParams.get("type") ?? "A");
  if (type === undefined) return send(res, 400, { error: `type "${url.searchParams.get("type")}" is not a DNS type such as A or AAAA` });
  let region: string | undefined;
  let scope: number | undefined;
  const subnet = url.searchParams.get("subnet");
  const client = url.searchParams.get("client");
  if (host.strategy === "geo" && rt.engine.config.geo) {
    if (subnet) {
      const [addr, len] = subnet.split("/");
      const v4 = ipv4Bytes(addr ?? "");
      const bytes = v4 ?? ipv6Bytes(addr ?? "");
      if (!bytes) return send(res, 400, { error: `subnet "${subnet}" is not an address/prefix such as 192.0.2.0/24` });
      const m = matchRegion(rt.engine.config.geo.table, v4 ? 4 : 6, bytes, Number(len ?? (v4 ? 32 : 128)));
      region = m.region;
      scope = m.scope;
    } else if (client) region = rt.ctx.regions.lookup(client);
  }
  const plan = rt.engine.plans.find((p) => p.hostname === name && p.qtype === type && p.region === region) ?? rt.engine.plans.find((p) => p.hostname === name && p.qtype === type && p.region === undefined);
  if (!plan) return send(res, 404, { error: `no plan for ${name} ${typeName(type)}: only A and AAAA are GSLB answers` });
  send(res, 200, { name, type: typeName(type), client, subnet, region, scope, healthGeneration: rt.engine.table.generation, ...plan, qtype: undefined });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let b = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => {
      b += d;
      if (b.length > 1 << 16) req.destroy(new Error("body too large"));
    });
    req.on("end", () => resolve(b));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, code: number, data: unknown): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(`${JSON.stringify(data, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
}

function text(res: ServerResponse, code: number, s: string): void {
  res.writeHead(code, { "content-type": "text/plain" });
  res.end(s);
}
