/**
 * One running GSLB instance: DNS listeners, health monitor, peers, admin API, reload and shutdown,
 * wired around the engine. Setup (config → engine → chain) is separate from serving (sockets).
 * @module
 */
import { watch, type FSWatcher } from "node:fs";
import { formatDiagnostic, hasErrors, type Diagnostic } from "../model/diagnostics.js";
import { AdminServer } from "./admin/server.js";
import { GslbMetrics } from "./admin/metrics.js";
import { ResolverRegions } from "./answers/geo.js";
import { loadGslbConfig } from "./config/load.js";
import type { GslbConfig } from "./config/types.js";
import { GslbEngine } from "./engine.js";
import { readinessChecks } from "./health/kubernetes.js";
import { HealthMonitor } from "./health/monitor.js";
import type { Probe } from "./health/probes.js";
import { PeerClient } from "./peers/client.js";
import type { Observations } from "./peers/protocol.js";
import { DnsStats } from "./plugins/metrics/index.js";
import { RateLimiter } from "./plugins/ratelimit/index.js";
import { TraceLog } from "./plugins/trace/index.js";
import { buildChain, type ServerContext } from "./server/chain.js";
import { DnsListeners, type UdpMode } from "./server/listeners.js";

export interface RuntimeOptions {
  inputs: string[];
  /** This instance's name (must be one of gslb.peers when peers are configured). */
  instance: string;
  /** The cluster this instance runs in (its Kubernetes readiness through the default config). */
  cluster?: string;
  /** Kubeconfig file and context for Kubernetes readiness (override gslb.kubernetes, like kubectl's flags). */
  kubeconfig?: string;
  context?: string;
  dns?: { host: string; port: number };
  admin?: { host: string; port: number };
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Watch the config files and reload on change. */
  watch?: boolean;
  log: (level: "info" | "warn" | "error" | "debug", msg: string, fields?: Record<string, unknown>) => void;
  debug?: boolean;
  /** For tests: a probe instead of the network. */
  probe?: Probe;
  /** UDP path: `auto` (native batched I/O when the addon loads, else dgram), `native`, `dgram`. Default: env HACTL_GSLB_UDP, else auto. */
  udp?: UdpMode;
}

const UDP_MODES: readonly UdpMode[] = ["auto", "native", "dgram"];

export class StartError extends Error {
  constructor(message: string, readonly diagnostics: Diagnostic[] = [], readonly hint?: string) {
    super(message);
  }
}

export class GslbRuntime {
  engine!: GslbEngine;
  ctx!: ServerContext;
  monitor!: HealthMonitor;
  peers?: PeerClient;
  listeners!: DnsListeners;
  admin!: AdminServer;
  metrics!: GslbMetrics;
  dnsPort = 0;
  adminPort = 0;
  shuttingDown = false;
  readonly startedAt = Date.now();
  lastReload: { at: number; ok: boolean; message: string } | undefined;
  private ticker?: NodeJS.Timeout;
  private watchers: FSWatcher[] = [];
  private reloadTimer?: NodeJS.Timeout;
  private recomputeQueued = false;

  private constructor(readonly opts: RuntimeOptions) {}

  /** Loads the config, binds DNS and admin, starts probing. Throws StartError for bad input. */
  static async start(opts: RuntimeOptions): Promise<GslbRuntime> {
    const rt = new GslbRuntime(opts);
    const config = rt.loadOrThrow();
    rt.engine = new GslbEngine(config, opts.instance);
    rt.engine.recompute(Date.now());
    rt.ctx = {
      config,
      table: rt.engine.table,
      regions: new ResolverRegions(config.geo?.table ?? []),
      stats: new DnsStats(),
      traces: new TraceLog(),
      limiter: config.rateLimit ? new RateLimiter(config.rateLimit.queriesPerSecond, config.rateLimit.burst, config.rateLimit.slip) : undefined,
      debug: opts.debug ? (line) => opts.log("debug", line) : undefined,
    };
    rt.metrics = new GslbMetrics({
      stats: () => rt.ctx.stats,
      engine: () => rt.engine,
      rateLimited: () => rt.ctx.limiter?.limited ?? 0,
      peers: () => [...(rt.peers?.status.values() ?? [])].map((p) => ({ name: p.name, ok: p.lastError === undefined && p.lastOk !== undefined })),
      udp: () => ({ path: rt.listeners.udpPath, native: rt.listeners.nativeStats() }),
    });
    const dns = opts.dns ?? config.listen.dns;
    const udp = opts.udp ?? ((opts.env.HACTL_GSLB_UDP || "auto") as UdpMode);
    if (!UDP_MODES.includes(udp)) throw new StartError(`HACTL_GSLB_UDP="${udp}" is not a UDP path`, [], `use ${UDP_MODES.join(", ")} (auto: the native batched path when its addon is built, else Node's dgram)`);
    rt.listeners = new DnsListeners(buildChain(rt.ctx), { host: dns.host, port: dns.port, maxUdpPayload: config.maxUdpPayload, udp, addonPath: opts.env.HACTL_GSLB_UDP_ADDON || undefined, onError: (e) => opts.log("error", `dns: ${(e as Error).message}`) });
    rt.dnsPort = await rt.listeners.start().catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENATIVE") throw new StartError(e.message, [], "build it with npm run build:native (Linux, python3, make and a C compiler), or unset HACTL_GSLB_UDP");
      throw new StartError(`cannot listen for DNS on ${dns.host}:${dns.port}: ${e.code ?? e.message}`, [], e.code === "EACCES" ? "ports below 1024 need root or CAP_NET_BIND_SERVICE; use --dns 127.0.0.1:5353 to try it" : "pick a free port with --dns HOST:PORT");
    });
    const adminAt = opts.admin ?? config.listen.admin;
    rt.admin = new AdminServer(rt);
    rt.adminPort = await rt.admin.start(adminAt.host, adminAt.port).catch(async (e: NodeJS.ErrnoException) => {
      await rt.listeners.close();
      throw new StartError(`cannot listen for the admin API on ${adminAt.host}:${adminAt.port}: ${e.code ?? e.message}`, [], "pick a free port with --admin HOST:PORT");
    });
    await rt.startWorkers();
    rt.ticker = setInterval(() => {
      if (rt.engine.tick(Date.now())) rt.recomputeSoon();
    }, 250);
    if (opts.watch) rt.watchFiles();
    const up = rt.listeners.udpPath;
    opts.log(up.fallback ? "warn" : "info", `dns udp: ${up.detail}`);
    opts.log("info", `serving ${config.zones.map((z) => z.name).join(", ")} (${config.hostnames.length} host names) on ${dns.host}:${rt.dnsPort} udp+tcp; admin on ${adminAt.host}:${rt.adminPort}`, { instance: opts.instance });
    return rt;
  }

  private loadOrThrow(): GslbConfig {
    const r = loadGslbConfig(this.opts.inputs, { cwd: this.opts.cwd });
    for (const d of r.diagnostics.filter((x) => x.severity === "warning")) this.opts.log("warn", formatDiagnostic(d));
    if (!r.config || hasErrors(r.diagnostics)) throw new StartError("the GSLB configuration is invalid", r.diagnostics.filter((d) => d.severity === "error"));
    this.checkInstance(r.config);
    return r.config;
  }

  private checkInstance(config: GslbConfig): void {
    if (config.peers.length > 0) {
      if (!config.peers.some((p) => p.name === this.opts.instance)) {
        throw new StartError(`--instance "${this.opts.instance}" is not one of gslb.peers (${config.peers.map((p) => p.name).join(", ")})`, [], "pass --instance with this instance's name from gslb.peers");
      }
      if (!this.opts.env[config.peerSecretEnv]) {
        throw new StartError(`gslb.peers is set but ${config.peerSecretEnv} is empty: peers authenticate with a shared secret`, [], `export ${config.peerSecretEnv}=$(openssl rand -hex 32) on every instance (the same value)`);
      }
    }
  }

  private async startWorkers(): Promise<void> {
    const config = this.engine.config;
    let readiness = new Map<string, import("./health/kubernetes.js").ReadinessCheck>();
    try {
      readiness = await readinessChecks(config, this.opts.cluster, { kubeconfig: this.opts.kubeconfig, context: this.opts.context });
    } catch (e) {
      this.opts.log("warn", `Kubernetes readiness disabled: ${(e as Error).message}`);
    }
    this.monitor = new HealthMonitor(
      this.engine,
      {
        onChange: () => this.recomputeSoon(),
        onProbe: (job, r) => {
          this.metrics.probeLatency.observe({ protocol: job.protocol, target: job.address }, r.durationMs / 1000);
          if (this.opts.debug) this.opts.log("debug", `probe ${job.protocol} ${job.address}: ${r.ok ? "ok" : "fail"} (${r.detail}, ${r.durationMs}ms)`);
        },
        log: (l) => this.opts.log("warn", l),
      },
      this.opts.probe,
      readiness,
    );
    this.monitor.start();
    if (config.peers.length > 0) {
      const secret = this.opts.env[config.peerSecretEnv]!;
      const interval = Math.max(500, Math.min(...config.hostnames.map((h) => h.check.intervalMs), 10_000));
      this.peers = new PeerClient(this.opts.instance, config.peers, secret, (o, at) => {
        this.engine.setPeerVotes(o.instance, o.votes, at);
        this.recomputeSoon();
      });
      this.peers.start(interval);
    }
  }

  /** Coalesces bursts of changes into one recompute per event-loop turn. */
  recomputeSoon(): void {
    if (this.recomputeQueued) return;
    this.recomputeQueued = true;
    setImmediate(() => {
      this.recomputeQueued = false;
      const before = this.engine.events.length;
      this.engine.recompute(Date.now());
      for (const ev of this.engine.events.slice(before)) this.opts.log("info", `${ev.target}${ev.address ? `@${ev.address}` : ""}: ${ev.change}`);
    });
  }

  /** This instance's votes, for peers. */
  observations(): Observations {
    return { instance: this.opts.instance, at: Date.now(), votes: this.engine.localVotes() };
  }

  get ready(): { ok: boolean; reason: string } {
    if (this.shuttingDown) return { ok: false, reason: "shutting down (lame duck)" };
    if (!this.monitor?.settled) return { ok: false, reason: "waiting for the first probe result of every target" };
    return { ok: true, reason: "serving" };
  }

  /** Re-reads the config; on any error the running config stays and the errors are returned. */
  async reload(): Promise<{ ok: boolean; diagnostics: Diagnostic[]; message: string }> {
    const r = loadGslbConfig(this.opts.inputs, { cwd: this.opts.cwd });
    if (!r.config || hasErrors(r.diagnostics)) {
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      const message = `config rejected, the running config stays (${errors.length} error${errors.length === 1 ? "" : "s"})`;
      this.opts.log("error", `${message}:\n${errors.map((d) => formatDiagnostic(d)).join("\n")}`);
      this.metrics.reloads.inc({ result: "rejected" });
      this.lastReload = { at: Date.now(), ok: false, message: `${message}: ${errors.map((d) => `${d.file ?? ""}:${d.line ?? ""}:${d.column ?? ""} ${d.message}`).join("; ")}` };
      return { ok: false, diagnostics: errors, message };
    }
    try {
      this.checkInstance(r.config);
    } catch (e) {
      const message = `config rejected, the running config stays: ${(e as Error).message}`;
      this.opts.log("error", message);
      this.metrics.reloads.inc({ result: "rejected" });
      this.lastReload = { at: Date.now(), ok: false, message };
      return { ok: false, diagnostics: [], message };
    }
    const old = this.engine.config;
    const moved = JSON.stringify(old.listen) !== JSON.stringify(r.config.listen);
    this.monitor.stop();
    this.peers?.stop();
    this.engine = new GslbEngine(r.config, this.opts.instance, this.engine);
    this.engine.recompute(Date.now());
    this.ctx.config = r.config;
    this.ctx.table = this.engine.table;
    this.ctx.regions = new ResolverRegions(r.config.geo?.table ?? []);
    this.ctx.limiter = r.config.rateLimit ? new RateLimiter(r.config.rateLimit.queriesPerSecond, r.config.rateLimit.burst, r.config.rateLimit.slip) : undefined;
    await this.startWorkers();
    this.metrics.reloads.inc({ result: "ok" });
    const message = `config reloaded: ${r.config.hostnames.length} host names${moved ? " (listen addresses changed: restart to apply them)" : ""}`;
    this.lastReload = { at: Date.now(), ok: true, message };
    this.opts.log("info", message);
    return { ok: true, diagnostics: r.diagnostics, message };
  }

  private watchFiles(): void {
    for (const f of this.engine.config.files) {
      try {
        this.watchers.push(
          watch(f, () => {
            clearTimeout(this.reloadTimer);
            this.reloadTimer = setTimeout(() => void this.reload(), 300);
          }),
        );
      } catch (e) {
        this.opts.log("warn", `cannot watch ${f} for changes (${(e as Error).message}); reload with SIGHUP`);
      }
    }
  }

  /** Lame duck: /readyz turns 503 while DNS keeps answering for `lameDuckMs`, then everything closes. */
  async shutdown(lameDuckMs = this.engine.config.lameDuckMs): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.opts.log("info", `shutting down: lame duck for ${lameDuckMs}ms (readyz 503, DNS still answering)`);
    await new Promise((r) => setTimeout(r, lameDuckMs));
    clearInterval(this.ticker);
    clearTimeout(this.reloadTimer);
    for (const w of this.watchers) w.close();
    this.monitor.stop();
    this.peers?.stop();
    await this.listeners.close();
    await this.admin.close();
    this.opts.log("info", "stopped");
  }
}
