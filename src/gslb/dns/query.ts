/**
 * The hot-path query parser: reads one DNS query into a reusable object without allocating more than
 * the name key. It validates what an authoritative server must (RFC 1035 header and question,
 * RFC 6891 OPT, RFC 7871 ECS) and reports FORMERR-worthy input as `formErr` instead of throwing, so
 * malformed packets can never crash or stall the server.
 * @module
 */
import { CLASS_IN, EDNS_OPTION_ECS, TYPE } from "./wire.js";

/** What the server needs of a query. One instance is reused per socket (single-threaded). */
export interface Query {
  id: number;
  /** Header flags (second 16-bit word). */
  flags: number;
  opcode: number;
  /** True when the QR bit is set: a response, which a server never answers. */
  isResponse: boolean;
  qdcount: number;
  /** Lower-cased wire form of QNAME (see wire.ts). */
  key: string;
  qtype: number;
  qclass: number;
  /** Offset just after the question (header + question are echoed verbatim). */
  questionEnd: number;
  edns: boolean;
  ednsVersion: number;
  /** Requestor's UDP payload size (≥ 512). */
  udpSize: number;
  /** DNSSEC OK bit, echoed in the response OPT (RFC 3225). */
  dnssecOk: boolean;
  /** ECS present: family 1 (IPv4) or 2 (IPv6), 0 when absent. */
  ecsFamily: number;
  ecsSourcePrefix: number;
  /** ECS address bytes as sent (⌈source/8⌉ bytes), padded to 4 or 16 in ecsAddress. */
  ecsAddress: Uint8Array;
  ecsAddressLength: number;
  /** Set when the message is malformed past the header: answer FORMERR. */
  formErr: boolean;
  /** Short reason for FORMERR, for traces and debug logs. */
  formErrReason: string;
}

export function newQuery(): Query {
  return {
    id: 0,
    flags: 0,
    opcode: 0,
    isResponse: false,
    qdcount: 0,
    key: "",
    qtype: 0,
    qclass: 0,
    questionEnd: 0,
    edns: false,
    ednsVersion: 0,
    udpSize: 512,
    dnssecOk: false,
    ecsFamily: 0,
    ecsSourcePrefix: 0,
    ecsAddress: new Uint8Array(16),
    ecsAddressLength: 0,
    formErr: false,
    formErrReason: "",
  };
}

const scratch = Buffer.alloc(256);

/**
 * Parses `msg` into `q`. Returns false when not even a header could be read (drop the packet);
 * otherwise true, with `q.formErr` set when the rest is malformed.
 */
export function parseQuery(msg: Buffer, q: Query): boolean {
  const len = msg.length;
  if (len < 12) return false;
  q.id = msg.readUInt16BE(0);
  q.flags = msg.readUInt16BE(2);
  q.opcode = (q.flags >> 11) & 0xf;
  q.isResponse = (q.flags & 0x8000) !== 0;
  q.qdcount = msg.readUInt16BE(4);
  q.key = "";
  q.qtype = 0;
  q.qclass = 0;
  q.questionEnd = 12;
  q.edns = false;
  q.ednsVersion = 0;
  q.udpSize = 512;
  q.dnssecOk = false;
  q.ecsFamily = 0;
  q.ecsSourcePrefix = 0;
  q.ecsAddressLength = 0;
  q.formErr = false;
  q.formErrReason = "";
  if (q.qdcount !== 1) return fail(q, q.qdcount === 0 ? "no question" : "more than one question");

  // QNAME: labels only (a pointer in the only question cannot point anywhere valid).
  let pos = 12;
  let upper = false;
  for (;;) {
    if (pos >= len) return fail(q, "question name runs past the end");
    const l = msg[pos]!;
    if (l === 0) {
      pos++;
      break;
    }
    if (l > 63) return fail(q, l >= 0xc0 ? "compression pointer in the question" : "label longer than 63 bytes");
    const end = pos + 1 + l;
    if (end > len) return fail(q, "label runs past the end");
    for (let i = pos + 1; i < end; i++) {
      const c = msg[i]!;
      if (c >= 0x41 && c <= 0x5a) upper = true;
    }
    pos = end;
    if (pos - 12 > 255) return fail(q, "name longer than 255 bytes");
  }
  const nameEnd = pos;
  if (pos - 12 > 255) return fail(q, "name longer than 255 bytes");
  if (upper) {
    // Case-insensitive (RFC 4343): ASCII letters only, so lower-case into scratch.
    const n = nameEnd - 12;
    for (let i = 0; i < n; i++) {
      const c = msg[12 + i]!;
      scratch[i] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
    // Length bytes are ≤ 63 and never letters, so lower-casing every byte is safe.
    q.key = scratch.toString("latin1", 0, n);
  } else {
    q.key = msg.toString("latin1", 12, nameEnd);
  }
  if (pos + 4 > len) return fail(q, "question type and class missing");
  q.qtype = msg.readUInt16BE(pos);
  q.qclass = msg.readUInt16BE(pos + 2);
  pos += 4;
  q.questionEnd = pos;

  const ancount = msg.readUInt16BE(6);
  const nscount = msg.readUInt16BE(8);
  const arcount = msg.readUInt16BE(10);
  if (ancount + nscount + arcount === 0) return pos === len || trailing(q);
  // Skip answer and authority records (not expected in a query, but legal to carry).
  for (let i = 0; i < ancount + nscount; i++) {
    pos = skipRecord(msg, pos);
    if (pos < 0) return fail(q, "malformed record");
  }
  for (let i = 0; i < arcount; i++) {
    const start = pos;
    pos = skipName(msg, pos);
    if (pos < 0 || pos + 10 > len) return fail(q, "malformed additional record");
    const type = msg.readUInt16BE(pos);
    const rdlen = msg.readUInt16BE(pos + 8);
    const rdata = pos + 10;
    if (rdata + rdlen > len) return fail(q, "record data runs past the end");
    if (type === TYPE.OPT) {
      if (q.edns) return fail(q, "more than one OPT record");
      if (pos !== start + 1 || msg[start] !== 0) return fail(q, "OPT record not owned by the root");
      q.edns = true;
      const size = msg.readUInt16BE(pos + 2);
      q.udpSize = size < 512 ? 512 : size;
      q.ednsVersion = msg[pos + 5]!;
      q.dnssecOk = (msg[pos + 6]! & 0x80) !== 0;
      if (!parseOptions(msg, rdata, rdata + rdlen, q)) return true;
    }
    pos = rdata + rdlen;
  }
  return pos === len || trailing(q);
}

function trailing(q: Query): boolean {
  return fail(q, "bytes after the last record");
}

function fail(q: Query, reason: string): true {
  q.formErr = true;
  q.formErrReason = reason;
  return true;
}

function parseOptions(msg: Buffer, pos: number, end: number, q: Query): boolean {
  while (pos < end) {
    if (pos + 4 > end) return !fail(q, "truncated EDNS option");
    const code = msg.readUInt16BE(pos);
    const olen = msg.readUInt16BE(pos + 2);
    const data = pos + 4;
    if (data + olen > end) return !fail(q, "EDNS option runs past the OPT record");
    if (code === EDNS_OPTION_ECS) {
      if (q.ecsFamily !== 0) return !fail(q, "more than one client-subnet option");
      if (olen < 4) return !fail(q, "client-subnet option too short");
      const family = msg.readUInt16BE(data);
      const source = msg[data + 2]!;
      const scope = msg[data + 3]!;
      const addrLen = olen - 4;
      const max = family === 1 ? 32 : family === 2 ? 128 : -1;
      // RFC 7871 §7.1.2: unknown family, a prefix beyond the address size, a non-zero scope, or an
      // address longer than the prefix needs, or bits set past it, are FORMERR.
      if (max < 0) return !fail(q, `client-subnet family ${family} unknown`);
      if (source > max) return !fail(q, "client-subnet source prefix too long");
      if (scope !== 0) return !fail(q, "client-subnet scope prefix set in a query");
      if (addrLen !== (source + 7) >> 3) return !fail(q, "client-subnet address length does not match its prefix");
      if (addrLen > 0 && source % 8 !== 0 && (msg[data + 4 + addrLen - 1]! & (0xff >> (source % 8))) !== 0) {
        return !fail(q, "client-subnet address has bits set beyond its prefix");
      }
      q.ecsFamily = family;
      q.ecsSourcePrefix = source;
      q.ecsAddressLength = addrLen;
      q.ecsAddress.fill(0);
      for (let i = 0; i < addrLen; i++) q.ecsAddress[i] = msg[data + 4 + i]!;
    }
    pos = data + olen;
  }
  return true;
}

/** Offset after a (possibly compressed) name, or -1 when malformed. */
export function skipName(msg: Buffer, pos: number): number {
  const len = msg.length;
  for (let guard = 0; guard < 128; guard++) {
    if (pos >= len) return -1;
    const l = msg[pos]!;
    if (l === 0) return pos + 1;
    if ((l & 0xc0) === 0xc0) return pos + 2 <= len ? pos + 2 : -1;
    if (l > 63) return -1;
    pos += 1 + l;
  }
  return -1;
}

function skipRecord(msg: Buffer, pos: number): number {
  const p = skipName(msg, pos);
  if (p < 0 || p + 10 > msg.length) return -1;
  const end = p + 10 + msg.readUInt16BE(p + 8);
  return end > msg.length ? -1 : end;
}

/** True for the classes an IN-only authoritative server answers. */
export function isServedClass(qclass: number): boolean {
  return qclass === CLASS_IN;
}
