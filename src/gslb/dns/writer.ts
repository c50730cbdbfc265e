/**
 * A DNS message writer with name compression (RFC 1035 §4.1.4). Used off the hot path: to build the
 * precomputed answers, and by probes and tests. Names are given as wire keys (see wire.ts).
 * @module
 */
import { CLASS_IN, TYPE, ipv4Bytes, ipv6Bytes } from "./wire.js";

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

/** A resource record to write; `data` by type: A/AAAA address text, NS/CNAME/PTR wire key, SOA fields. */
export type RecordData =
  | { type: typeof TYPE.A | typeof TYPE.AAAA; address: string }
  | { type: typeof TYPE.NS | typeof TYPE.CNAME | typeof TYPE.PTR; target: string }
  | { type: typeof TYPE.SOA; soa: SoaData }
  | { type: number; raw: Uint8Array };

export interface RecordSpec {
  /** Owner name as a wire key. */
  name: string;
  ttl: number;
  data: RecordData;
  class?: number;
}

export class MessageWriter {
  private buf: Buffer;
  pos = 0;
  private readonly names = new Map<string, number>();

  constructor(size = 512) {
    this.buf = Buffer.alloc(size);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Writes a 16-bit value at an earlier offset (counts, RDLENGTH). */
  patch16(at: number, v: number): void {
    this.buf.writeUInt16BE(v & 0xffff, at);
  }

  /**
   * Writes a name, reusing the longest suffix written before as a pointer, and remembers the
   * offsets of the new suffixes. `compress: false` writes it in full (still remembered).
   */
  name(key: string, compress = true): this {
    let i = 0;
    while (i < key.length) {
      const len = key.charCodeAt(i);
      if (len === 0) break;
      const suffix = key.slice(i);
      const known = compress ? this.names.get(suffix) : undefined;
      if (known !== undefined) return this.u16(0xc000 | known);
      if (this.pos < 0x3fff && !this.names.has(suffix)) this.names.set(suffix, this.pos);
      this.ensure(1 + len);
      this.buf[this.pos++] = len;
      this.buf.write(key.slice(i + 1, i + 1 + len), this.pos, "latin1");
      this.pos += len;
      i += 1 + len;
    }
    return this.u8(0);
  }

  /** Remembers that the name `key` is already present at `offset` (e.g. the echoed question). */
  remember(key: string, offset: number): void {
    let i = 0;
    let at = offset;
    while (i < key.length && key.charCodeAt(i) !== 0) {
      const suffix = key.slice(i);
      if (at < 0x3fff && !this.names.has(suffix)) this.names.set(suffix, at);
      const len = key.charCodeAt(i);
      i += 1 + len;
      at += 1 + len;
    }
  }

  header(h: { id: number; flags: number; qd: number; an: number; ns: number; ar: number }): this {
    return this.u16(h.id).u16(h.flags).u16(h.qd).u16(h.an).u16(h.ns).u16(h.ar);
  }

  question(key: string, type: number, klass = CLASS_IN): this {
    return this.name(key).u16(type).u16(klass);
  }

  record(r: RecordSpec): this {
    this.name(r.name).u16(r.data.type).u16(r.class ?? CLASS_IN).u32(r.ttl);
    const lenAt = this.pos;
    this.u16(0);
    const start = this.pos;
    const d = r.data;
    if ("address" in d) {
      const bytes = d.type === TYPE.A ? ipv4Bytes(d.address) : ipv6Bytes(d.address);
      if (!bytes) throw new Error(`invalid ${d.type === TYPE.A ? "IPv4" : "IPv6"} address "${d.address}"`);
      this.bytes(bytes);
    } else if ("target" in d) {
      this.name(d.target);
    } else if ("soa" in d) {
      const s = d.soa;
      this.name(s.mname).name(s.rname).u32(s.serial).u32(s.refresh).u32(s.retry).u32(s.expire).u32(s.minimum);
    } else {
      this.bytes(d.raw);
    }
    this.patch16(lenAt, this.pos - start);
    return this;
  }

  /** An OPT pseudo-record (RFC 6891) with the given options (code, data). */
  opt(udpSize: number, opts: { extRcode?: number; version?: number; dnssecOk?: boolean; options?: { code: number; data: Uint8Array }[] } = {}): this {
    this.u8(0).u16(TYPE.OPT).u16(udpSize).u8(opts.extRcode ?? 0).u8(opts.version ?? 0).u16(opts.dnssecOk ? 0x8000 : 0);
    const lenAt = this.pos;
    this.u16(0);
    const start = this.pos;
    for (const o of opts.options ?? []) this.u16(o.code).u16(o.data.length).bytes(o.data);
    this.patch16(lenAt, this.pos - start);
    return this;
  }

  /** A copy of what was written. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** ECS option data (RFC 7871 §6): family, source prefix, scope prefix, address truncated to the prefix. */
export function ecsOptionData(family: number, sourcePrefix: number, scopePrefix: number, address: Uint8Array): Uint8Array {
  const n = (sourcePrefix + 7) >> 3;
  const out = new Uint8Array(4 + n);
  out[0] = family >> 8;
  out[1] = family & 0xff;
  out[2] = sourcePrefix;
  out[3] = scopePrefix;
  for (let i = 0; i < n; i++) out[4 + i] = address[i] ?? 0;
  if (n > 0 && sourcePrefix % 8 !== 0) out[4 + n - 1]! &= (0xff << (8 - (sourcePrefix % 8))) & 0xff;
  return out;
}

/** Encodes a query (for probes, tests and the benchmark): one question, optional EDNS and ECS. */
export function encodeQuery(q: {
  id: number;
  name: string;
  type: number;
  rd?: boolean;
  edns?: { udpSize?: number; dnssecOk?: boolean; ecs?: { family: number; sourcePrefix: number; address: Uint8Array } };
}): Buffer {
  const w = new MessageWriter();
  w.header({ id: q.id, flags: q.rd ? 0x0100 : 0, qd: 1, an: 0, ns: 0, ar: q.edns ? 1 : 0 });
  w.question(q.name, q.type);
  if (q.edns) {
    const e = q.edns.ecs;
    w.opt(q.edns.udpSize ?? 1232, {
      dnssecOk: q.edns.dnssecOk,
      options: e ? [{ code: 8, data: ecsOptionData(e.family, e.sourcePrefix, 0, e.address) }] : [],
    });
  }
  return w.finish();
}
