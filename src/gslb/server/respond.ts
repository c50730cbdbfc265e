/**
 * Response assembly on the hot path. A response is the query's header ID and RD bit, the query's
 * own question bytes (so the client's 0x20 case is echoed), then a precomputed tail whose names
 * point back into that question; only the ID, the RD bit and the OPT record (with the ECS scope)
 * are written per response. Also: empty responses (errors, NODATA/NXDOMAIN with the SOA) and
 * truncation.
 * @module
 */
import type { Query } from "../dns/query.js";
import { EDNS_OPTION_ECS, TYPE } from "../dns/wire.js";

/** A precomputed response: header (flags and counts without the OPT), lower-case question, records. */
export interface Prepared {
  tmpl: Buffer;
  /** End of the question in tmpl (= the query's questionEnd). */
  qEnd: number;
}

/** What the OPT record of a response says. */
export interface OptOut {
  /** Our UDP payload size. */
  udpSize: number;
  /** ECS scope prefix to echo (when the query had ECS). */
  scope: number;
  extRcode: number;
}

export function optLength(q: Query): number {
  if (!q.edns) return 0;
  return 11 + (q.ecsFamily !== 0 ? 8 + q.ecsAddressLength : 0);
}

export function writeOpt(out: Buffer, pos: number, q: Query, o: OptOut): number {
  out[pos] = 0;
  out.writeUInt16BE(TYPE.OPT, pos + 1);
  out.writeUInt16BE(o.udpSize, pos + 3);
  out[pos + 5] = o.extRcode;
  out[pos + 6] = 0;
  out[pos + 7] = q.dnssecOk ? 0x80 : 0;
  out[pos + 8] = 0;
  if (q.ecsFamily === 0) {
    out.writeUInt16BE(0, pos + 9);
    return pos + 11;
  }
  const n = q.ecsAddressLength;
  out.writeUInt16BE(8 + n, pos + 9);
  out.writeUInt16BE(EDNS_OPTION_ECS, pos + 11);
  out.writeUInt16BE(4 + n, pos + 13);
  out.writeUInt16BE(q.ecsFamily, pos + 15);
  out[pos + 17] = q.ecsSourcePrefix;
  out[pos + 18] = o.scope;
  for (let i = 0; i < n; i++) out[pos + 19 + i] = q.ecsAddress[i]!;
  return pos + 19 + n;
}

/** Builds the response to `msg` from a prepared template; truncates when it exceeds `limit`. */
export function fromPrepared(msg: Buffer, q: Query, p: Prepared, opt: OptOut, limit: number): Buffer {
  const tail = p.tmpl.length - p.qEnd;
  const ol = optLength(q);
  const size = q.questionEnd + tail + ol;
  if (size > limit) return truncated(msg, q, p.tmpl, opt);
  const out = Buffer.allocUnsafe(size);
  out[0] = msg[0]!;
  out[1] = msg[1]!;
  p.tmpl.copy(out, 2, 2, 12);
  out[2] = out[2]! | (msg[2]! & 0x01);
  if (ol > 0) out.writeUInt16BE(p.tmpl.readUInt16BE(10) + 1, 10);
  msg.copy(out, 12, 12, q.questionEnd);
  p.tmpl.copy(out, q.questionEnd, p.qEnd);
  if (ol > 0) writeOpt(out, q.questionEnd + tail, q, opt);
  return out;
}

/** Header + question (+ OPT) with TC set: the client retries over TCP (RFC 7766). */
function truncated(msg: Buffer, q: Query, tmpl: Buffer, opt: OptOut): Buffer {
  const ol = optLength(q);
  const out = Buffer.allocUnsafe(q.questionEnd + ol);
  out[0] = msg[0]!;
  out[1] = msg[1]!;
  out[2] = tmpl[2]! | 0x02 | (msg[2]! & 0x01);
  out[3] = tmpl[3]!;
  out.writeUInt16BE(1, 4);
  out.writeUInt32BE(0, 6);
  out[10] = 0;
  out[11] = ol > 0 ? 1 : 0;
  msg.copy(out, 12, 12, q.questionEnd);
  if (ol > 0) writeOpt(out, q.questionEnd, q, opt);
  return out;
}

/**
 * A response without answers: `rcode` (low 4 bits; BADVERS via opt.extRcode), AA when
 * authoritative, the question when it was parsed, and optionally a SOA in the authority section
 * (NXDOMAIN/NODATA, RFC 2308) given as a pointer offset target and the SOA record after the owner.
 */
export function empty(msg: Buffer, q: Query, rcode: number, aa: boolean, opt: OptOut, soa?: { ownerOffset: number; rest: Buffer }): Buffer {
  const withQuestion = q.questionEnd > 12 && !q.formErr;
  const qEnd = withQuestion ? q.questionEnd : 12;
  const ol = optLength(q);
  const soaLen = soa ? 2 + soa.rest.length : 0;
  const out = Buffer.allocUnsafe(qEnd + soaLen + ol);
  out[0] = msg[0]!;
  out[1] = msg[1]!;
  // QR, the query's opcode, AA, RD copied; rcode.
  out[2] = 0x80 | (msg[2]! & 0x78) | (aa ? 0x04 : 0) | (msg[2]! & 0x01);
  out[3] = rcode & 0x0f;
  out.writeUInt16BE(withQuestion ? 1 : 0, 4);
  out.writeUInt16BE(0, 6);
  out.writeUInt16BE(soa ? 1 : 0, 8);
  out.writeUInt16BE(ol > 0 ? 1 : 0, 10);
  if (withQuestion) msg.copy(out, 12, 12, qEnd);
  let pos = qEnd;
  if (soa) {
    out.writeUInt16BE(0xc000 | soa.ownerOffset, pos);
    soa.rest.copy(out, pos + 2);
    pos += soaLen;
  }
  if (ol > 0) writeOpt(out, pos, q, opt);
  return out;
}
