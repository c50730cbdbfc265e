/**
 * authority: everything else inside the zones. SOA and NS at the apex (with glue), A/AAAA of
 * name servers inside the zone, NODATA for existing names without the asked type, NXDOMAIN for
 * names that do not exist — both with the zone's SOA in the authority section, whose TTL is the
 * negative-caching time (RFC 2308 §3). Names outside every zone go on down the chain (REFUSED).
 * @module
 */
import { RCODE } from "../../dns/wire.js";
import type { ZoneEntry } from "../../answers/table.js";
import { responseLimit, type Plugin, type Request } from "../../server/chain.js";
import { empty, fromPrepared } from "../../server/respond.js";

export const authority: Plugin = (next, ctx) => (req) => {
  const q = req.q;
  const opt = { udpSize: ctx.config.maxUdpPayload, scope: 0, extRcode: 0 };
  const limit = responseLimit(q, req.transport, ctx.config.maxUdpPayload);
  const entry = ctx.table.names.get(q.key);
  if (entry !== undefined) {
    if (entry.kind === "apex" || entry.kind === "ns") {
      const p = entry.prepared.get(q.qtype);
      if (p) {
        req.rcode = RCODE.NOERROR;
        return fromPrepared(req.msg, q, p, opt, limit);
      }
    }
    req.rcode = RCODE.NOERROR;
    req.note = "name exists without this type (NODATA)";
    return negative(req, entry.zone, RCODE.NOERROR, opt);
  }
  const zone = ctx.table.zoneFor(q.key);
  if (zone === undefined) return next(req);
  req.rcode = RCODE.NXDOMAIN;
  req.note = "no such name in the zone";
  return negative(req, zone, RCODE.NXDOMAIN, opt);
};

function negative(req: Request, zone: ZoneEntry, rcode: number, opt: { udpSize: number; scope: number; extRcode: number }): Buffer {
  // The zone apex is a suffix of the question name, so the SOA owner is a pointer into it.
  const ownerOffset = 12 + (req.q.key.length - zone.zone.key.length);
  return empty(req.msg, req.q, rcode, true, opt, { ownerOffset, rest: zone.soaRest });
}
