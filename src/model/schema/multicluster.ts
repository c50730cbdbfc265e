/** `spec.placement` and `spec.traffic`: how workloads and requests span clusters. @module */
import * as z from "zod";
import { cidr, duration, ipAddress, labels, name } from "./primitives.js";

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
      .strictObject({
        namespace: z.string().default("default").meta({ description: "Namespace of the Service.", examples: ["shop"] }),
        name: z.string().meta({ description: "Name of the Service.", examples: ["web"] }),
      })
      .optional()
      .meta({ description: "Kubernetes Service whose ready endpoints are a second health signal.", examples: [{ namespace: "shop", name: "web" }] }),
    drained: z.boolean().optional().meta({
      description: "Declared drain (GitOps): the GSLB withdraws this target from answers as `hactl gslb drain` would. Default false.",
      examples: [true],
    }),
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
      .strictObject({
        namespace: z.string().optional().meta({ description: "Namespace of the workload; any when omitted.", examples: ["shop"] }),
        name: z.string().meta({ description: "Name of the Deployment, StatefulSet or Service.", examples: ["web"] }),
      })
      .optional()
      .meta({ description: "The workload that serves this hostname (for per-service RTO).", examples: [{ namespace: "shop", name: "web" }] }),
    targets: z.array(trafficTarget).min(1).meta({ description: "Where the hostname can point." }),
  })
  .meta({ title: "TrafficHostname" });


/** A DNS name written in a config (no trailing dot needed). */
const dnsName = () =>
  z.string().regex(/^(\.|([a-zA-Z0-9_]([-a-zA-Z0-9_]*[a-zA-Z0-9_])?\.)*[a-zA-Z0-9_]([-a-zA-Z0-9_]*[a-zA-Z0-9_])?\.?)$/, {
    error: "expected a DNS name such as gslb.example.com",
  });

/** `host:port`, `[v6]:port` or `:port`. */
const listenAddress = () =>
  z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[0-9.]+|[a-zA-Z0-9.-]+)?:[0-9]{1,5}$/, {
    error: 'expected host:port such as "0.0.0.0:53", "127.0.0.1:8053" or ":5353"',
  });

export const gslbZone = z
  .strictObject({
    name: dnsName().meta({ description: "Zone the GSLB is authoritative for (delegated to it from the parent zone).", examples: ["gslb.example.com"] }),
    nameservers: z
      .array(
        z.strictObject({
          name: dnsName().meta({ description: "Name server host name (NS record).", examples: ["ns-fra.gslb.example.com"] }),
          addresses: z.array(ipAddress()).optional().meta({
            description: "Its addresses: answered as A/AAAA when the name is inside the zone, and printed as glue by `hactl gslb generate`.",
            examples: [["203.0.113.53"]],
          }),
        }),
      )
      .min(1)
      .meta({ description: "Name servers of the zone: one per GSLB instance.", examples: [[{ name: "ns-fra.gslb.example.com", addresses: ["203.0.113.53"] }]] }),
    hostmaster: z.string().default("hostmaster").meta({
      description: "SOA RNAME (responsible mailbox, `.` for `@`); a bare label is placed inside the zone.",
      examples: ["hostmaster.example.com"],
    }),
    serial: z.number().int().min(0).max(4294967295).optional().meta({ description: "SOA serial; default: seconds since the epoch at config load.", examples: [2026010101] }),
    refresh: duration().default("1h").meta({ description: "SOA refresh.", examples: ["1h"] }),
    retry: duration().default("10m").meta({ description: "SOA retry.", examples: ["10m"] }),
    expire: duration().default("7d").meta({ description: "SOA expire.", examples: ["7d"] }),
    negativeTtl: duration().default("30s").meta({ description: "SOA minimum: how long resolvers cache NXDOMAIN/NODATA (RFC 2308).", examples: ["30s"] }),
    ttl: duration().default("1h").meta({ description: "TTL of the SOA and NS records.", examples: ["1h"] }),
  })
  .meta({ title: "GslbZone" });

export const gslbPeer = z
  .strictObject({
    name: name().meta({ description: "Instance name (unique); usually the cluster it runs in.", examples: ["prod-ams"] }),
    url: z.url({ error: 'expected the peer\'s admin URL such as "http://gslb.prod-ams.internal:8053"' }).meta({
      description: "Base URL of the peer's admin API, where its observations are read.",
      examples: ["http://gslb.prod-ams.internal:8053"],
    }),
  })
  .meta({ title: "GslbPeer" });

export const gslbServer = z
  .strictObject({
    zones: z.array(gslbZone).min(1).meta({ description: "Zones served; every host name must be inside one." }),
    listen: z
      .strictObject({
        dns: listenAddress().default("0.0.0.0:53").meta({ description: "UDP and TCP listen address for DNS.", examples: ["0.0.0.0:53"] }),
        admin: listenAddress().default("0.0.0.0:8053").meta({ description: "Admin HTTP API (health, status, metrics, trace, drain, peer API).", examples: ["0.0.0.0:8053"] }),
      })
      .default({ dns: "0.0.0.0:53", admin: "0.0.0.0:8053" })
      .meta({ title: "GslbListen" }),
    peers: z.array(gslbPeer).optional().meta({
      description: "Every GSLB instance (this one included, matched by --instance). A target is down only when a majority of them say so.",
    }),
    peerSecretEnv: z.string().default("HACTL_GSLB_PEER_SECRET").meta({ description: "Environment variable holding the peers' shared HMAC secret.", examples: ["HACTL_GSLB_PEER_SECRET"] }),
    adminTokenEnv: z.string().default("HACTL_GSLB_ADMIN_TOKEN").meta({ description: "Environment variable holding the bearer token for mutating admin calls (drain, undrain, reload).", examples: ["HACTL_GSLB_ADMIN_TOKEN"] }),
    peerTimeout: duration().default("30s").meta({ description: "A peer's observations older than this no longer count as votes.", examples: ["30s"] }),
    geo: z
      .strictObject({
        regions: z.record(z.string(), z.array(cidr())).meta({
          description: "Client subnets (EDNS Client Subnet, else the resolver's address) per region; the longest prefix wins.",
          examples: [{ eu: ["10.1.0.0/16", "2001:db8:1::/48"], us: ["10.2.0.0/16"] }],
        }),
        order: z.record(z.string(), z.array(z.string())).optional().meta({
          description: "Regions to try next, per client region, when its own has no healthy target. Default: by site RTT (fleet), else declaration order.",
          examples: [{ eu: ["us", "ap"] }],
        }),
        defaultRegion: z.string().optional().meta({ description: "Region for clients that match no subnet; default: every healthy target.", examples: ["eu"] }),
      })
      .optional()
      .meta({ title: "GslbGeo" }),
    rateLimit: z
      .strictObject({
        queriesPerSecond: z.number().int().min(1).meta({ description: "Sustained queries per second per source address (IPv6: per /64).", examples: [200] }),
        burst: z.number().int().min(1).optional().meta({ description: "Bucket size; default 2 × queriesPerSecond.", examples: [400] }),
        slip: z.number().int().min(0).default(2).meta({ description: "Every n-th limited query gets an empty truncated answer (TC) so real clients retry over TCP; 0 drops all.", examples: [2] }),
      })
      .optional()
      .meta({ title: "GslbRateLimit", description: "Per-source rate limiting over UDP. Off when omitted." }),
    minTtl: duration().default("5s").meta({ description: "Floor of the TTL while a target is degraded or draining.", examples: ["5s"] }),
    ramp: duration().default("60s").meta({ description: "How long an undrained or recovered target takes to get its full answer share back.", examples: ["2m"] }),
    lameDuck: duration().default("5s").meta({ description: "On shutdown: keep answering this long while /readyz says 503.", examples: ["5s"] }),
    maxUdpPayload: z.number().int().min(512).max(4096).default(1232).meta({ description: "Largest UDP response (EDNS0); larger answers are truncated (TC) and complete over TCP.", examples: [1232] }),
    kubernetes: z
      .strictObject({
        kubeconfig: z.string().optional().meta({ description: "Kubeconfig file; default in-cluster config, else KUBECONFIG / ~/.kube/config.", examples: ["/etc/hactl/kubeconfig"] }),
        contexts: z.record(z.string(), z.string()).optional().meta({
          description: "Kubeconfig context per cluster; clusters without one are checked through the default context only by the instance running in them.",
          examples: [{ "prod-fra": "fra-admin" }],
        }),
      })
      .optional()
      .meta({ title: "GslbKubernetes", description: "Where to read the readiness of target Services (targets[].service)." }),
  })
  .meta({ title: "GslbServer", description: "How `hactl gslb serve` runs: zones, listeners, peers, geo tables, limits." });

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
    gslb: gslbServer.optional().meta({ description: "Settings of `hactl gslb serve` (zones, listeners, peers, geo, limits)." }),
  })
  .meta({ title: "Traffic" });

export const GSLB_KIND = "GSLB";

/**
 * A standalone GSLB document (`kind: GSLB`): the `traffic` section without a fleet. Regions of
 * targets must then be written on the targets (`region`), since there are no sites to take them from.
 */
export const gslbDocument = z
  .strictObject({
    apiVersion: z.literal("hactl.dev/v1alpha1", { error: 'expected apiVersion "hactl.dev/v1alpha1"' }),
    kind: z.literal(GSLB_KIND, { error: 'expected kind "GSLB"' }),
    metadata: z.strictObject({ name: name(), labels: labels().optional(), annotations: labels().optional() }).meta({ title: "GslbMetadata" }),
    spec: traffic,
  })
  .meta({ title: "GslbDocument", description: "Standalone configuration of `hactl gslb serve`: the shape of a fleet's `traffic` section." });

export type GslbDocument = z.output<typeof gslbDocument>;
