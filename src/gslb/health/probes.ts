/**
 * Probes: HTTP/HTTPS (path, expected status codes, optional body match, TLS verification on or
 * off), TCP connect, and DNS (a query for the host name must come back NOERROR). Each resolves with
 * a ProbeResult and never rejects; the timeout covers the whole probe.
 * @module
 */
import { createSocket } from "node:dgram";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { CheckConfig } from "../config/types.js";
import { decodeMessage } from "../dns/decode.js";
import { encodeQuery } from "../dns/writer.js";
import { RCODE, TYPE, rcodeName, toWireKey } from "../dns/wire.js";
import type { ProbeResult } from "./state.js";

export type Probe = (address: string, check: CheckConfig) => Promise<ProbeResult>;

/** Runs the probe the check asks for. */
export function runProbe(address: string, check: CheckConfig): Promise<ProbeResult> {
  switch (check.protocol) {
    case "HTTP":
    case "HTTPS":
      return httpProbe(address, check);
    case "TCP":
      return tcpProbe(address, check);
    case "DNS":
      return dnsProbe(address, check);
  }
}

function finish(start: number, ok: boolean, detail: string): ProbeResult {
  const at = Date.now();
  return { ok, at, durationMs: at - start, detail };
}

function okStatus(check: CheckConfig, status: number): boolean {
  return check.expectStatus.length > 0 ? check.expectStatus.includes(status) : status >= 200 && status < 400;
}

export function httpProbe(address: string, check: CheckConfig): Promise<ProbeResult> {
  const start = Date.now();
  const tls = check.protocol === "HTTPS";
  return new Promise((resolve) => {
    let done = false;
    const settle = (ok: boolean, detail: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(finish(start, ok, detail));
    };
    const req = (tls ? httpsRequest : httpRequest)({
      host: address,
      port: check.port,
      path: check.path,
      method: "GET",
      headers: { host: check.host, "user-agent": "hactl-gslb", connection: "close" },
      servername: tls && !/^[0-9.:]+$/.test(check.host) ? check.host : undefined,
      rejectUnauthorized: tls ? check.tlsVerify : undefined,
      agent: false,
    });
    const timer = setTimeout(() => settle(false, `timeout after ${check.timeoutMs}ms`), check.timeoutMs);
    req.on("error", (e: NodeJS.ErrnoException) => settle(false, e.code ? `${e.code}: ${e.message}` : e.message));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (!okStatus(check, status)) {
        res.resume();
        return settle(false, `HTTP ${status} (expected ${check.expectStatus.length ? check.expectStatus.join("/") : "200-399"})`);
      }
      if (check.bodyMatch === undefined) {
        res.resume();
        return settle(true, `HTTP ${status}`);
      }
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        if (body.length < 1 << 20) body += d;
        if (body.includes(check.bodyMatch!)) settle(true, `HTTP ${status}, body matches`);
      });
      res.on("end", () => settle(body.includes(check.bodyMatch!), body.includes(check.bodyMatch!) ? `HTTP ${status}, body matches` : `HTTP ${status}, body lacks "${check.bodyMatch}"`));
      res.on("error", (e) => settle(false, e.message));
    });
    req.end();
  });
}

export function tcpProbe(address: string, check: CheckConfig): Promise<ProbeResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    const sock = connect({ host: address, port: check.port });
    let done = false;
    const settle = (ok: boolean, detail: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(finish(start, ok, detail));
    };
    const timer = setTimeout(() => settle(false, `timeout after ${check.timeoutMs}ms`), check.timeoutMs);
    sock.on("connect", () => settle(true, `TCP ${check.port} open`));
    sock.on("error", (e: NodeJS.ErrnoException) => settle(false, e.code ? `${e.code}: ${e.message}` : e.message));
  });
}

export function dnsProbe(address: string, check: CheckConfig): Promise<ProbeResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    const sock = createSocket(address.includes(":") ? "udp6" : "udp4");
    const id = (Math.random() * 0xffff) | 0;
    let done = false;
    const settle = (ok: boolean, detail: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.close();
      resolve(finish(start, ok, detail));
    };
    const timer = setTimeout(() => settle(false, `timeout after ${check.timeoutMs}ms`), check.timeoutMs);
    sock.on("error", (e) => settle(false, e.message));
    sock.on("message", (msg) => {
      const m = decodeMessage(msg);
      if ("error" in m) return settle(false, `malformed answer: ${m.error}`);
      if (m.id !== id || !m.qr) return;
      settle(m.rcode === RCODE.NOERROR, `DNS ${rcodeName(m.rcode)}, ${m.answers.length} answer(s)`);
    });
    let name: string;
    try {
      name = toWireKey(check.host);
    } catch (e) {
      return settle(false, (e as Error).message);
    }
    sock.send(encodeQuery({ id, name, type: TYPE.A, rd: true }), check.port, address, (e) => e && settle(false, e.message));
  });
}
