/**
 * A general DNS message decoder (questions, records with compressed names, OPT/ECS). Used by the DNS
 * health probe, the tests and the admin trace; the server's hot path uses query.ts instead. Never
 * throws: malformed input gives `{ error }`.
 * @module
 */
import { EDNS_OPTION_ECS, TYPE, ipText } from "./wire.js";

export interface DecodedRecord {
  /** Dotted owner name, lower-cased, without trailing dot (`.` for the root). */
  name: string;
  type: number;
  class: number;
  ttl: number;
  /** A/AAAA: address text; NS/CNAME/PTR: dotted name; SOA: fields; otherwise hex. */
  data: string | { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
}

export interface DecodedMessage {
  id: number;
  flags: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** Full rcode (with the OPT extended bits). */
  rcode: number;
  questions: { name: string; type: number; class: number }[];
  answers: DecodedRecord[];
  authority: DecodedRecord[];
  additional: DecodedRecord[];
  edns?: { udpSize: number; version: number; dnssecOk: boolean; ecs?: { family: number; sourcePrefix: number; scopePrefix: number; address: string } };
}

class Malformed extends Error {}

function readName(msg: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let pos = start;
  let end = -1;
  let total = 0;
  for (let jumps = 0; ; ) {
    if (pos >= msg.length) throw new Malformed("name runs past the end");
    const l = msg[pos]!;
    if (l === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    if ((l & 0xc0) === 0xc0) {
      if (pos + 1 >= msg.length) throw new Malformed("truncated pointer");
      if (end < 0) end = pos + 2;
      const target = ((l & 0x3f) << 8) | msg[pos + 1]!;
      if (target >= pos || ++jumps > 64) throw new Malformed("compression pointer loop or forward pointer");
      pos = target;
      continue;
    }
    if (l > 63) throw new Malformed("bad label length");
    if (pos + 1 + l > msg.length) throw new Malformed("label runs past the end");
    labels.push(msg.toString("latin1", pos + 1, pos + 1 + l).toLowerCase());
    total += l + 1;
    if (total > 255) throw new Malformed("name longer than 255 bytes");
    pos += 1 + l;
  }
  return { name: labels.length === 0 ? "." : labels.join("."), end };
}

function readRecord(msg: Buffer, pos: number): { rec: DecodedRecord; end: number; raw: { ttlField: number; rdata: number; rdlen: number } } {
  const { name, end: p } = readName(msg, pos);
  if (p + 10 > msg.length) throw new Malformed("record header runs past the end");
  const type = msg.readUInt16BE(p);
  const klass = msg.readUInt16BE(p + 2);
  const ttl = msg.readUInt32BE(p + 4);
  const rdlen = msg.readUInt16BE(p + 8);
  const rdata = p + 10;
  if (rdata + rdlen > msg.length) throw new Malformed("record data runs past the end");
  let data: DecodedRecord["data"];
  if (type === TYPE.A && rdlen === 4) data = ipText(msg.subarray(rdata, rdata + 4));
  else if (type === TYPE.AAAA && rdlen === 16) data = ipText(msg.subarray(rdata, rdata + 16));
  else if (type === TYPE.NS || type === TYPE.CNAME || type === TYPE.PTR) data = readName(msg, rdata).name;
  else if (type === TYPE.SOA) {
    const m = readName(msg, rdata);
    const r = readName(msg, m.end);
    if (r.end + 20 > rdata + rdlen) throw new Malformed("SOA too short");
    data = {
      mname: m.name,
      rname: r.name,
      serial: msg.readUInt32BE(r.end),
      refresh: msg.readUInt32BE(r.end + 4),
      retry: msg.readUInt32BE(r.end + 8),
      expire: msg.readUInt32BE(r.end + 12),
      minimum: msg.readUInt32BE(r.end + 16),
    };
  } else data = msg.toString("hex", rdata, rdata + rdlen);
  return { rec: { name, type, class: klass, ttl, data }, end: rdata + rdlen, raw: { ttlField: p + 4, rdata, rdlen } };
}

/** Decodes a whole message. */
export function decodeMessage(msg: Buffer): DecodedMessage | { error: string } {
  try {
    if (msg.length < 12) throw new Malformed("shorter than a header");
    const flags = msg.readUInt16BE(2);
    const counts = [msg.readUInt16BE(4), msg.readUInt16BE(6), msg.readUInt16BE(8), msg.readUInt16BE(10)] as const;
    const out: DecodedMessage = {
      id: msg.readUInt16BE(0),
      flags,
      qr: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      aa: (flags & 0x0400) !== 0,
      tc: (flags & 0x0200) !== 0,
      rd: (flags & 0x0100) !== 0,
      ra: (flags & 0x0080) !== 0,
      rcode: flags & 0xf,
      questions: [],
      answers: [],
      authority: [],
      additional: [],
    };
    let pos = 12;
    for (let i = 0; i < counts[0]; i++) {
      const { name, end } = readName(msg, pos);
      if (end + 4 > msg.length) throw new Malformed("question runs past the end");
      out.questions.push({ name, type: msg.readUInt16BE(end), class: msg.readUInt16BE(end + 2) });
      pos = end + 4;
    }
    const sections = [out.answers, out.authority, out.additional];
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < counts[s + 1]!; i++) {
        const { rec, end, raw } = readRecord(msg, pos);
        pos = end;
        if (rec.type === TYPE.OPT && s === 2) {
          const extRcode = msg[raw.ttlField]!;
          out.rcode |= extRcode << 4;
          out.edns = { udpSize: rec.class, version: msg[raw.ttlField + 1]!, dnssecOk: (msg[raw.ttlField + 2]! & 0x80) !== 0 };
          let o = raw.rdata;
          while (o + 4 <= raw.rdata + raw.rdlen) {
            const code = msg.readUInt16BE(o);
            const olen = msg.readUInt16BE(o + 2);
            if (code === EDNS_OPTION_ECS && olen >= 4) {
              const family = msg.readUInt16BE(o + 4);
              const addr = new Uint8Array(family === 1 ? 4 : 16);
              addr.set(msg.subarray(o + 8, Math.min(o + 4 + olen, o + 8 + addr.length)));
              out.edns.ecs = { family, sourcePrefix: msg[o + 6]!, scopePrefix: msg[o + 7]!, address: ipText(addr) };
            }
            o += 4 + olen;
          }
          continue;
        }
        sections[s]!.push(rec);
      }
    }
    return out;
  } catch (e) {
    if (e instanceof Malformed) return { error: e.message };
    throw e;
  }
}
