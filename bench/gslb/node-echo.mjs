// The ceiling of Node's dgram on this machine: answers every query with a fixed response, no
// parsing, no decision. hactl's QPS divided by this one is the share lost to hactl's own work.
import { createSocket } from "node:dgram";
const port = Number(process.argv[2] ?? 5304);
const s = createSocket("udp4");
// www.gslb.bench A 127.0.0.1, TTL 30: header, question, one answer pointing at the question.
const qname = Buffer.from([3, ...Buffer.from("www"), 4, ...Buffer.from("gslb"), 5, ...Buffer.from("bench"), 0]);
const resp = Buffer.concat([
  Buffer.from([0, 0, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]),
  qname,
  Buffer.from([0, 1, 0, 1]),
  Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 127, 0, 0, 1]),
]);
s.on("message", (m, r) => {
  const o = Buffer.allocUnsafe(resp.length);
  resp.copy(o);
  o[0] = m[0];
  o[1] = m[1];
  s.send(o, r.port, r.address);
});
s.bind(port, "127.0.0.1");
