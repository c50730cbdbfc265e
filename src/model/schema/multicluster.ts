/** `spec.placement` and `spec.traffic`: how workloads and requests span clusters. @module */
import * as z from "zod";
import { duration, ipAddress, labels, name } from "./primitives.js";

export const workloadSelector = z
  .strictObject({
    namespaces: z.array(z.string()).optional().meta({ description: "Workloads in these namespaces.", examples: [["shop"]] }),
    names: z.array(z.string()).optional().meta({ description: "Workloads with these names.", examples: [["web", "api"]] }),
    matchLabels: labels().optional().meta({ description: "Workloads whose metadata labels include all of these.", examples: [{ tier: "frontend" }] }),
  })
  .meta({ title: "WorkloadSelector", description: "Selects workloads; all given criteria must match (AND)." });

export const placement = z
  .strictObject({
    name: name().meta({ description: "Placement name.", examples: ["shop"] }),
    workloads: workloadSelector.meta({ description: "Which workloads this placement distributes." }),
    clusters: z.array(name()).min(1).meta({
      description: "Target clusters; for active-passive in order of preference (the first is active).",
      examples: [["prod-fra", "prod-ams"]],
    }),
    mode: z.enum(["active-active", "active-passive"]).default("active-active").meta({
      description: "active-active: every cluster serves; active-passive: later clusters take over when the earlier fail.",
      examples: ["active-passive"],
    }),
    standby: z.enum(["hot", "warm", "cold"]).optional().meta({
      description:
        "For active-passive: hot (running at full scale), warm (running scaled down), cold (deployed on failover from GitOps/backup). Default hot.",
      examples: ["warm"],
    }),
    failover: z.enum(["automatic", "manual"]).default("automatic").meta({
      description: "Whether a standby is promoted automatically or by a person (the seeds: manual 5–15 min).",
      examples: ["automatic"],
    }),
    promotionTime: duration().optional().meta({
      description: "Time to promote a standby once failover is decided (scale-up, restore, DNS change). Default by standby: hot 0, warm 2m, cold 15m; manual adds 10m.",
      examples: ["5m"],
    }),
    replicas: z
      .strictObject({
        scheduling: z.enum(["Duplicated", "Divided"]).default("Duplicated").meta({
          description: "Duplicated: each cluster runs the manifest's replicas; Divided: the replicas are split by weight.",
          examples: ["Divided"],
        }),
        weights: z.record(z.string(), z.number().int().min(0)).optional().meta({
          description: "Static weights per cluster for Divided (Karmada-style); equal when omitted.",
          examples: [{ "prod-fra": 2, "prod-ams": 1 }],
        }),
      })
      .default({ scheduling: "Duplicated" })
      .meta({ title: "ReplicaScheduling" }),
  })
  .meta({ title: "Placement" });

export const healthCheck = z
  .strictObject({
    protocol: z.enum(["HTTP", "HTTPS", "TCP", "DNS"]).default("HTTP").meta({ description: "Probe protocol.", examples: ["HTTPS"] }),
    port: z.number().int().min(1).max(65535).optional().meta({ description: "Port; default 80 (HTTP), 443 (HTTPS), 53 (DNS).", examples: [443] }),
    path: z.string().default("/healthz").meta({ description: "HTTP(S) path.", examples: ["/healthz"] }),
    host: z.string().optional().meta({ description: "Host header / TLS server name; default the hostname.", examples: ["shop.example.com"] }),
    expectStatus: z.array(z.number().int().min(100).max(599)).optional().meta({ description: "Accepted HTTP status codes; default 200–399.", examples: [[200]] }),
    bodyMatch: z.string().optional().meta({ description: "Substring the response body must contain.", examples: ["ok"] }),
    tlsVerify: z.boolean().default(true).meta({ description: "Verify the target's TLS certificate.", examples: [true] }),
    interval: duration().default("10s").meta({ description: "Time between probes.", examples: ["5s"] }),
    timeout: duration().default("2s").meta({ description: "Probe timeout.", examples: ["2s"] }),
    fall: z.number().int().min(1).default(3).meta({ description: "Consecutive failures before a target is down.", examples: [3] }),
    rise: z.number().int().min(1).default(2).meta({ description: "Consecutive successes before a target is up again.", examples: [2] }),
  })
  .meta({ title: "HealthCheck" });

export const trafficTarget = z
  .strictObject({
    cluster: name().meta({ description: "Cluster behind these addresses.", examples: ["prod-fra"] }),
    addresses: z.array(ipAddress()).min(1).meta({ description: "A/AAAA addresses answered for this target.", examples: [["203.0.113.10"]] }),
    priority: z.number().int().min(0).optional().meta({
      description: "Failover group (lower first). Default: the order of targets.",
      examples: [1],
    }),
    weight: z.number().int().min(0).optional().meta({ description: "Share for the weighted strategy. Default 1.", examples: [3] }),
    region: z.string().optional().meta({ description: "Region served first by the geo strategy; default the cluster's site region.", examples: ["eu"] }),
    service: z
      .strictObject({ namespace: z.string().default("default"), name: z.string() })
      .optional()
      .meta({ description: "Kubernetes Service whose ready endpoints are a second health signal.", examples: [{ namespace: "shop", name: "web" }] }),
  })
  .meta({ title: "TrafficTarget" });

export const trafficHostname = z
  .strictObject({
    name: z.string().regex(/^([a-zA-Z0-9_]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}\.?$/, {
      error: "expected a fully qualified host name such as shop.example.com",
    }).meta({ description: "Fully qualified host name served by the GSLB.", examples: ["shop.example.com"] }),
    strategy: z.enum(["failover", "round-robin", "weighted", "geo"]).default("failover").meta({
      description: "How answers are chosen among healthy targets.",
      examples: ["failover"],
    }),
    ttl: duration().default("30s").meta({ description: "Record TTL.", examples: ["30s"] }),
    allDown: z.enum(["all", "none", "fallback"]).default("all").meta({
      description: "Answer when every target is down: all targets (Route 53 behaviour), nothing (NODATA), or `fallback` addresses.",
      examples: ["all"],
    }),
    fallback: z.array(ipAddress()).optional().meta({ description: "Addresses for `allDown: fallback` (e.g. a maintenance page).", examples: [["198.51.100.5"]] }),
    healthCheck: healthCheck.default({ protocol: "HTTP", path: "/healthz", tlsVerify: true, interval: "10s", timeout: "2s", fall: 3, rise: 2 }),
    workload: z
      .strictObject({ namespace: z.string().optional(), name: z.string() })
      .optional()
      .meta({ description: "The workload that serves this hostname (for per-service RTO).", examples: [{ namespace: "shop", name: "web" }] }),
    targets: z.array(trafficTarget).min(1).meta({ description: "Where the hostname can point." }),
  })
  .meta({ title: "TrafficHostname" });

export const traffic = z
  .strictObject({
    provider: z.enum(["hactl", "route53", "cloudflare", "k8gb", "powerdns", "other"]).default("hactl").meta({
      description: "What answers DNS for these hostnames (hactl gslb or an external GSLB).",
      examples: ["hactl"],
    }),
    resolverCache: duration().default("30s").meta({
      description: "Extra caching beyond the TTL by resolvers and clients (CoreDNS cache 30s, JVM 30s).",
      examples: ["30s"],
    }),
    hostnames: z.array(trafficHostname).meta({ description: "Host names served by the GSLB." }),
  })
  .meta({ title: "Traffic" });
