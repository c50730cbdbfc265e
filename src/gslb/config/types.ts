/** The compiled GSLB configuration every runtime part reads. Durations are ms, TTLs seconds. @module */
import type { SoaData } from "../dns/writer.js";

export type Strategy = "failover" | "round-robin" | "weighted" | "geo";
export type AllDown = "all" | "none" | "fallback";

export interface CheckConfig {
  protocol: "HTTP" | "HTTPS" | "TCP" | "DNS";
  port: number;
  path: string;
  /** Host header / TLS SNI / DNS probe name. */
  host: string;
  /** Accepted HTTP status codes; empty = 200–399. */
  expectStatus: number[];
  bodyMatch?: string;
  tlsVerify: boolean;
  intervalMs: number;
  timeoutMs: number;
  fall: number;
  rise: number;
}

export interface TargetConfig {
  /** `hostname/cluster`: how status, drain and traces name a target. */
  id: string;
  hostname: string;
  cluster: string;
  addresses: string[];
  priority: number;
  weight: number;
  /** Geo region ("" when none). */
  region: string;
  service?: { namespace: string; name: string };
  drained: boolean;
}

export interface HostConfig {
  /** Dotted, lower case, no trailing dot. */
  name: string;
  /** Wire key (see dns/wire.ts). */
  key: string;
  zoneKey: string;
  strategy: Strategy;
  ttl: number;
  allDown: AllDown;
  fallback: string[];
  check: CheckConfig;
  targets: TargetConfig[];
}

export interface ZoneConfig {
  name: string;
  key: string;
  soa: SoaData;
  soaTtl: number;
  nameservers: { name: string; key: string; addresses: string[] }[];
}

export interface CidrEntry {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
  region: string;
}

export interface GeoConfig {
  /** Every region: those of the CIDR table, of targets and of declared orders. */
  regions: string[];
  /** Longest prefix first. */
  table: CidrEntry[];
  /** Full preference order per region (itself first). */
  order: Record<string, string[]>;
  defaultRegion?: string;
}

export interface GslbConfig {
  /** Fleet or GSLB document name. */
  name: string;
  zones: ZoneConfig[];
  hostnames: HostConfig[];
  listen: { dns: { host: string; port: number }; admin: { host: string; port: number } };
  peers: { name: string; url: string }[];
  peerSecretEnv: string;
  adminTokenEnv: string;
  peerTimeoutMs: number;
  geo?: GeoConfig;
  rateLimit?: { queriesPerSecond: number; burst: number; slip: number };
  minTtl: number;
  rampMs: number;
  lameDuckMs: number;
  maxUdpPayload: number;
  kubernetes?: { kubeconfig?: string; contexts: Record<string, string> };
  /** Files the config came from (watched for reload). */
  files: string[];
}
