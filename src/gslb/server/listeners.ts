/**
 * The DNS listeners: UDP and TCP (RFC 7766: two-byte length framing, several queries per connection,
 * pipelining, idle timeout). The only place in gslb/server that touches sockets (with native-udp.ts).
 * Every packet is handled inside a try/catch, so a bug on one packet costs that packet (SERVFAIL),
 * not the server.
 *
 * UDP goes through the native batched path (recvmmsg/sendmmsg, native-udp.ts) when the addon is
 * built and loads, else through Node's dgram; both hand every datagram to the same handler.
 * @module
 */
import { createSocket, type Socket } from "node:dgram";
import { createServer, type Server, type Socket as TcpSocket } from "node:net";
import { parseQuery } from "../dns/query.js";
import { RCODE } from "../dns/wire.js";
import { newRequest, resetRequest, responseLimit, type Handler, type Request } from "./chain.js";
import { empty } from "./respond.js";
import { loadNativeUdp, NativeUdpSocket, type NativeUdpStats, BATCH } from "./native-udp.js";

/** How UDP is served: `native` (the addon, or fail), `dgram` (Node's), `auto` (native when it loads). */
export type UdpMode = "auto" | "native" | "dgram";

/** Which UDP path is serving, and why. */
export interface UdpPath {
  path: "native" | "dgram";
  /** A sentence for the start-up log and /status. */
  detail: string;
  /** True when `auto` wanted the native path and fell back. */
  fallback: boolean;
}

export interface ListenerOptions {
  host: string;
  port: number;
  maxUdpPayload: number;
  /** TCP idle timeout (ms). */
  tcpIdleMs?: number;
  maxTcpConnections?: number;
  /** Default `auto`. */
  udp?: UdpMode;
  /** Where the native addon is (default: native/build/Release/gslb_udp.node in the package). */
  addonPath?: string;
  onError?: (e: unknown) => void;
}

const BUFFER_BYTES = 8 << 20;

export class DnsListeners {
  private udp?: Socket;
  private native?: NativeUdpSocket;
  private tcp?: Server;
  private readonly conns = new Set<TcpSocket>();
  handler: Handler;
  internalErrors = 0;
  udpPath: UdpPath = { path: "dgram", detail: "not started", fallback: false };

  constructor(handler: Handler, private readonly opts: ListenerOptions) {
    this.handler = handler;
  }

  /**
   * Binds UDP and TCP on the same port; resolves with the bound port (useful with port 0: the
   * kernel picks UDP's port, which may be taken on TCP, so then a new pair is tried).
   */
  async start(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const port = await this.startUdp();
      const tcpReq = newRequest("tcp");
      const tcp = createServer({ noDelay: true }, (sock) => this.serveTcp(sock, tcpReq));
      tcp.maxConnections = this.opts.maxTcpConnections ?? 1024;
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once("error", reject);
          tcp.listen(port, this.opts.host, () => {
            tcp.off("error", reject);
            resolve();
          });
        });
      } catch (e) {
        await this.closeUdp();
        if (this.opts.port === 0 && (e as NodeJS.ErrnoException).code === "EADDRINUSE" && attempt < 20) continue;
        throw e;
      }
      this.tcp = tcp;
      tcp.on("error", (e) => this.opts.onError?.(e));
      return port;
    }
  }

  private async closeUdp(): Promise<void> {
    this.native?.close();
    this.native = undefined;
    const udp = this.udp;
    this.udp = undefined;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
  }

  /** Binds UDP (native or dgram, see {@link UdpMode}); resolves with the bound port. */
  private async startUdp(): Promise<number> {
    const mode = this.opts.udp ?? "auto";
    if (mode !== "dgram") {
      const { binding, reason } = loadNativeUdp(this.opts.addonPath);
      if (binding) {
        const req = newRequest("udp");
        try {
          this.native = NativeUdpSocket.open(binding, this.opts.host, this.opts.port, BUFFER_BYTES, (msg, client, port) => this.handle(req, msg, client, port));
          this.udpPath = { path: "native", detail: `native batched I/O (recvmmsg/sendmmsg, up to ${BATCH} datagrams per system call)`, fallback: false };
          return this.native.port;
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          // A port in use or not allowed is the same failure on either path: report it.
          if (err.code === "EADDRINUSE" || err.code === "EACCES" || err.code === "EADDRNOTAVAIL" || mode === "native") throw e;
          this.udpPath = { path: "dgram", detail: `Node dgram, one system call per datagram: the native UDP path could not open its socket (${err.code ?? "error"}: ${err.message})`, fallback: true };
        }
      } else {
        if (mode === "native") throw Object.assign(new Error(`native UDP requested (HACTL_GSLB_UDP=native) but ${reason}`), { code: "ENATIVE" });
        this.udpPath = { path: "dgram", detail: `Node dgram, one system call per datagram: ${reason}`, fallback: true };
      }
    } else {
      this.udpPath = { path: "dgram", detail: "Node dgram, one system call per datagram (HACTL_GSLB_UDP=dgram)", fallback: false };
    }
    const v6 = this.opts.host.includes(":");
    const udp = createSocket({ type: v6 ? "udp6" : "udp4", recvBufferSize: BUFFER_BYTES, sendBufferSize: BUFFER_BYTES });
    this.udp = udp;
    const req = newRequest("udp");
    udp.on("message", (msg, rinfo) => {
      const res = this.handle(req, msg, rinfo.address, rinfo.port);
      if (res !== undefined) udp.send(res, rinfo.port, rinfo.address);
    });
    udp.on("error", (e) => this.opts.onError?.(e));
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(this.opts.port, this.opts.host, () => {
        udp.off("error", reject);
        resolve();
      });
    });
    return udp.address().port;
  }

  /** Counters of the native UDP path (undefined on dgram). */
  nativeStats(): (NativeUdpStats & { dropped: number }) | undefined {
    return this.native ? { ...this.native.stats(), dropped: this.native.dropped } : undefined;
  }

  private handle(req: Request, msg: Buffer, client: string, port: number): Buffer | undefined {
    try {
      if (!parseQuery(msg, req.q)) return undefined;
      resetRequest(req);
      req.msg = msg;
      req.client = client;
      req.clientPort = port;
      req.limit = responseLimit(req.q, req.transport, this.opts.maxUdpPayload);
      return this.handler(req);
    } catch (e) {
      this.internalErrors++;
      this.opts.onError?.(e);
      try {
        return empty(msg, req.q, RCODE.SERVFAIL, false, { udpSize: this.opts.maxUdpPayload, scope: 0, extRcode: 0 });
      } catch {
        return undefined;
      }
    }
  }

  private serveTcp(sock: TcpSocket, req: Request): void {
    this.conns.add(sock);
    sock.setTimeout(this.opts.tcpIdleMs ?? 10_000, () => sock.destroy());
    let pending: Buffer = Buffer.alloc(0);
    sock.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const len = pending.readUInt16BE(0);
        if (pending.length < 2 + len) break;
        const msg = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        const res = this.handle(req, Buffer.from(msg), sock.remoteAddress ?? "", sock.remotePort ?? 0);
        if (res === undefined) {
          // Nothing sensible to say (not even a header): close, as a stream cannot resynchronise.
          sock.destroy();
          return;
        }
        const framed = Buffer.allocUnsafe(2 + res.length);
        framed.writeUInt16BE(res.length, 0);
        res.copy(framed, 2);
        sock.write(framed);
      }
    });
    sock.on("error", () => sock.destroy());
    sock.on("close", () => this.conns.delete(sock));
  }

  /** Stops accepting and closes every connection. */
  async close(): Promise<void> {
    for (const c of this.conns) c.destroy();
    await Promise.all([this.closeUdp(), new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r()))]);
  }
}
