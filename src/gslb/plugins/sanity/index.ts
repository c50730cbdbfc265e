/**
 * sanity: what an authoritative-only server refuses before looking at names. Responses are dropped;
 * other opcodes get NOTIMP; malformed queries FORMERR; EDNS versions above 0 BADVERS (RFC 6891
 * §6.1.3); classes other than IN, and zone transfers, REFUSED.
 * @module
 */
import { CLASS_ANY, CLASS_IN, OPCODE_QUERY, RCODE, TYPE } from "../../dns/wire.js";
import type { Plugin } from "../../server/chain.js";
import { empty } from "../../server/respond.js";

export const sanity: Plugin = (next, ctx) => (req) => {
  const q = req.q;
  const opt = { udpSize: ctx.config.maxUdpPayload, scope: 0, extRcode: 0 };
  if (q.isResponse) {
    req.note = "a response, not a query: dropped";
    return undefined;
  }
  if (q.opcode !== OPCODE_QUERY) return fail(req, RCODE.NOTIMP, `opcode ${q.opcode} not implemented`);
  if (q.formErr) return fail(req, RCODE.FORMERR, q.formErrReason);
  if (q.edns && q.ednsVersion > 0) {
    req.rcode = RCODE.BADVERS;
    req.note = `EDNS version ${q.ednsVersion} not supported`;
    return empty(req.msg, q, 0, true, { ...opt, extRcode: RCODE.BADVERS >> 4 });
  }
  if (q.qclass !== CLASS_IN && q.qclass !== CLASS_ANY) return fail(req, RCODE.REFUSED, `class ${q.qclass} not served`);
  if (q.qtype === TYPE.AXFR || q.qtype === TYPE.IXFR) return fail(req, RCODE.REFUSED, "zone transfers are not offered");
  return next(req);

  function fail(r: typeof req, rcode: number, note: string): Buffer {
    r.rcode = rcode;
    r.note = note;
    return empty(r.msg, r.q, rcode, false, opt);
  }
};
