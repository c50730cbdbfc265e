/** Real processes and sockets for the GSLB end-to-end tests: the built CLI, dig, HTTP targets. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { ADDON_PATH } from "../../src/gslb/server/native-udp.js";
import { HACTL } from "../helpers/cli.js";

export interface Served {
  proc: ChildProcess;
  dnsPort: number;
  adminPort: number;
  admin: string;
  log(): string;
  /** Resolves when the log matches. */
  waitLog(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `hactl gslb serve -f file` on free ports (127.0.0.1:0) and waits until it is ready. */
export async function serve(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const proc = spawn(process.execPath, [HACTL, "gslb", "serve", "-f", file, "--dns", "127.0.0.1:0", "--admin", "127.0.0.1:0", ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  proc.stdout!.on("data", onData);
  proc.stderr!.on("data", onData);
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  const waitLog = (re: RegExp, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${out}`)), timeoutMs);
      const check = () => {
        if (re.test(out)) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  const started = await Promise.race([waitLog(/on 127\.0\.0\.1:(\d+) udp\+tcp; admin on 127\.0\.0\.1:(\d+)/).then(() => true), exited.then(() => false)]);
  if (!started) throw new Error(`hactl gslb serve exited:\n${out}`);
  const m = /on 127\.0\.0\.1:(\d+) udp\+tcp; admin on 127\.0\.0\.1:(\d+)/.exec(out)!;
  const served: Served = {
    proc,
    dnsPort: Number(m[1]),
    adminPort: Number(m[2]),
    admin: `http://127.0.0.1:${m[2]}`,
    log: () => out,
    waitLog,
    stop: async (signal = "SIGTERM") => {
      if (proc.exitCode === null) proc.kill(signal);
      const t = setTimeout(() => proc.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
  await until(async () => (await fetch(`${served.admin}/readyz`)).status === 200, 10_000, "readyz 200");
  return served;
}

export interface DigResult {
  status: string;
  flags: string[];
  answers: { name: string; ttl: number; type: string; data: string }[];
  authority: { name: string; ttl: number; type: string; data: string }[];
  raw: string;
  /** Transport used for the answer dig printed (UDP or TCP). */
  transport: string;
}

/** Runs the real `dig` against the server. */
export function dig(port: number, args: string[]): Promise<DigResult> {
  return new Promise((resolve, reject) => {
    execFile("dig", ["@127.0.0.1", "-p", String(port), "+norec", "+time=2", "+tries=1", ...args], { timeout: 10_000 }, (err, stdout) => {
      if (err && !stdout) return reject(err);
      const status = /status: ([A-Z]+)/.exec(stdout)?.[1] ?? "NONE";
      const flags = (/;; flags: ([a-z ]+);/.exec(stdout)?.[1] ?? "").trim().split(/\s+/);
      const section = (title: string) => {
        const i = stdout.indexOf(`;; ${title} SECTION:`);
        if (i < 0) return [];
        const lines = stdout.slice(i).split("\n").slice(1);
        const out: DigResult["answers"] = [];
        for (const l of lines) {
          if (l.trim() === "") break;
          const [name, ttl, , type, ...data] = l.split(/\s+/);
          out.push({ name: name!, ttl: Number(ttl), type: type!, data: data.join(" ") });
        }
        return out;
      };
      resolve({ status, flags, answers: section("ANSWER"), authority: section("AUTHORITY"), raw: stdout, transport: /\((UDP|TCP)\)/.exec(stdout)?.[1] ?? "" });
    });
  });
}

/** A health endpoint on address:port that can be stopped and started again. */
export class HttpTarget {
  private server?: Server;
  status = 200;
  body = "ok";
  constructor(readonly address: string, readonly port: number) {}

  async start(): Promise<void> {
    const server = createServer((_req, res) => {
      res.writeHead(this.status, { "content-type": "text/plain", connection: "close" });
      res.end(this.body);
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(this.port, this.address, () => r()));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 50): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await check()) return Date.now() - start;
    } catch {
      // not yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}


/**
 * Whether `hactl gslb serve` is expected to serve UDP through the native addon by default: on
 * Linux when the addon is built — and always in CI, which builds it (`npm ci` runs
 * native/build.mjs), so a CI whose build silently failed shows up as a failing test.
 */
export const NATIVE_EXPECTED = process.platform === "linux" && process.env.HACTL_GSLB_UDP !== "dgram" && (existsSync(ADDON_PATH) || process.env.CI === "true");
