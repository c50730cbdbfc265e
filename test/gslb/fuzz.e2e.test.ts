/**
 * Robustness: 120,000 malformed and random packets (random bytes, mutated queries, compression
 * loops, lying counts, broken EDNS/ECS, responses, odd opcodes) over UDP and TCP against the real
 * server, with a valid query checked for a correct answer after every batch.
 */
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMessage } from "../../src/gslb/dns/decode.js";
import { encodeQuery } from "../../src/gslb/dns/writer.js";
import { TYPE, toWireKey } from "../../src/gslb/dns/wire.js";
import { gslbDoc, writeDoc } from "./fixtures.js";
import { freePort, HttpTarget, NATIVE_EXPECTED, serve, type Served } from "./helpers.js";

const TOTAL = 120_000;
const BATCH = 250;

describe("robustness", () => {
  let srv: Served;
  let target: HttpTarget;

  beforeAll(async () => {
    target = new HttpTarget("127.0.0.1", await freePort());
    await target.start();
    srv = await serve(
      writeDoc(
        gslbDoc(
          [
            { name: "app.gslb.test", healthCheck: { protocol: "TCP", port: target.port, interval: "1s" }, targets: [{ cluster: "a", addresses: ["127.0.0.1", "::1"] }] },
            { name: "geo.gslb.test", strategy: "geo", healthCheck: { protocol: "TCP", port: target.port, interval: "1s" }, targets: [{ cluster: "a", addresses: ["127.0.0.1"], region: "eu" }] },
          ],
          { geo: { regions: { eu: ["10.0.0.0/8"] } } },
        ),
      ),
    );
  }, 30_000);

  afterAll(async () => {
    await srv?.stop("SIGKILL");
    await target?.stop();
  });

  it(`survives ${TOTAL.toLocaleString("en")} malformed packets and keeps answering correctly`, async () => {
    const pending = new Map<number, (m: Buffer) => void>();
    const sock = createSocket("udp4");
    await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
    // Valid queries go from their own socket, so a fuzz packet's answer can never pass for theirs.
    const checker = createSocket("udp4");
    await new Promise<void>((r) => checker.bind(0, "127.0.0.1", () => r()));
    checker.on("message", (m) => {
      const waiter = m.length >= 2 ? pending.get(m.readUInt16BE(0)) : undefined;
      if (waiter) {
        pending.delete(m.readUInt16BE(0));
        waiter(m);
      }
    });

    const rcodes = new Map<number, number>();
    let fuzzAnswers = 0;
    sock.on("message", (m) => {
      fuzzAnswers++;
      if (m.length >= 4) rcodes.set(m[3]! & 0xf, (rcodes.get(m[3]! & 0xf) ?? 0) + 1);
    });
    let nextId = 60000;
    const validCheck = async (): Promise<void> => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const id = nextId++;
        if (nextId > 65535) nextId = 60000;
        const got = new Promise<Buffer | undefined>((resolve) => {
          pending.set(id, resolve);
          setTimeout(() => {
            pending.delete(id);
            resolve(undefined);
          }, 1000);
        });
        checker.send(encodeQuery({ id, name: toWireKey("App.GSLB.test"), type: TYPE.A, edns: { udpSize: 1232 } }), srv.dnsPort, "127.0.0.1");
        const m = await got;
        if (!m) continue; // a UDP loss under the flood: ask again
        const d = decodeMessage(m);
        if ("error" in d) throw new Error(`malformed answer to a valid query: ${d.error}`);
        expect([d.id, d.rcode, d.aa, d.answers.map((a) => a.data)]).toEqual([id, 0, true, ["127.0.0.1"]]);
        return;
      }
      throw new Error("a valid query went unanswered three times in a row");
    };

    const valid = encodeQuery({ id: 1, name: toWireKey("app.gslb.test"), type: TYPE.A, edns: { udpSize: 4096, ecs: { family: 1, sourcePrefix: 24, address: new Uint8Array([10, 1, 2, 0]) } } });
    const rng = fc.sample(fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 700 })), { numRuns: 2000, seed: 20261121 });
    const packet = (i: number): Buffer => {
      const [n, bytes] = rng[i % rng.length]!;
      const kind = (n + i) % 8;
      const b = Buffer.from(valid);
      switch (kind) {
        case 0:
          return Buffer.from(bytes); // random
        case 1: {
          for (let k = 0; k < 1 + (n % 6); k++) { const at = 12 + ((n * 31 + k * 7 + i) % (b.length - 12)); b[at] = b[at]! ^ (1 << ((n + k) % 8)); }
          return b; // bit flips past the header
        }
        case 2:
          return b.subarray(0, (n + i) % b.length); // truncated
        case 3: {
          b.writeUInt16BE((n + i) & 0xffff, 4 + 2 * ((n + i) % 4));
          return b; // lying section counts
        }
        case 4:
          return Buffer.from([...b.subarray(0, 12), 0xc0, 12, 0, 1, 0, 1]); // pointer loop in the question
        case 5: {
          b[2] = ((n + i) & 0xff) | 0x80 * (i & 1); // responses, odd opcodes, flags
          return b;
        }
        case 6:
          return Buffer.concat([b, Buffer.from(bytes.subarray(0, 40))]); // trailing garbage
        default: {
          const at = b.length - 1 - ((n + i) % 12);
          b[at] = (n + i) & 0xff; // broken EDNS / ECS option
          return b;
        }
      }
    };

    // A few raw TCP streams with garbage framing first: they must not take the server down.
    for (let t = 0; t < 20; t++) {
      await new Promise<void>((resolve) => {
        const s = connect(srv.dnsPort, "127.0.0.1", () => {
          const garbage = Buffer.from(rng[t]![1]);
          s.write(Buffer.concat([Buffer.from([0, Math.min(255, garbage.length + (t % 3))]), garbage, Buffer.from([0xff, 0xff, 1, 2, 3])]));
          setTimeout(() => s.destroy(), 20);
        });
        s.on("error", () => undefined);
        s.on("close", () => resolve());
      });
    }

    const started = Date.now();
    let checks = 0;
    for (let i = 0; i < TOTAL; i += BATCH) {
      for (let j = i; j < i + BATCH && j < TOTAL; j++) sock.send(packet(j), srv.dnsPort, "127.0.0.1");
      await validCheck();
      checks++;
    }
    const ms = Date.now() - started;
    sock.close();
    checker.close();
    const udp = ((await (await fetch(`${srv.admin}/status`)).json()) as { dns: { udp: { path: string } } }).dns.udp.path;
    expect(udp).toBe(NATIVE_EXPECTED ? "native" : "dgram");
    console.log(
      `fuzz (${udp} UDP path): ${TOTAL} packets in ${ms} ms, ${checks} valid queries answered correctly in between; ` +
        `${fuzzAnswers} fuzz packets got an answer (rcodes ${[...rcodes].map(([k, v]) => `${k}:${v}`).join(" ")}), the rest were dropped`,
    );
    expect(checks).toBe(Math.ceil(TOTAL / BATCH));
    expect(rcodes.get(1) ?? 0).toBeGreaterThan(1000); // FORMERR for malformed queries
    expect(srv.proc.exitCode).toBeNull();
    expect((await fetch(`${srv.admin}/healthz`)).status).toBe(200);
    expect(srv.log()).not.toMatch(/error dns:/);
    const metrics = await (await fetch(`${srv.admin}/metrics`)).text();
    expect(metrics).toMatch(/hactl_gslb_dns_dropped_total [1-9]/);
  }, 120_000);
});
