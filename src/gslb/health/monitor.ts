/**
 * Runs the probes on their intervals and Kubernetes readiness checks, and feeds the engine. Endpoints
 * that share an identical check (same address, port, protocol and parameters) are probed once.
 * @module
 */
import type { CheckConfig } from "../config/types.js";
import type { GslbEngine } from "../engine.js";
import type { ReadinessCheck } from "./kubernetes.js";
import { runProbe, type Probe } from "./probes.js";
import type { ProbeResult } from "./state.js";

interface ProbeJob {
  address: string;
  check: CheckConfig;
  endpointIds: string[];
  timer?: NodeJS.Timeout;
  running: boolean;
}

export interface MonitorHooks {
  /** After any result that changed a vote or a degraded state. */
  onChange(): void;
  onProbe?(job: { address: string; protocol: string; endpointIds: string[] }, r: ProbeResult): void;
  log?(line: string): void;
}

export class HealthMonitor {
  private jobs: ProbeJob[] = [];
  private k8sTimers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly engine: GslbEngine,
    private readonly hooks: MonitorHooks,
    private readonly probe: Probe = runProbe,
    private readonly readiness: Map<string, ReadinessCheck> = new Map(),
  ) {
    const byKey = new Map<string, ProbeJob>();
    for (const e of engine.endpoints.values()) {
      const c = e.host.check;
      const key = JSON.stringify([e.address, c]);
      const job = byKey.get(key) ?? { address: e.address, check: c, endpointIds: [], running: false };
      job.endpointIds.push(e.id);
      byKey.set(key, job);
    }
    this.jobs = [...byKey.values()];
  }

  /** True once every endpoint has a first result. */
  get settled(): boolean {
    for (const e of this.engine.endpoints.values()) if (e.local.up === undefined) return false;
    return true;
  }

  start(): void {
    for (const job of this.jobs) {
      void this.run(job);
      job.timer = setInterval(() => void this.run(job), job.check.intervalMs);
    }
    const targets = this.engine.config.hostnames.flatMap((h) => h.targets.filter((t) => t.service).map((t) => ({ t, interval: h.check.intervalMs })));
    for (const { t, interval } of targets) {
      const check = this.readiness.get(t.cluster);
      if (!check || !t.service) continue;
      let lastError: string | undefined;
      const poll = async () => {
        try {
          const r = await check(t.service!.namespace, t.service!.name);
          if (lastError !== undefined) this.hooks.log?.(`kubernetes readiness of ${t.id} readable again`);
          lastError = undefined;
          if (!this.stopped && this.engine.setK8sReady(t.id, r.ready, r.detail, Date.now())) this.hooks.onChange();
        } catch (e) {
          // An unreachable API server is not evidence that the Service is down: keep the last value.
          const msg = (e as Error).message;
          if (msg !== lastError) this.hooks.log?.(`kubernetes readiness of ${t.id} unknown (keeping the last value): ${msg}`);
          lastError = msg;
        }
      };
      void poll();
      this.k8sTimers.push(setInterval(() => void poll(), interval));
    }
  }

  private async run(job: ProbeJob): Promise<void> {
    if (job.running || this.stopped) return;
    job.running = true;
    try {
      const r = await this.probe(job.address, job.check);
      if (this.stopped) return;
      this.hooks.onProbe?.({ address: job.address, protocol: job.check.protocol, endpointIds: job.endpointIds }, r);
      if (this.engine.recordProbe(job.endpointIds, r)) this.hooks.onChange();
    } finally {
      job.running = false;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const j of this.jobs) clearInterval(j.timer);
    for (const t of this.k8sTimers) clearInterval(t);
  }
}
