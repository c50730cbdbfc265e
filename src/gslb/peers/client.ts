/**
 * Reads every peer's observations on an interval (HTTP GET, signed both ways) and hands them to the
 * engine. A peer that cannot be reached simply stops voting once its last votes age past the peer
 * timeout; that is what keeps a partitioned instance from failing over alone.
 * @module
 */
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { PEER_PATH, REQUEST_HEADER, RESPONSE_HEADER, signRequest, verifyResponse, type Observations } from "./protocol.js";

export interface PeerStatus {
  name: string;
  url: string;
  lastOk?: number;
  lastError?: string;
  votes: number;
}

export class PeerClient {
  readonly status = new Map<string, PeerStatus>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly self: string,
    private readonly peers: readonly { name: string; url: string }[],
    private readonly secret: string,
    private readonly onObservations: (o: Observations, at: number) => void,
    private readonly timeoutMs = 2000,
  ) {
    for (const p of peers) if (p.name !== self) this.status.set(p.name, { name: p.name, url: p.url, votes: 0 });
  }

  start(intervalMs: number): void {
    void this.pollAll();
    this.timer = setInterval(() => void this.pollAll(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async pollAll(): Promise<void> {
    await Promise.all([...this.status.values()].map((p) => this.poll(p)));
  }

  private poll(p: PeerStatus): Promise<void> {
    return new Promise((resolve) => {
      const url = new URL(PEER_PATH, p.url);
      const now = Date.now();
      const fail = (msg: string) => {
        p.lastError = msg;
        resolve();
      };
      const req = (url.protocol === "https:" ? httpsRequest : request)(url, {
        method: "GET",
        headers: { [REQUEST_HEADER]: signRequest(this.secret, this.self, "GET", PEER_PATH, "", now) },
        timeout: this.timeoutMs,
      });
      req.on("timeout", () => req.destroy(new Error(`timeout after ${this.timeoutMs}ms`)));
      req.on("error", (e) => fail(e.message));
      req.on("response", (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("error", (e) => fail(e.message));
        res.on("end", () => {
          if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`);
          if (!verifyResponse(this.secret, res.headers[RESPONSE_HEADER] as string | undefined, body, Date.now())) return fail("response signature invalid");
          try {
            const o = JSON.parse(body) as Observations;
            if (o.instance !== p.name) return fail(`answered as "${o.instance}", expected "${p.name}"`);
            p.lastOk = Date.now();
            p.lastError = undefined;
            p.votes = Object.keys(o.votes).length;
            this.onObservations(o, p.lastOk);
            resolve();
          } catch (e) {
            fail(`invalid JSON: ${(e as Error).message}`);
          }
        });
      });
      req.end();
    });
  }
}
