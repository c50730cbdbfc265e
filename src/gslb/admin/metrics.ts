/**
 * Prometheus metrics (prom-client): queries by name/type/rcode/strategy, answer latency histogram,
 * target health per address, probe latency, failovers, peers, reloads. DNS counters are read from
 * DnsStats at scrape time, so the hot path never touches prom-client.
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { LATENCY_BUCKETS, type DnsStats } from "../plugins/metrics/index.js";
import type { GslbEngine } from "../engine.js";
import type { UdpPath } from "../server/listeners.js";
import type { NativeUdpStats } from "../server/native-udp.js";

export interface MetricsSources {
  stats(): DnsStats;
  engine(): GslbEngine;
  rateLimited(): number;
  peers(): { name: string; ok: boolean }[];
  /** Which UDP path serves, and the native path's counters (undefined on dgram). */
  udp(): { path: UdpPath; native: (NativeUdpStats & { dropped: number }) | undefined };
}

export class GslbMetrics {
  readonly registry = new Registry();
  readonly probeLatency: Histogram<"protocol" | "target">;
  readonly reloads: Counter<"result">;

  constructor(src: MetricsSources) {
    const r = this.registry;
    new Counter({
      name: "hactl_gslb_dns_queries_total",
      help: "DNS queries answered, by name (_other outside the served names), type, rcode and strategy.",
      labelNames: ["name", "type", "rcode", "strategy"],
      registers: [r],
      collect() {
        this.reset();
        for (const s of src.stats().querySeries()) this.inc({ name: s.name, type: s.type, rcode: s.rcode, strategy: s.strategy }, s.value);
      },
    });
    new Counter({
      name: "hactl_gslb_dns_dropped_total",
      help: "Packets dropped without an answer (unparseable, responses, rate limited without slip).",
      registers: [r],
      collect() {
        this.reset();
        this.inc(src.stats().dropped + (src.udp().native?.dropped ?? 0));
      },
    });
    new Gauge({
      name: "hactl_gslb_dns_udp_path",
      help: "1 for the UDP path serving: native (batched recvmmsg/sendmmsg addon) or dgram (Node's, one system call per datagram).",
      labelNames: ["path"],
      registers: [r],
      collect() {
        this.reset();
        const p = src.udp().path.path;
        this.set({ path: "native" }, p === "native" ? 1 : 0);
        this.set({ path: "dgram" }, p === "dgram" ? 1 : 0);
      },
    });
    new Counter({
      name: "hactl_gslb_dns_udp_batches_total",
      help: "recvmmsg batches read by the native UDP path (datagrams per batch = datagrams / batches).",
      registers: [r],
      collect() {
        this.reset();
        this.inc(src.udp().native?.batches ?? 0);
      },
    });
    new Counter({
      name: "hactl_gslb_dns_udp_datagrams_total",
      help: "Datagrams read by the native UDP path.",
      registers: [r],
      collect() {
        this.reset();
        this.inc(src.udp().native?.packets ?? 0);
      },
    });
    new Counter({
      name: "hactl_gslb_dns_udp_send_failures_total",
      help: "Answers the native UDP path could not send (socket errors, or a full send buffer).",
      registers: [r],
      collect() {
        this.reset();
        const n = src.udp().native;
        this.inc(n ? n.sendErrors + n.sendDropped : 0);
      },
    });
    new Counter({
      name: "hactl_gslb_rate_limited_total",
      help: "Queries over the per-source rate limit.",
      registers: [r],
      collect() {
        this.reset();
        this.inc(src.rateLimited());
      },
    });
    r.registerMetric({
      name: "hactl_gslb_dns_answer_duration_seconds",
      help: "Time to build each answer inside the server.",
      type: "histogram",
      get: async () => {
        const s = src.stats();
        const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
        let acc = 0;
        LATENCY_BUCKETS.forEach((b, i) => {
          acc += s.latency[i]!;
          values.push({ metricName: "hactl_gslb_dns_answer_duration_seconds_bucket", labels: { le: b }, value: acc });
        });
        acc += s.latency[LATENCY_BUCKETS.length]!;
        values.push({ metricName: "hactl_gslb_dns_answer_duration_seconds_bucket", labels: { le: "+Inf" }, value: acc });
        values.push({ metricName: "hactl_gslb_dns_answer_duration_seconds_sum", labels: {}, value: s.latencySum });
        values.push({ metricName: "hactl_gslb_dns_answer_duration_seconds_count", labels: {}, value: s.latencyCount });
        return { name: "hactl_gslb_dns_answer_duration_seconds", help: "Time to build each answer inside the server.", type: "histogram", values, aggregator: "sum" };
      },
    } as unknown as Parameters<Registry["registerMetric"]>[0]);
    new Gauge({
      name: "hactl_gslb_target_up",
      help: "1 when a target address is up after quorum, 0 when down.",
      labelNames: ["hostname", "target", "address"],
      registers: [r],
      collect() {
        this.reset();
        for (const e of src.engine().endpoints.values()) this.set({ hostname: e.host.name, target: e.target.cluster, address: e.address }, e.verdict.up ? 1 : 0);
      },
    });
    new Gauge({
      name: "hactl_gslb_target_local_up",
      help: "This instance's own probe verdict per target address (1 up, 0 down, -1 unknown).",
      labelNames: ["hostname", "target", "address"],
      registers: [r],
      collect() {
        this.reset();
        for (const e of src.engine().endpoints.values()) this.set({ hostname: e.host.name, target: e.target.cluster, address: e.address }, e.local.up === undefined ? -1 : e.local.up ? 1 : 0);
      },
    });
    new Counter({
      name: "hactl_gslb_failovers_total",
      help: "Times the answered targets of a host name changed because of health.",
      labelNames: ["hostname"],
      registers: [r],
      collect() {
        this.reset();
        for (const [h, n] of src.engine().failovers) this.inc({ hostname: h }, n);
      },
    });
    new Gauge({
      name: "hactl_gslb_peer_up",
      help: "1 when the last read of a peer's observations succeeded.",
      labelNames: ["peer"],
      registers: [r],
      collect() {
        this.reset();
        for (const p of src.peers()) this.set({ peer: p.name }, p.ok ? 1 : 0);
      },
    });
    this.probeLatency = new Histogram({
      name: "hactl_gslb_probe_duration_seconds",
      help: "Health probe duration by protocol and target address.",
      labelNames: ["protocol", "target"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [r],
    });
    this.reloads = new Counter({ name: "hactl_gslb_config_reloads_total", help: "Config reloads by result (ok, rejected).", labelNames: ["result"], registers: [r] });
  }
}
