/** Builders for GSLB tests: configs as YAML files, and compiled configs for in-process tests. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadGslbConfig } from "../../src/gslb/config/load.js";
import type { GslbConfig } from "../../src/gslb/config/types.js";

export interface TargetSpec {
  cluster: string;
  addresses: string[];
  priority?: number;
  weight?: number;
  region?: string;
  service?: { namespace: string; name: string };
  drained?: boolean;
}

export interface HostSpec {
  name: string;
  strategy?: "failover" | "round-robin" | "weighted" | "geo";
  ttl?: string;
  allDown?: "all" | "none" | "fallback";
  fallback?: string[];
  healthCheck?: Record<string, unknown>;
  targets: TargetSpec[];
}

/** A kind: GSLB document with one zone `gslb.test` (override anything through `gslb`). */
export function gslbDoc(hostnames: HostSpec[], gslb: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "GSLB",
    metadata: { name: "test" },
    spec: {
      gslb: {
        zones: [{ name: "gslb.test", nameservers: [{ name: "ns1.gslb.test", addresses: ["127.0.0.1"] }], negativeTtl: "15s", serial: 42 }],
        listen: { dns: "127.0.0.1:0", admin: "127.0.0.1:0" },
        minTtl: "1s",
        ...gslb,
      },
      hostnames,
    },
  };
}

export function writeDoc(doc: Record<string, unknown>, dir = mkdtempSync(join(tmpdir(), "hactl-gslb-"))): string {
  const file = join(dir, "gslb.yaml");
  writeFileSync(file, stringify(doc));
  return file;
}

/** Compiles a document through the real loader; throws with the diagnostics when invalid. */
export function compile(doc: Record<string, unknown>): GslbConfig {
  const r = loadGslbConfig([writeDoc(doc)]);
  if (!r.config) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n"));
  return r.config;
}
