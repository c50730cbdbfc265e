/**
 * The two UDP paths of `hactl gslb serve` end to end, with the same assertions on each: the native
 * batched path (recvmmsg/sendmmsg addon, the default when it is built) and Node's dgram (forced
 * with HACTL_GSLB_UDP=dgram, and what a machine without the addon gets). Raw UDP clients on
 * 127.0.0.x check what dig cannot: answers mapped back to the right source in large batches, ECS
 * echo with its scope, per-source rate limiting with slip, oversized datagrams, and the trace.
 */
import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { decodeMessage, type DecodedMessage } from "../../src/gslb/dns/decode.js";
import { encodeQuery } from "../../src/gslb/dns/writer.js";
import { TYPE, toWireKey } from "../../src/gslb/dns/wire.js";
import { gslbDoc, writeDoc } from "./fixtures.js";
import { dig, freePort, HttpTarget, NATIVE_EXPECTED, serve, until, type Served } from "./helpers.js";

const doc = (checkPort: number, gslb: Record<string, unknown> = {}) =>
  gslbDoc(
    [
      { name: "app.gslb.test", ttl: "30s", healthCheck: { protocol: "TCP", port: checkPort, interval: "1s" }, targets: [{ cluster: "a", addresses: ["127.0.0.1"] }, { cluster: "b", addresses: ["127.0.0.2"] }] },
      { name: "geo.gslb.test", strategy: "geo", healthCheck: { protocol: "TCP", port: checkPort, interval: "1s" }, targets: [{ cluster: "eu", addresses: ["127.0.0.1"], region: "eu" }, { cluster: "us", addresses: ["127.0.0.2"], region: "us" }] },
      { name: "many.gslb.test", strategy: "round-robin", healthCheck: { protocol: "TCP", port: checkPort, interval: "1s" }, targets: [{ cluster: "a", addresses: Array.from({ length: 40 }, (_, i) => `127.0.0.${i + 1}`) }] },
    ],
    { geo: { regions: { eu: ["10.0.0.0/16"], us: ["10.1.0.0/16"] } }, ...gslb },
  );

/** A UDP client bound to a loopback address; `ask` sends and waits for the answer with that ID. */
class Client {
  private readonly waiting = new Map<number, (m: Buffer) => void>();
  readonly received: Buffer[] = [];
  private constructor(readonly sock: Socket) {
    sock.on("message", (m) => {
      this.received.push(m);
      const w = m.length >= 2 ? this.waiting.get(m.readUInt16BE(0)) : undefined;
      if (w) {
        this.waiting.delete(m.readUInt16BE(0));
        w(m);
      }
    });
  }
  static async on(address: string): Promise<Client> {
    const sock = createSocket("udp4");
    await new Promise<void>((r) => sock.bind(0, address, () => r()));
    return new Client(sock);
  }
  send(port: number, msg: Buffer): void {
    this.sock.send(msg, port, "127.0.0.1");
  }
  ask(port: number, msg: Buffer, timeoutMs = 1000): Promise<Buffer | undefined> {
    const id = msg.readUInt16BE(0);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiting.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(t);
        resolve(m);
      });
      this.send(port, msg);
    });
  }
  close(): void {
    this.sock.close();
  }
}

function decoded(m: Buffer | undefined): DecodedMessage {
  if (!m) throw new Error("no answer");
  const d = decodeMessage(m);
  if ("error" in d) throw new Error(d.error);
  return d;
}

const paths = [
  { name: "native", env: {} as Record<string, string>, expected: NATIVE_EXPECTED ? "native" : "dgram" },
  { name: "dgram", env: { HACTL_GSLB_UDP: "dgram" }, expected: "dgram" },
] as const;

describe.each(paths)("UDP path: $name", ({ env, expected }) => {
  let srv: Served;
  let target: HttpTarget;
  let client: Client;

  beforeAll(async () => {
    // Listens on every loopback address, so all 40 addresses of many.gslb.test are healthy.
    target = new HttpTarget("0.0.0.0", await freePort());
    await target.start();
    srv = await serve(writeDoc(doc(target.port)), [], env);
    client = await Client.on("127.0.0.1");
    await until(async () => decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 7, name: toWireKey("app.gslb.test"), type: TYPE.A }))).answers.length === 1, 10_000, "first answer");
  }, 30_000);

  afterAll(async () => {
    client?.close();
    await srv?.stop("SIGKILL");
    await target?.stop();
  });

  it("says which path serves, in the start-up log, /status and /metrics", async () => {
    const line = expected === "native" ? /info\s+dns udp: native batched I\/O \(recvmmsg\/sendmmsg/ : /dns udp: Node dgram, one system call per datagram/;
    expect(srv.log()).toMatch(line);
    const status = (await (await fetch(`${srv.admin}/status`)).json()) as { dns: { udp: { path: string; fallback: boolean; native?: { packets: number } } } };
    expect(status.dns.udp.path).toBe(expected);
    if (expected === "native") expect(status.dns.udp.native!.packets).toBeGreaterThan(0);
    const metrics = await (await fetch(`${srv.admin}/metrics`)).text();
    expect(metrics).toContain(`hactl_gslb_dns_udp_path{path="${expected}"} 1`);
  });

  it("answers a burst of 3,000 queries from 3 sources, each to its own source with its own ID", async () => {
    const clients = await Promise.all(["127.0.0.1", "127.0.0.1", "127.0.0.4"].map((a) => Client.on(a)));
    const want = 1000;
    // Rounds of 100 queries per source (300 in flight): the server reads them in batches, and the
    // clients' receive buffers (net.core.rmem_max) hold the answers.
    for (let round = 0; round < want; round += 100) {
      for (let i = round; i < round + 100; i++) {
        for (const [k, c] of clients.entries()) c.send(srv.dnsPort, encodeQuery({ id: k * 10_000 + i, name: toWireKey(k === 1 ? "App.Gslb.TEST" : "app.gslb.test"), type: TYPE.A }));
      }
      await until(() => clients.every((c) => c.received.length >= round + 100), 2000, "answers to a round").catch(() => undefined);
    }
    const status = (await (await fetch(`${srv.admin}/status`)).json()) as { dns: unknown };
    const got = clients.map((c) => c.received.length);
    expect(got.every((n) => n >= want * 0.99), `received ${got.join(", ")}; server ${JSON.stringify(status.dns)}`).toBe(true);
    for (const [k, c] of clients.entries()) {
      const ids = new Set<number>();
      for (const m of c.received) {
        const d = decoded(m);
        expect(d.id - k * 10_000).toBeGreaterThanOrEqual(0);
        expect(d.id - k * 10_000).toBeLessThan(want);
        expect([d.rcode, d.aa, d.answers.map((a) => a.data)]).toEqual([0, true, ["127.0.0.1"]]);
        expect(d.questions[0]!.name).toBe("app.gslb.test");
        ids.add(d.id);
      }
      expect(ids.size).toBe(c.received.length); // one answer per query
      c.close();
    }
  });

  it("echoes EDNS0 and the client subnet with its scope; geo picks the region from ECS", async () => {
    const plain = decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 100, name: toWireKey("app.gslb.test"), type: TYPE.A, edns: { udpSize: 4096, dnssecOk: true, ecs: { family: 1, sourcePrefix: 24, address: new Uint8Array([10, 1, 2, 0]) } } })));
    expect(plain.edns).toEqual({ udpSize: 1232, version: 0, dnssecOk: true, ecs: { family: 1, sourcePrefix: 24, scopePrefix: 0, address: "10.1.2.0" } });
    expect(plain.answers).toEqual([{ name: "app.gslb.test", type: TYPE.A, class: 1, ttl: 30, data: "127.0.0.1" }]);
    const us = decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 101, name: toWireKey("geo.gslb.test"), type: TYPE.A, edns: { ecs: { family: 1, sourcePrefix: 24, address: new Uint8Array([10, 1, 9, 0]) } } })));
    expect([us.answers.map((a) => a.data), us.edns?.ecs?.scopePrefix]).toEqual([["127.0.0.2"], 16]);
    const eu = decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 102, name: toWireKey("geo.gslb.test"), type: TYPE.A, edns: { ecs: { family: 1, sourcePrefix: 24, address: new Uint8Array([10, 0, 9, 0]) } } })));
    expect([eu.answers.map((a) => a.data), eu.edns?.ecs?.scopePrefix]).toEqual([["127.0.0.1"], 16]);
    const trace = (await (await fetch(`${srv.admin}/trace?id=101`)).json()) as { traces: { client: string; clientSubnet: string; region: string; transport: string }[] };
    expect(trace.traces[0]).toMatchObject({ client: "127.0.0.1", clientSubnet: "10.1.9.0/24", region: "us", transport: "udp" });
  });

  it("truncates over UDP and answers in full over TCP", async () => {
    const udp = decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 200, name: toWireKey("many.gslb.test"), type: TYPE.A })));
    expect([udp.tc, udp.answers.length]).toEqual([true, 0]);
    const big = decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 201, name: toWireKey("many.gslb.test"), type: TYPE.A, edns: { udpSize: 1232 } })));
    expect([big.tc, big.answers.length]).toEqual([false, 40]);
    const retried = await dig(srv.dnsPort, ["many.gslb.test", "A", "+noedns"]);
    expect(retried.raw).toContain("Truncated, retrying in TCP mode");
    expect(retried.answers).toHaveLength(40);
  });

  it("answers FORMERR, NOTIMP, REFUSED and NXDOMAIN, drops responses and oversized datagrams, and keeps answering", async () => {
    const q = encodeQuery({ id: 300, name: toWireKey("app.gslb.test"), type: TYPE.A });
    const two = Buffer.from(q);
    two.writeUInt16BE(2, 4);
    expect(decoded(await client.ask(srv.dnsPort, two)).rcode).toBe(1);
    const notify = Buffer.from(q);
    notify.writeUInt16BE(301, 0);
    notify[2] = 4 << 3;
    expect(decoded(await client.ask(srv.dnsPort, notify)).rcode).toBe(4);
    expect(decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 302, name: toWireKey("example.com"), type: TYPE.A }))).rcode).toBe(5);
    const nx = decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 303, name: toWireKey("nothing.gslb.test"), type: TYPE.A })));
    expect([nx.rcode, nx.authority[0]?.type]).toEqual([3, TYPE.SOA]);
    const response = Buffer.from(q);
    response.writeUInt16BE(304, 0);
    response[2] = 0x84;
    expect(await client.ask(srv.dnsPort, response, 300)).toBeUndefined();
    const huge = Buffer.concat([encodeQuery({ id: 305, name: toWireKey("app.gslb.test"), type: TYPE.A }), Buffer.alloc(6000)]);
    const hugeAnswer = await client.ask(srv.dnsPort, huge, 300);
    // dgram reads it whole and answers FORMERR (bytes after the last record); the native path reads
    // at most 4096 bytes and drops what the kernel had to cut.
    if (expected === "native") expect(hugeAnswer).toBeUndefined();
    else expect(decoded(hugeAnswer).rcode).toBe(1);
    expect(decoded(await client.ask(srv.dnsPort, encodeQuery({ id: 306, name: toWireKey("app.gslb.test"), type: TYPE.A }))).answers).toHaveLength(1);
    const metrics = await (await fetch(`${srv.admin}/metrics`)).text();
    expect(metrics).toMatch(/hactl_gslb_dns_dropped_total [1-9]/);
  });

  it("rate-limits per source: a flooding address is cut down (slip answers TC), another is not", async () => {
    const limited = await serve(writeDoc(doc(target.port, { rateLimit: { queriesPerSecond: 20, burst: 20, slip: 2 } })), [], env);
    const flooder = await Client.on("127.0.0.3");
    const other = await Client.on("127.0.0.1");
    try {
      for (let i = 0; i < 200; i++) flooder.send(limited.dnsPort, encodeQuery({ id: 400 + i, name: toWireKey("app.gslb.test"), type: TYPE.A }));
      const answer = decoded(await other.ask(limited.dnsPort, encodeQuery({ id: 399, name: toWireKey("app.gslb.test"), type: TYPE.A })));
      expect(answer.answers.map((a) => a.data)).toEqual(["127.0.0.1"]);
      await new Promise((r) => setTimeout(r, 300));
      const answers = flooder.received.map((m) => decoded(m));
      const full = answers.filter((d) => !d.tc).length;
      const slipped = answers.filter((d) => d.tc && d.answers.length === 0).length;
      expect(full).toBeGreaterThanOrEqual(20);
      expect(full).toBeLessThan(40); // burst 20, plus 20 qps while the flood lasts
      expect(slipped).toBeGreaterThan(50); // every 2nd limited query
      expect(answers.length).toBeLessThan(200); // the rest dropped
      const metrics = await (await fetch(`${limited.admin}/metrics`)).text();
      expect(Number(/hactl_gslb_rate_limited_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(100);
      // Limited queries stop before the trace plugin (chain order); the answered ones are traced.
      const trace = (await (await fetch(`${limited.admin}/trace?client=127.0.0.3&limit=1`)).json()) as { traces: { client: string; rcode: string }[] };
      expect(trace.traces[0]).toMatchObject({ client: "127.0.0.3", rcode: "NOERROR" });
    } finally {
      flooder.close();
      other.close();
      await limited.stop("SIGKILL");
    }
  });

  it("counts queries by name, type, rcode and strategy, and times answers", async () => {
    const metrics = await (await fetch(`${srv.admin}/metrics`)).text();
    const n = Number(/hactl_gslb_dns_queries_total\{name="app.gslb.test",type="A",rcode="NOERROR",strategy="failover"\} (\d+)/.exec(metrics)?.[1]);
    expect(n).toBeGreaterThan(2900);
    expect(metrics).toMatch(/hactl_gslb_dns_queries_total\{name="_other",type="A",rcode="REFUSED",strategy="none"\} [1-9]/);
    expect(Number(/hactl_gslb_dns_answer_duration_seconds_count (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(2900);
  });
});

describe("UDP path selection", () => {
  it("falls back to dgram when the addon is missing, and says so", async () => {
    const target = new HttpTarget("127.0.0.1", await freePort());
    await target.start();
    const srv = await serve(writeDoc(doc(target.port)), [], { HACTL_GSLB_UDP_ADDON: "/nonexistent/gslb_udp.node" });
    try {
      expect(srv.log()).toMatch(/warn\s+dns udp: Node dgram, one system call per datagram: the native UDP addon is not built \(\/nonexistent\/gslb_udp\.node is missing/);
      const status = (await (await fetch(`${srv.admin}/status`)).json()) as { dns: { udp: { path: string; fallback: boolean; detail: string } } };
      expect(status.dns.udp).toMatchObject({ path: "dgram", fallback: true });
      const a = await dig(srv.dnsPort, ["app.gslb.test", "A"]);
      expect(a.answers.map((r) => r.data)).toEqual(["127.0.0.1"]);
    } finally {
      await srv.stop("SIGKILL");
      await target.stop();
    }
  });

  it("HACTL_GSLB_UDP=native without the addon, or an unknown value, stops with exit 2", async () => {
    const file = writeDoc(doc(await freePort()));
    const base = ["gslb", "serve", "-f", file, "--dns", "127.0.0.1:0", "--admin", "127.0.0.1:0"];
    const missing = await runCli(base, { env: { HACTL_GSLB_UDP: "native", HACTL_GSLB_UDP_ADDON: "/nonexistent/gslb_udp.node" } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("native UDP requested (HACTL_GSLB_UDP=native) but the native UDP addon is not built");
    const bogus = await runCli(base, { env: { HACTL_GSLB_UDP: "fast" } });
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('HACTL_GSLB_UDP="fast" is not a UDP path');
  });

  it.runIf(NATIVE_EXPECTED)("a port in use is reported on the native path as on dgram", async () => {
    const taken = createSocket("udp4");
    await new Promise<void>((r) => taken.bind(0, "127.0.0.1", () => r()));
    const port = taken.address().port;
    try {
      const r = await runCli(["gslb", "serve", "-f", writeDoc(doc(await freePort())), "--dns", `127.0.0.1:${port}`, "--admin", "127.0.0.1:0"], { env: { HACTL_GSLB_UDP: "native" } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot listen for DNS on 127.0.0.1:${port}: EADDRINUSE`);
    } finally {
      taken.close();
    }
  });
});
