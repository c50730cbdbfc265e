// The ceiling of the native batched UDP path (native/gslb_udp.c, recvmmsg/sendmmsg) on this
// machine: like node-echo.mjs, a fixed response with the query's ID, no parsing, no decision.
import { createRequire } from "node:module";
const addon = createRequire(import.meta.url)("../../native/build/Release/gslb_udp.node");
const port = Number(process.argv[2] ?? 5305);
const BATCH = 64, SLOT = 4096;
const qname = Buffer.from([3, ...Buffer.from("www"), 4, ...Buffer.from("gslb"), 5, ...Buffer.from("bench"), 0]);
const resp = Buffer.concat([
  Buffer.from([0, 0, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]),
  qname,
  Buffer.from([0, 1, 0, 1]),
  Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 127, 0, 0, 1]),
]);
let input, output, meta;
const s = addon.open("127.0.0.1", port, BATCH, SLOT, SLOT, 8 << 20, (n) => {
  for (let i = 0; i < n; i++) {
    const m = i * addon.META_INTS;
    if (meta[m] < 2) continue;
    const at = i * SLOT;
    output.set(resp, at);
    output[at] = input[at];
    output[at + 1] = input[at + 1];
    meta[m + 4] = resp.length;
  }
});
input = Buffer.from(s.arena, 0, BATCH * SLOT);
output = Buffer.from(s.arena, BATCH * SLOT, BATCH * SLOT);
meta = new Int32Array(s.arena, 2 * BATCH * SLOT, BATCH * addon.META_INTS);
