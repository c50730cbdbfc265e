/**
 * The DNS listeners: UDP and TCP (RFC 7766: two-byte length framing, several queries per connection,
 * pipelining, idle timeout). The only place in gslb/server that touches sockets. Every packet is
 * handled inside a try/catch, so a bug on one packet costs that packet (SERVFAIL), not the server.
 * @module
 */
import { createSocket, type Socket } from "node:dgram";
import { createServer, type Server, type Socket as TcpSocket } from "node:net";
import { parseQuery } from "../dns/query.js";
import { RCODE } from "../dns/wire.js";
import { newRequest, resetRequest, responseLimit, type Handler, type Request } from "./chain.js";
import { empty } from "./respond.js";

export interface ListenerOptions {
  host: string;
  port: number;
  maxUdpPayload: number;
  /** TCP idle timeout (ms). */
  tcpIdleMs?: number;
  maxTcpConnections?: number;
  onError?: (e: unknown) => void;
}

export class DnsListeners {
  private udp?: Socket;
  private tcp?: Server;
  private readonly conns = new Set<TcpSocket>();
  handler: Handler;
  internalErrors = 0;

  constructor(handler: Handler, private readonly opts: ListenerOptions) {
    this.handler = handler;
  }

  /** Binds UDP and TCP on the same port; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    const v6 = this.opts.host.includes(":");
    const udp = createSocket({ type: v6 ? "udp6" : "udp4", recvBufferSize: 8 << 20, sendBufferSize: 8 << 20 });
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
    const port = udp.address().port;
    const tcpReq = newRequest("tcp");
    const tcp = createServer({ noDelay: true }, (sock) => this.serveTcp(sock, tcpReq));
    tcp.maxConnections = this.opts.maxTcpConnections ?? 1024;
    this.tcp = tcp;
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(port, this.opts.host, () => {
        tcp.off("error", reject);
        resolve();
      });
    });
    tcp.on("error", (e) => this.opts.onError?.(e));
    return port;
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
    await Promise.all([
      new Promise<void>((r) => (this.udp ? this.udp.close(() => r()) : r())),
      new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r())),
    ]);
  }
}
