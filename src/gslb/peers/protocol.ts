/**
 * The peer API's authentication: HMAC-SHA256 with a shared secret over the instance name, a
 * timestamp, the method, the path and the body, in both directions. Requests older or newer than
 * five minutes are rejected (replay window). Pure apart from the clock passed in.
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const PEER_PATH = "/peer/v1/observations";
export const REQUEST_HEADER = "x-hactl-peer";
export const RESPONSE_HEADER = "x-hactl-signature";
const WINDOW_MS = 5 * 60_000;

export interface Observations {
  instance: string;
  /** When the observations were taken (ms). */
  at: number;
  /** Endpoint id → this instance's vote (probe, vetoed by Kubernetes readiness). */
  votes: Record<string, boolean>;
}

function mac(secret: string, parts: readonly string[]): string {
  return createHmac("sha256", secret).update(parts.join("\n")).digest("hex");
}

/** `instance:timestamp:hmac` for a request. */
export function signRequest(secret: string, instance: string, method: string, path: string, body: string, now: number): string {
  return `${instance}:${now}:${mac(secret, [instance, String(now), method, path, body])}`;
}

/** The instance name when the header is valid and fresh; else the reason it is not. */
export function verifyRequest(secret: string, header: string | undefined, method: string, path: string, body: string, now: number): { instance: string } | { error: string } {
  if (!header) return { error: `missing ${REQUEST_HEADER} header` };
  const m = /^([^:]+):([0-9]+):([0-9a-f]{64})$/.exec(header);
  if (!m) return { error: `malformed ${REQUEST_HEADER} header` };
  const [, instance, ts, sig] = m as unknown as [string, string, string, string];
  if (Math.abs(now - Number(ts)) > WINDOW_MS) return { error: "signature timestamp outside the 5-minute window (clock skew or replay)" };
  if (!safeEqual(sig, mac(secret, [instance, ts, method, path, body]))) return { error: "bad signature (different shared secret?)" };
  return { instance };
}

export function signResponse(secret: string, body: string, now: number): string {
  return `${now}:${mac(secret, ["response", String(now), body])}`;
}

export function verifyResponse(secret: string, header: string | undefined, body: string, now: number): boolean {
  const m = header ? /^([0-9]+):([0-9a-f]{64})$/.exec(header) : null;
  if (!m) return false;
  if (Math.abs(now - Number(m[1])) > WINDOW_MS) return false;
  return safeEqual(m[2]!, mac(secret, ["response", m[1]!, body]));
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
