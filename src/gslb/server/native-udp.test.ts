/**
 * The native UDP path against Node's dgram, in process: both must hand the handler the same client
 * address text (IPv4, IPv6, IPv4-mapped on a dual-stack socket) and port, answer SERVFAIL when a
 * handler throws, and close cleanly. Skipped where the addon is not built (CI builds it; the e2e
 * tests check that it did).
 */
import { createSocket, type SocketType } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { decodeMessage } from "../dns/decode.js";
import { encodeQuery } from "../dns/writer.js";
import { RCODE, TYPE, toWireKey } from "../dns/wire.js";
import type { Handler, Request } from "./chain.js";
import { DnsListeners, type UdpMode } from "./listeners.js";
import { loadNativeUdp } from "./native-udp.js";
import { empty } from "./respond.js";

const available = loadNativeUdp().binding !== undefined;
const open: DnsListeners[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function listen(udp: UdpMode, host: string, handler: Handler): Promise<{ l: DnsListeners; port: number }> {
  const l = new DnsListeners(handler, { host, port: 0, maxUdpPayload: 1232, udp });
  open.push(l);
  return { l, port: await l.start() };
}

async function ask(type: SocketType, from: string, to: string, port: number, msg: Buffer): Promise<{ answer: Buffer; localPort: number }> {
  const s = createSocket(type);
  await new Promise<void>((r) => s.bind(0, from, () => r()));
  try {
    return await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("no answer")), 2000);
      s.once("message", (answer) => {
        clearTimeout(t);
        resolve({ answer, localPort: s.address().port });
      });
      s.send(msg, port, to);
    });
  } finally {
    s.close();
  }
}

/** Answers NOERROR and records who asked. */
function recorder(seen: { client: string; port: number; transport: string }[]): Handler {
  return (req: Request) => {
    seen.push({ client: req.client, port: req.clientPort, transport: req.transport });
    return empty(req.msg, req.q, RCODE.NOERROR, true, { udpSize: 1232, scope: 0, extRcode: 0 });
  };
}

const query = encodeQuery({ id: 4242, name: toWireKey("a.test"), type: TYPE.A });

describe.runIf(available)("native UDP path", () => {
  it.each([
    { name: "IPv4", host: "127.0.0.1", type: "udp4" as const, from: "127.0.0.1", to: "127.0.0.1", client: "127.0.0.1" },
    { name: "IPv6", host: "::1", type: "udp6" as const, from: "::1", to: "::1", client: "::1" },
    { name: "IPv4 on a dual-stack socket", host: "::", type: "udp4" as const, from: "127.0.0.1", to: "127.0.0.1", client: "::ffff:127.0.0.1" },
  ])("gives the handler the same client address and port as dgram ($name)", async ({ host, type, from, to, client }) => {
    for (const mode of ["native", "dgram"] as const) {
      const seen: { client: string; port: number; transport: string }[] = [];
      const { l, port } = await listen(mode, host, recorder(seen));
      expect(l.udpPath.path).toBe(mode);
      const { answer, localPort } = await ask(type, from, to, port, query);
      const d = decodeMessage(answer);
      if ("error" in d) throw new Error(d.error);
      expect([d.id, d.rcode, d.aa]).toEqual([4242, 0, true]);
      expect(seen).toEqual([{ client, port: localPort, transport: "udp" }]);
    }
  });

  it("answers SERVFAIL when a handler throws, and keeps serving", async () => {
    let calls = 0;
    const { l, port } = await listen("native", "127.0.0.1", (req) => {
      if (calls++ === 0) throw new Error("boom");
      return empty(req.msg, req.q, RCODE.NOERROR, true, { udpSize: 1232, scope: 0, extRcode: 0 });
    });
    const first = decodeMessage((await ask("udp4", "127.0.0.1", "127.0.0.1", port, query)).answer);
    const second = decodeMessage((await ask("udp4", "127.0.0.1", "127.0.0.1", port, query)).answer);
    expect(["error" in first ? first.error : first.rcode, "error" in second ? second.error : second.rcode]).toEqual([RCODE.SERVFAIL, RCODE.NOERROR]);
    expect(l.internalErrors).toBe(1);
    expect(l.nativeStats()).toMatchObject({ packets: 2, sent: 2, sendErrors: 0 });
  });

  it("closes: the port is free again, and closing twice is harmless", async () => {
    const { l, port } = await listen("native", "127.0.0.1", recorder([]));
    await l.close();
    await l.close();
    const again = new DnsListeners(recorder([]), { host: "127.0.0.1", port, maxUdpPayload: 1232, udp: "native" });
    open.push(again);
    expect(await again.start()).toBe(port);
  });

  it("falls back to dgram for a host that is not an address literal", async () => {
    const { l } = await listen("auto", "localhost", recorder([]));
    expect(l.udpPath).toMatchObject({ path: "dgram", fallback: true });
    expect(l.udpPath.detail).toContain("the listen host is not an IPv4 or IPv6 address");
  });
});

describe("UDP path without the addon", () => {
  it("auto falls back to dgram and says why; native refuses", async () => {
    const seen: { client: string; port: number; transport: string }[] = [];
    const l = new DnsListeners(recorder(seen), { host: "127.0.0.1", port: 0, maxUdpPayload: 1232, addonPath: "/nonexistent/gslb_udp.node" });
    open.push(l);
    const port = await l.start();
    expect(l.udpPath).toMatchObject({ path: "dgram", fallback: true });
    expect(l.udpPath.detail).toMatch(/^Node dgram, one system call per datagram: the native UDP addon is not built \(\/nonexistent\/gslb_udp\.node is missing/);
    await ask("udp4", "127.0.0.1", "127.0.0.1", port, query);
    expect(seen).toHaveLength(1);
    const strict = new DnsListeners(recorder([]), { host: "127.0.0.1", port: 0, maxUdpPayload: 1232, udp: "native", addonPath: "/nonexistent/gslb_udp.node" });
    await expect(strict.start()).rejects.toMatchObject({ code: "ENATIVE" });
  });
});
