import { describe, expect, it } from "vitest";
import { compile, gslbDoc } from "../../../test/gslb/fixtures.js";
import { ResolverRegions } from "../answers/geo.js";
import { decodeMessage, type DecodedMessage } from "../dns/decode.js";
import { newQuery, parseQuery } from "../dns/query.js";
import { encodeQuery } from "../dns/writer.js";
import { RCODE, TYPE, toWireKey } from "../dns/wire.js";
import { GslbEngine } from "../engine.js";
import { DnsStats } from "../plugins/metrics/index.js";
import { TraceLog } from "../plugins/trace/index.js";
import { buildChain, newRequest, resetRequest, responseLimit, type ServerContext } from "./chain.js";

const many = Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`);

function server() {
  const config = compile(
    gslbDoc(
      [
        { name: "shop.gslb.test", ttl: "30s", targets: [{ cluster: "fra", addresses: ["192.0.2.1", "2001:db8::1"] }, { cluster: "ams", addresses: ["192.0.2.2"] }] },
        { name: "big.rr.gslb.test", strategy: "round-robin", targets: [{ cluster: "fra", addresses: many }] },
        {
          name: "geo.gslb.test",
          strategy: "geo",
          targets: [{ cluster: "fra", addresses: ["192.0.2.10"], region: "eu" }, { cluster: "nyc", addresses: ["192.0.2.20"], region: "us" }],
        },
      ],
      { geo: { regions: { eu: ["10.1.0.0/16"], us: ["10.2.0.0/16"] } }, ramp: "10s" },
    ),
  );
  const engine = new GslbEngine(config, "test");
  const ids = [...engine.endpoints.keys()];
  engine.recordProbe(ids, { ok: true, at: 0, durationMs: 1, detail: "HTTP 200" });
  engine.recompute(0);
  const ctx: ServerContext = { config, table: engine.table, regions: new ResolverRegions(config.geo!.table), stats: new DnsStats(), traces: new TraceLog(), limiter: undefined, debug: undefined };
  const chain = buildChain(ctx);
  const req = newRequest("udp");
  const ask = (msg: Buffer, transport: "udp" | "tcp" = "udp", client = "127.0.0.1"): DecodedMessage | undefined => {
    req.transport = transport;
    if (!parseQuery(msg, req.q)) return undefined;
    resetRequest(req);
    req.msg = msg;
    req.client = client;
    req.limit = responseLimit(req.q, transport, config.maxUdpPayload);
    const out = chain(req);
    if (!out) return undefined;
    const m = decodeMessage(out);
    if ("error" in m) throw new Error(m.error);
    expect(m.id).toBe(msg.readUInt16BE(0));
    return m;
  };
  const q = (name: string, type: number, extra: Partial<Parameters<typeof encodeQuery>[0]> = {}) => encodeQuery({ id: 4242, name: toWireKey(name), type, ...extra });
  return { config, engine, ctx, ask, q };
}

describe("the handler chain", () => {
  it("answers A and AAAA authoritatively with the configured TTL", () => {
    const { ask, q } = server();
    const a = ask(q("shop.gslb.test", TYPE.A, { rd: true }))!;
    expect([a.rcode, a.aa, a.rd, a.ra]).toEqual([RCODE.NOERROR, true, true, false]);
    expect(a.answers.map((r) => [r.name, r.ttl, r.data])).toEqual([["shop.gslb.test", 30, "192.0.2.1"]]);
    expect(ask(q("SHOP.Gslb.Test", TYPE.AAAA))!.answers.map((r) => r.data)).toEqual(["2001:db8::1"]);
  });

  it("answers NXDOMAIN and NODATA with the SOA (negative TTL), REFUSED outside the zones", () => {
    const { ask, q } = server();
    const nx = ask(q("nope.gslb.test", TYPE.A))!;
    expect(nx.rcode).toBe(RCODE.NXDOMAIN);
    expect(nx.authority.map((r) => [r.name, r.type, r.ttl])).toEqual([["gslb.test", TYPE.SOA, 15]]);
    const nodata = ask(q("shop.gslb.test", TYPE.TXT))!;
    expect([nodata.rcode, nodata.answers.length, nodata.authority[0]!.type]).toEqual([RCODE.NOERROR, 0, TYPE.SOA]);
    const ent = ask(q("rr.gslb.test", TYPE.A))!; // empty non-terminal above big.rr
    expect([ent.rcode, ent.answers.length]).toEqual([RCODE.NOERROR, 0]);
    expect(ask(q("example.org", TYPE.A))!.rcode).toBe(RCODE.REFUSED);
    const soa = ask(q("gslb.test", TYPE.SOA))!;
    expect(soa.answers[0]!.data).toMatchObject({ mname: "ns1.gslb.test", rname: "hostmaster.gslb.test", serial: 42, minimum: 15 });
    const ns = ask(q("gslb.test", TYPE.NS))!;
    expect(ns.answers[0]!.data).toBe("ns1.gslb.test");
    expect(ns.additional.map((r) => r.data)).toEqual(["127.0.0.1"]);
  });

  it("answers FORMERR, NOTIMP, BADVERS and drops responses", () => {
    const { ask, q } = server();
    const bad = q("shop.gslb.test", TYPE.A);
    bad.writeUInt16BE(2, 4);
    expect(ask(bad)!.rcode).toBe(RCODE.FORMERR);
    const notify = q("shop.gslb.test", TYPE.SOA);
    notify[2] = 4 << 3;
    expect(ask(notify)!.rcode).toBe(RCODE.NOTIMP);
    const v1 = q("shop.gslb.test", TYPE.A, { edns: {} });
    v1[v1.length - 5] = 1; // EDNS version 1
    expect(ask(v1)!.rcode).toBe(RCODE.BADVERS);
    const resp = q("shop.gslb.test", TYPE.A);
    resp[2] = 0x80;
    expect(ask(resp)).toBeUndefined();
  });

  it("truncates over UDP and answers in full over TCP; rotates round-robin answers", () => {
    const { ask, q } = server();
    const udp = ask(q("big.rr.gslb.test", TYPE.A))!;
    expect([udp.tc, udp.answers.length]).toEqual([true, 0]);
    const edns = ask(q("big.rr.gslb.test", TYPE.A, { edns: { udpSize: 4096 } }))!;
    expect([edns.tc, edns.answers.length, edns.edns?.udpSize]).toEqual([false, 40, 1232]);
    const tcp = ask(q("big.rr.gslb.test", TYPE.A), "tcp")!;
    expect([tcp.tc, tcp.answers.length]).toEqual([false, 40]);
    const second = ask(q("big.rr.gslb.test", TYPE.A), "tcp")!;
    expect(second.answers[0]!.data).not.toBe(tcp.answers[0]!.data);
  });

  it("uses the client subnet for geo and echoes it with a scope", () => {
    const { ask, q, ctx } = server();
    const us = ask(q("geo.gslb.test", TYPE.A, { edns: { ecs: { family: 1, sourcePrefix: 24, address: new Uint8Array([10, 2, 3, 0]) } } }))!;
    expect(us.answers.map((r) => r.data)).toEqual(["192.0.2.20"]);
    expect(us.edns?.ecs).toEqual({ family: 1, sourcePrefix: 24, scopePrefix: 16, address: "10.2.3.0" });
    expect(ask(q("geo.gslb.test", TYPE.A), "udp", "10.1.9.9")!.answers.map((r) => r.data)).toEqual(["192.0.2.10"]);
    const t = ctx.traces.find({ name: "geo.gslb.test", limit: 2 });
    expect(t[1]).toMatchObject({ clientSubnet: "10.2.3.0/24", region: "us", scope: 16, answer: ["192.0.2.20"], strategy: "geo" });
    expect(t[1]!.rule).toBe("geo: client region us: nyc");
  });

  it("fails over, drains in two steps and ramps back", () => {
    const { ask, q, engine } = server();
    const fra = [...engine.endpoints.keys()].filter((id) => id.startsWith("shop.gslb.test/fra"));
    for (let i = 0; i < 3; i++) engine.recordProbe(fra, { ok: false, at: 1000 + i, durationMs: 1, detail: "timeout" });
    engine.recompute(2000);
    const failed = ask(q("shop.gslb.test", TYPE.A))!;
    expect(failed.answers.map((r) => r.data)).toEqual(["192.0.2.2"]);
    expect(failed.answers[0]!.ttl).toBeLessThan(30);
    expect(engine.failovers.get("shop.gslb.test")).toBe(1);
    for (let i = 0; i < 2; i++) engine.recordProbe(fra, { ok: true, at: 3000 + i, durationMs: 1, detail: "HTTP 200" });
    engine.recompute(3000);
    expect(engine.drains.get("shop.gslb.test/fra")?.phase).toBe("ramping");
    engine.tick(14_000);
    engine.recompute(14_000);
    engine.drain("shop.gslb.test/fra", 20_000);
    engine.recompute(20_000);
    const lowering = ask(q("shop.gslb.test", TYPE.A))!;
    expect([lowering.answers[0]!.data, lowering.answers[0]!.ttl]).toEqual(["192.0.2.1", 1]);
    expect(engine.tick(50_000)).toBe(true);
    engine.recompute(50_000);
    expect(ask(q("shop.gslb.test", TYPE.A))!.answers.map((r) => r.data)).toEqual(["192.0.2.2"]);
    engine.undrain("shop.gslb.test/fra", 60_000, 10_000);
    engine.recompute(60_500);
    const shares = engine.plans.find((p) => p.hostname === "shop.gslb.test" && p.qtype === TYPE.A)!.choices.map((c) => Math.round(c.weight * 10) / 10);
    expect(shares).toEqual([0.1, 0.9]);
  });
});

it("the query parser object is reusable across queries", () => {
  const q = newQuery();
  parseQuery(encodeQuery({ id: 1, name: toWireKey("a.b"), type: 1, edns: { ecs: { family: 1, sourcePrefix: 8, address: new Uint8Array([10]) } } }), q);
  parseQuery(encodeQuery({ id: 2, name: toWireKey("c.d"), type: 28 }), q);
  expect([q.id, q.ecsFamily, q.edns, q.qtype]).toEqual([2, 0, false, 28]);
});
