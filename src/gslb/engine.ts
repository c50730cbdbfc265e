/**
 * The GSLB's state and its decisions: local probe results, peers' votes, Kubernetes readiness and
 * drains → effective health per target address (quorum) → a Plan per (host, type, region) →
 * the answer table. No timers or sockets here: the runtime feeds results and the clock in.
 * @module
 */
import type { GslbConfig, HostConfig, TargetConfig } from "./config/types.js";
import { TYPE } from "./dns/wire.js";
import { decide, type DrainPhase, type Plan, type TargetView } from "./answers/decide.js";
import { AnswerTable } from "./answers/table.js";
import { isDegraded, msToNextChange, newEndpointState, recordResult, type EndpointState, type ProbeResult } from "./health/state.js";
import { decideQuorum, type QuorumVerdict, type Vote } from "./peers/quorum.js";

export interface DrainState {
  phase: DrainPhase;
  since: number;
  /** lowering: when the old TTL has run out; ramping: when the ramp ends. */
  until: number;
  rampMs: number;
}

export interface HealthEvent {
  at: number;
  target: string;
  address?: string;
  change: string;
}

export interface Endpoint {
  /** `target-id@address`. */
  id: string;
  target: TargetConfig;
  host: HostConfig;
  address: string;
  local: EndpointState;
  verdict: QuorumVerdict;
}

/** Ramp steps: the share grows in tenths so each step is one plan change. */
const RAMP_STEPS = 10;

export class GslbEngine {
  readonly table: AnswerTable;
  readonly endpoints = new Map<string, Endpoint>();
  readonly drains = new Map<string, DrainState>();
  /** Kubernetes readiness per target id (undefined: not observed). */
  readonly k8sReady = new Map<string, { ready: boolean; detail: string; at: number }>();
  /** Peer name → endpoint id → vote. */
  readonly peerVotes = new Map<string, Map<string, Vote>>();
  readonly events: HealthEvent[] = [];
  /** Failovers (answered target set changed because of health) per host name. */
  readonly failovers = new Map<string, number>();
  plans: Plan[] = [];
  private lastAnswered = new Map<string, string>();
  private targetUp = new Map<string, boolean>();
  private settledHosts = new Set<string>();

  constructor(
    readonly config: GslbConfig,
    readonly instance: string,
    previous?: GslbEngine,
  ) {
    this.table = new AnswerTable(config);
    for (const h of config.hostnames) {
      for (const t of h.targets) {
        for (const a of t.addresses) {
          const id = `${t.id}@${a}`;
          const old = previous?.endpoints.get(id);
          this.endpoints.set(id, { id, target: t, host: h, address: a, local: old?.local ?? newEndpointState(), verdict: old?.verdict ?? emptyVerdict() });
        }
        const oldDrain = previous?.drains.get(t.id);
        if (oldDrain) this.drains.set(t.id, oldDrain);
        else if (t.drained) this.drains.set(t.id, { phase: "drained", since: 0, until: 0, rampMs: 0 });
        const k = previous?.k8sReady.get(t.id);
        if (k) this.k8sReady.set(t.id, k);
      }
    }
    if (previous) {
      for (const [peer, votes] of previous.peerVotes) this.peerVotes.set(peer, votes);
      this.events.push(...previous.events);
      for (const [k, v] of previous.failovers) this.failovers.set(k, v);
      this.lastAnswered = previous.lastAnswered;
      this.targetUp = previous.targetUp;
      this.settledHosts = previous.settledHosts;
    }
  }

  get instances(): string[] {
    return this.config.peers.length > 0 ? this.config.peers.map((p) => p.name) : [this.instance];
  }

  /** Records a probe result for every endpoint probed by `endpointIds`; true when a vote changed. */
  recordProbe(endpointIds: readonly string[], r: ProbeResult): boolean {
    let changed = false;
    for (const id of endpointIds) {
      const e = this.endpoints.get(id);
      if (!e) continue;
      const wasDegraded = isDegraded(e.local);
      const flipped = recordResult(e.local, r, e.host.check.fall, e.host.check.rise);
      if (flipped) this.event(r.at, e.target.id, e.address, `probe ${e.local.up ? "up" : "down"} (${r.detail})`);
      if (flipped || wasDegraded !== isDegraded(e.local) || isDegraded(e.local)) changed = true;
    }
    return changed;
  }

  setK8sReady(targetId: string, ready: boolean, detail: string, at: number): boolean {
    const old = this.k8sReady.get(targetId);
    this.k8sReady.set(targetId, { ready, detail, at });
    if (old?.ready !== ready) {
      this.event(at, targetId, undefined, `Kubernetes ${ready ? "ready" : "not ready"} (${detail})`);
      return true;
    }
    return false;
  }

  /** This instance's vote per endpoint: probe result, vetoed by Kubernetes readiness when known. */
  localVotes(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const e of this.endpoints.values()) {
      if (e.local.up === undefined) continue;
      out[e.id] = e.local.up && this.k8sReady.get(e.target.id)?.ready !== false;
    }
    return out;
  }

  setPeerVotes(peer: string, votes: Record<string, boolean>, at: number): void {
    const m = new Map<string, Vote>();
    for (const [id, up] of Object.entries(votes)) m.set(id, { instance: peer, up, at });
    this.peerVotes.set(peer, m);
  }

  drain(targetId: string, now: number): DrainState {
    const t = this.target(targetId);
    const host = this.config.hostnames.find((h) => h.name === t.hostname)!;
    const d: DrainState = { phase: "lowering", since: now, until: now + host.ttl * 1000, rampMs: 0 };
    this.drains.set(targetId, d);
    this.event(now, targetId, undefined, `drain requested: TTL lowered, withdrawn after the old TTL (${host.ttl}s)`);
    return d;
  }

  undrain(targetId: string, now: number, rampMs = this.config.rampMs): DrainState {
    this.target(targetId);
    const d: DrainState = { phase: rampMs > 0 ? "ramping" : "active", since: now, until: now + rampMs, rampMs };
    if (rampMs > 0) this.drains.set(targetId, d);
    else this.drains.delete(targetId);
    this.event(now, targetId, undefined, rampMs > 0 ? `undrained: ramping its answer share up over ${rampMs / 1000}s` : "undrained");
    return d;
  }

  /** Throws a user-facing Error for unknown target ids (the admin API turns it into 404). */
  target(targetId: string): TargetConfig {
    for (const h of this.config.hostnames) for (const t of h.targets) if (t.id === targetId) return t;
    const all = this.config.hostnames.flatMap((h) => h.targets.map((t) => t.id));
    throw new Error(`unknown target "${targetId}"; targets are ${all.join(", ")}`);
  }

  /** Advances drains and ramps; true when a plan must be recomputed. */
  tick(now: number): boolean {
    let changed = false;
    for (const [id, d] of this.drains) {
      if (d.phase === "lowering" && now >= d.until) {
        d.phase = "drained";
        d.since = now;
        this.event(now, id, undefined, "drained: withdrawn from answers");
        changed = true;
      } else if (d.phase === "ramping") {
        if (now >= d.until) {
          this.drains.delete(id);
          this.event(now, id, undefined, "ramp complete: full answer share");
          changed = true;
        } else if (rampShare(d, now) !== rampShare(d, now - 1000)) changed = true;
      }
    }
    return changed;
  }

  /** Recomputes quorum verdicts and every plan, and installs them. */
  recompute(now: number): void {
    const instances = this.instances;
    for (const e of this.endpoints.values()) {
      const up = e.local.up === undefined ? undefined : e.local.up && this.k8sReady.get(e.target.id)?.ready !== false;
      const local: Vote | undefined = up === undefined ? undefined : { instance: this.instance, up, at: now };
      const peers: Vote[] = [];
      for (const [peer, votes] of this.peerVotes) {
        if (peer === this.instance) continue;
        const v = votes.get(e.id);
        if (v) peers.push(v);
      }
      e.verdict = decideQuorum(local, peers, instances, now, this.config.peerTimeoutMs);
    }
    const plans: Plan[] = [];
    const ctx = { minTtl: this.config.minTtl, geo: this.config.geo, rampStepS: Math.max(1, Math.round(this.config.rampMs / RAMP_STEPS / 1000)) };
    for (const h of this.config.hostnames) {
      const views = h.targets.map((t) => this.view(h, t, now));
      this.noteTargetChanges(views, now);
      const regions: (string | undefined)[] = h.strategy === "geo" && this.config.geo ? [...this.config.geo.regions, undefined] : [undefined];
      for (const qtype of [TYPE.A, TYPE.AAAA]) {
        for (const r of regions) {
          const plan = decide(h, views, qtype, r ?? (h.strategy === "geo" ? this.config.geo?.defaultRegion : undefined), ctx);
          plan.region = r;
          plans.push(plan);
        }
      }
      const main = plans.find((p) => p.hostname === h.name && p.qtype === TYPE.A && p.region === undefined) ?? plans[plans.length - 1]!;
      const answered = main.choices.map((c) => c.targets.join("+")).join("|");
      const before = this.lastAnswered.get(h.name);
      // The first results after a start are not failovers: the answer before them was a guess.
      const settled = h.targets.every((t) => t.addresses.every((a) => this.endpoints.get(`${t.id}@${a}`)!.local.up !== undefined));
      const wasSettled = this.settledHosts.has(h.name);
      if (settled) this.settledHosts.add(h.name);
      if (wasSettled && before !== undefined && before !== answered && !views.some((v) => v.phase !== "active")) {
        this.failovers.set(h.name, (this.failovers.get(h.name) ?? 0) + 1);
        this.event(now, h.name, undefined, `answer changed: ${main.rule}`);
      }
      this.lastAnswered.set(h.name, answered);
    }
    this.plans = plans;
    this.table.setPlans(plans);
  }

  private view(h: HostConfig, t: TargetConfig, now: number): TargetView {
    const eps = t.addresses.map((a) => this.endpoints.get(`${t.id}@${a}`)!);
    const up = new Set(eps.filter((e) => e.verdict.up).map((e) => e.address));
    const d = this.drains.get(t.id);
    let degraded = false;
    let next = Infinity;
    for (const e of eps) {
      if (e.local.up === undefined || isDegraded(e.local) || !e.verdict.up) degraded = true;
      next = Math.min(next, msToNextChange(e.local, h.check.fall, h.check.rise, h.check.intervalMs));
    }
    return { target: t, upAddresses: up, phase: d?.phase ?? "active", share: d ? (d.phase === "ramping" ? rampShare(d, now) : d.phase === "drained" ? 0 : 1) : 1, degraded, nextChangeMs: next };
  }

  /** A target that comes back after being down ramps up instead of taking its full share at once. */
  private noteTargetChanges(views: TargetView[], now: number): void {
    for (const v of views) {
      const up = v.upAddresses.size > 0;
      const before = this.targetUp.get(v.target.id);
      this.targetUp.set(v.target.id, up);
      if (before === false && up && this.config.rampMs > 0 && !this.drains.has(v.target.id)) {
        const d: DrainState = { phase: "ramping", since: now, until: now + this.config.rampMs, rampMs: this.config.rampMs };
        this.drains.set(v.target.id, d);
        this.event(now, v.target.id, undefined, `recovered: ramping its answer share up over ${this.config.rampMs / 1000}s`);
        v.phase = "ramping";
        v.share = rampShare(d, now);
      } else if (before === true && !up) {
        this.event(now, v.target.id, undefined, `down: ${v.target.addresses.map((a) => this.endpoints.get(`${v.target.id}@${a}`)!.verdict.reason).join("; ")}`);
      }
    }
  }

  private event(at: number, target: string, address: string | undefined, change: string): void {
    this.events.push({ at, target, address, change });
    if (this.events.length > 200) this.events.splice(0, this.events.length - 200);
  }
}

/** Share of a ramping target: tenths, starting at one tenth. */
export function rampShare(d: DrainState, now: number): number {
  if (d.phase !== "ramping") return d.phase === "drained" ? 0 : 1;
  if (d.rampMs <= 0 || now >= d.until) return 1;
  const progress = Math.max(0, now - d.since) / d.rampMs;
  return Math.min(1, Math.max(1, Math.ceil(progress * RAMP_STEPS)) / RAMP_STEPS);
}

function emptyVerdict(): QuorumVerdict {
  return { up: true, known: false, downVotes: 0, upVotes: 0, missing: [], instances: 1, reason: "no probe result yet" };
}
