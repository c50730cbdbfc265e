/**
 * Probes of a container: which handler they use and which port they target, with paths, so rules
 * can compare ports with the container's declared ports (named ports resolve only against them).
 * @module
 */
import type { PathSegment } from "../../model/diagnostics.js";
import type { Container } from "./workloads.js";

export const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;
export type ProbeKind = (typeof PROBES)[number];

export interface ProbePort {
  probe: ProbeKind;
  handler: "httpGet" | "tcpSocket" | "grpc";
  port: string | number;
  path: PathSegment[];
}

export function probePorts(c: Container): ProbePort[] {
  const out: ProbePort[] = [];
  for (const probe of PROBES) {
    const p = c.spec[probe] as Record<string, unknown> | undefined;
    if (!p || typeof p !== "object") continue;
    for (const handler of ["httpGet", "tcpSocket", "grpc"] as const) {
      const h = p[handler] as { port?: unknown } | undefined;
      if (!h || typeof h !== "object" || h.port === undefined || h.port === null) continue;
      const port = typeof h.port === "number" ? h.port : String(h.port);
      out.push({ probe, handler, port: typeof port === "string" && /^[0-9]+$/.test(port) ? Number(port) : port, path: [...c.path, probe, handler, "port"] });
    }
  }
  return out;
}

export interface DeclaredPort {
  name?: string;
  containerPort: number;
}

export function declaredPorts(c: Container): DeclaredPort[] {
  const ports = c.spec["ports"];
  if (!Array.isArray(ports)) return [];
  return ports
    .filter((p): p is Record<string, unknown> => p !== null && typeof p === "object")
    .map((p) => ({ name: typeof p["name"] === "string" ? p["name"] : undefined, containerPort: Number(p["containerPort"]) }));
}

/** Seconds until a failing probe acts: initialDelaySeconds + failureThreshold × periodSeconds (API defaults 0, 3, 10). */
export function probeWindowSeconds(p: Record<string, unknown>): number {
  const num = (k: string, d: number) => (typeof p[k] === "number" ? (p[k] as number) : d);
  return num("initialDelaySeconds", 0) + num("failureThreshold", 3) * num("periodSeconds", 10);
}
