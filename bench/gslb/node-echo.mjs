// The ceiling of Node's dgram on this machine: answers every query with a fixed response, no
// parsing, no decision. hactl's QPS divided by this one is the share lost to hactl's own work.
import { createSocket } from "node:dgram";
const port = Number(process.argv[2] ?? 5304);
const s = createSocket("udp4");
// www.gslb.bench A 127.0.0.1, TTL 30, ID and RD patched per query.
const resp = Buffer.from("00008400000100010000000003777777046773736205626e6e6368000001000103777777046773736205626e6e6368000001000100000001e00047f000001", "hex");
s.on("message", (m, r) => {
  const o = Buffer.allocUnsafe(resp.length);
  resp.copy(o);
  o[0] = m[0];
  o[1] = m[1];
  s.send(o, r.port, r.address);
});
s.bind(port, "127.0.0.1");
