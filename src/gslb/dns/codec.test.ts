import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMessage } from "./decode.js";
import { newQuery, parseQuery } from "./query.js";
import { MessageWriter, encodeQuery } from "./writer.js";
import { TYPE, fromWireKey, ipText, ipv4Bytes, ipv6Bytes, isInZone, parentKey, toWireKey } from "./wire.js";

describe("wire keys", () => {
  it("lower-cases and round-trips names", () => {
    const k = toWireKey("Shop.Example.COM.");
    expect(k).toBe("\x04shop\x07example\x03com\x00");
    expect(fromWireKey(k)).toBe("shop.example.com");
    expect(parentKey(k)).toBe(toWireKey("example.com"));
    expect(isInZone(k, toWireKey("example.com"))).toBe(true);
    expect(isInZone(toWireKey("xample.com"), toWireKey("ample.com"))).toBe(false);
  });
  it("parses and prints addresses", () => {
    expect(ipText(ipv6Bytes("2001:db8::1")!)).toBe("2001:db8::1");
    expect(ipText(ipv6Bytes("::ffff:192.0.2.1")!)).toBe("::ffff:c000:201");
    expect(ipv4Bytes("256.1.1.1")).toBeUndefined();
    expect(ipv6Bytes("1::2::3")).toBeUndefined();
  });
});

describe("query parser", () => {
  it("reads name, type, EDNS and client subnet", () => {
    const msg = encodeQuery({ id: 7, name: toWireKey("a.b"), type: TYPE.AAAA, rd: true, edns: { udpSize: 4096, dnssecOk: true, ecs: { family: 1, sourcePrefix: 24, address: new Uint8Array([192, 0, 2, 0]) } } });
    msg[12 + 1] = 0x41; // "A": the key is still lower case
    const q = newQuery();
    expect(parseQuery(msg, q)).toBe(true);
    expect(q.formErr).toBe(false);
    expect(q.key).toBe(toWireKey("a.b"));
    expect([q.id, q.qtype, q.edns, q.udpSize, q.dnssecOk, q.ecsFamily, q.ecsSourcePrefix, q.ecsAddressLength]).toEqual([7, TYPE.AAAA, true, 4096, true, 1, 24, 3]);
  });
  it("flags malformed queries as FORMERR and drops what has no header", () => {
    const q = newQuery();
    expect(parseQuery(Buffer.alloc(5), q)).toBe(false);
    const noQuestion = Buffer.alloc(12);
    expect(parseQuery(noQuestion, q) && q.formErr).toBe(true);
    const pointer = Buffer.from(encodeQuery({ id: 1, name: toWireKey("a.b"), type: 1 }));
    pointer[12] = 0xc0;
    expect(parseQuery(pointer, q) && q.formErrReason).toBe("compression pointer in the question");
    // ECS with bits set past the source prefix (RFC 7871 §7.1.2).
    const ecs = encodeQuery({ id: 1, name: toWireKey("a.b"), type: 1, edns: { ecs: { family: 1, sourcePrefix: 20, address: new Uint8Array([10, 1, 0, 0]) } } });
    ecs[ecs.length - 1] = 0xff;
    expect(parseQuery(ecs, q) && q.formErrReason).toContain("beyond its prefix");
    const trailing = Buffer.concat([encodeQuery({ id: 1, name: toWireKey("a.b"), type: 1 }), Buffer.from([0])]);
    expect(parseQuery(trailing, q) && q.formErr).toBe(true);
  });
  it("never throws on random bytes", () => {
    const q = newQuery();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const ok = parseQuery(Buffer.from(bytes), q);
        expect(typeof ok).toBe("boolean");
        if (ok && !q.formErr) expect(q.questionEnd).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("message writer", () => {
  it("compresses repeated names into pointers that decode back", () => {
    const w = new MessageWriter(16);
    const key = toWireKey("www.shop.example.com");
    w.header({ id: 1, flags: 0x8400, qd: 1, an: 2, ns: 0, ar: 0 }).question(key, TYPE.A);
    const before = w.pos;
    w.record({ name: key, ttl: 30, data: { type: TYPE.A, address: "192.0.2.1" } });
    expect(w.pos - before).toBe(2 + 10 + 4); // the owner is a 2-byte pointer
    w.record({ name: toWireKey("shop.example.com"), ttl: 30, data: { type: TYPE.AAAA, address: "2001:db8::1" } });
    const m = decodeMessage(w.finish());
    if ("error" in m) throw new Error(m.error);
    expect(m.answers.map((a) => [a.name, a.data])).toEqual([
      ["www.shop.example.com", "192.0.2.1"],
      ["shop.example.com", "2001:db8::1"],
    ]);
  });
  it("decoder rejects pointer loops without hanging", () => {
    const loop = Buffer.from([0, 1, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    expect(decodeMessage(loop)).toEqual({ error: "compression pointer loop or forward pointer" });
  });
});
