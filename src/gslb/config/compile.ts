/**
 * Fleet `traffic` section (or a standalone `kind: GSLB` document) → GslbConfig, with located
 * diagnostics for everything the schema alone cannot check: host names outside every zone, geo
 * regions that do not exist, a geo strategy without regions. Pure.
 * @module
 */
import { formatPath, suggest, type Diagnostic, type PathSegment } from "../../model/diagnostics.js";
import type { Fleet } from "../../model/fleet.js";
import { diagnosticAt, type SourceDoc } from "../../model/load/yaml-source.js";
import type { GslbDocument } from "../../model/schema/multicluster.js";
import type { TrafficSpec } from "../../model/schema/fleet.js";
import { parseDuration } from "../../model/units.js";
import { isInZone, ipv4Bytes, ipv6Bytes, toWireKey } from "../dns/wire.js";
import type { CheckConfig, CidrEntry, GeoConfig, GslbConfig, HostConfig, ZoneConfig } from "./types.js";

export type GslbInput = { kind: "fleet"; fleet: Fleet } | { kind: "document"; document: GslbDocument; source: SourceDoc };

const ms = (d: string) => parseDuration(d)!;
const sec = (d: string) => Math.max(0, Math.round(ms(d) / 1000));

/** Compiles one input; `config` is undefined when there are errors. */
export function compileGslb(input: GslbInput, opts: { now?: Date } = {}): { config?: GslbConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const source = input.kind === "fleet" ? input.fleet.source : input.source;
  const base: PathSegment[] = input.kind === "fleet" ? ["spec", "traffic"] : ["spec"];
  const err = (path: PathSegment[], code: string, message: string, extra: { expected?: string; suggestion?: string } = {}) =>
    diagnostics.push(diagnosticAt(source, [...base, ...path], { severity: "error", code, message, path: formatPath([...base, ...path]), ...extra }));
  const warn = (path: PathSegment[], code: string, message: string, extra: { suggestion?: string } = {}) =>
    diagnostics.push(diagnosticAt(source, [...base, ...path], { severity: "warning", code, message, path: formatPath([...base, ...path]), ...extra }));

  const traffic: TrafficSpec | undefined = input.kind === "fleet" ? input.fleet.document.spec.traffic : input.document.spec;
  const name = input.kind === "fleet" ? input.fleet.name : input.document.metadata.name;
  if (!traffic) {
    diagnostics.push(
      diagnosticAt(source, ["spec"], {
        severity: "error",
        code: "missing-field",
        message: `fleet "${name}" has no spec.traffic section, so there is nothing for the GSLB to serve`,
        path: "spec.traffic",
        suggestion: "add spec.traffic with hostnames, targets and gslb.zones (see docs/gslb.md)",
      }),
    );
    return { diagnostics };
  }
  const g = traffic.gslb;
  if (!g) {
    err([], "missing-field", `${input.kind === "fleet" ? "spec.traffic" : "spec"} has no \`gslb\` settings: the server needs at least the zone it is authoritative for`, {
      expected: "gslb: { zones: [{ name: gslb.example.com, nameservers: [{ name: ns1.gslb.example.com }] }] }",
      suggestion: "add traffic.gslb.zones with the zone delegated to the GSLB instances",
    });
    return { diagnostics };
  }
  if (traffic.provider !== "hactl") {
    warn(["provider"], "provider-mismatch", `traffic.provider is "${traffic.provider}", yet hactl gslb is serving these host names`, {
      suggestion: "set provider: hactl so plan/drill model hactl's failover",
    });
  }

  const serialNow = Math.floor((opts.now ?? new Date()).getTime() / 1000) >>> 0;
  const zones: ZoneConfig[] = [];
  const zoneKeys = new Set<string>();
  g.zones.forEach((z, zi) => {
    const key = toWireKey(z.name);
    if (zoneKeys.has(key)) err(["gslb", "zones", zi, "name"], "duplicate-name", `zone "${z.name}" is listed twice`);
    zoneKeys.add(key);
    const rname = z.hostmaster.includes(".") ? toWireKey(z.hostmaster) : toWireKey(`${z.hostmaster}.${z.name.replace(/\.$/, "")}`);
    const nameservers = z.nameservers.map((n, ni) => {
      const nkey = toWireKey(n.name);
      if (isInZone(nkey, key) && !(n.addresses && n.addresses.length > 0)) {
        err(["gslb", "zones", zi, "nameservers", ni], "missing-field", `name server ${n.name} lies inside the zone ${z.name} but has no addresses, so resolvers could never reach it (no glue)`, {
          suggestion: "add addresses: [the instance's public IP]",
        });
      }
      return { name: trimDot(n.name).toLowerCase(), key: nkey, addresses: n.addresses ?? [] };
    });
    zones.push({
      name: trimDot(z.name).toLowerCase(),
      key,
      soaTtl: sec(z.ttl),
      nameservers,
      soa: {
        mname: nameservers[0]!.key,
        rname,
        serial: z.serial ?? serialNow,
        refresh: sec(z.refresh),
        retry: sec(z.retry),
        expire: sec(z.expire),
        minimum: sec(z.negativeTtl),
      },
    });
  });

  const fleet = input.kind === "fleet" ? input.fleet : undefined;
  const regionOfCluster = (cluster: string): string => {
    const c = fleet?.cluster(cluster);
    const site = c?.sites[0] ? fleet?.site(c.sites[0]) : undefined;
    return site?.region ?? "";
  };

  const hostnames: HostConfig[] = [];
  const seenHosts = new Set<string>();
  traffic.hostnames.forEach((h, hi) => {
    const at: PathSegment[] = ["hostnames", hi];
    const key = toWireKey(h.name);
    if (seenHosts.has(key) && input.kind === "document") err([...at, "name"], "duplicate-name", `host name ${h.name} is listed twice`);
    seenHosts.add(key);
    const zone = zones.filter((z) => isInZone(key, z.key)).sort((a, b) => b.key.length - a.key.length)[0];
    if (!zone) {
      err([...at, "name"], "outside-zone", `host name ${h.name} is not inside any zone the GSLB serves (${zones.map((z) => z.name).join(", ")})`, {
        suggestion: `rename it into a served zone (e.g. ${h.name.split(".")[0]}.${zones[0]?.name}) or add its zone to gslb.zones`,
      });
    } else if (zone.key === key) {
      err([...at, "name"], "zone-apex", `host name ${h.name} is the zone apex itself; the apex holds the SOA and NS records`, {
        suggestion: `use a name below it, e.g. www.${zone.name}`,
      });
    }
    if (h.allDown === "fallback" && !(h.fallback && h.fallback.length > 0) && input.kind === "document") {
      err([...at, "allDown"], "missing-field", "allDown: fallback needs `fallback` addresses", { suggestion: "add fallback: [198.51.100.5]" });
    }
    const hc = h.healthCheck;
    const check: CheckConfig = {
      protocol: hc.protocol,
      port: hc.port ?? (hc.protocol === "HTTPS" ? 443 : hc.protocol === "DNS" ? 53 : 80),
      path: hc.path,
      host: hc.host ?? trimDot(h.name).toLowerCase(),
      expectStatus: hc.expectStatus ?? [],
      bodyMatch: hc.bodyMatch,
      tlsVerify: hc.tlsVerify,
      intervalMs: ms(hc.interval),
      timeoutMs: ms(hc.timeout),
      fall: hc.fall,
      rise: hc.rise,
    };
    if (hc.protocol === "TCP" && hc.port === undefined) {
      warn([...at, "healthCheck", "protocol"], "default-port", "a TCP check without a port connects to port 80", { suggestion: "set healthCheck.port to the port the service listens on" });
    }
    if (check.intervalMs < 100) err([...at, "healthCheck", "interval"], "out-of-range", `a probe interval of ${hc.interval} would flood the targets`, { expected: "at least 100ms" });
    const seenClusters = new Set<string>();
    const targets = h.targets.map((t, ti) => {
      if (seenClusters.has(t.cluster)) err([...at, "targets", ti, "cluster"], "duplicate-name", `cluster ${t.cluster} is a target of ${h.name} twice`, { suggestion: "merge the two targets' addresses" });
      seenClusters.add(t.cluster);
      const region = t.region ?? regionOfCluster(t.cluster);
      if (h.strategy === "geo" && region === "") {
        err([...at, "targets", ti], "missing-field", `target ${t.cluster} of the geo host name ${h.name} has no region`, {
          suggestion: input.kind === "document" ? "add region: eu (a key of gslb.geo.regions)" : "add region: to the target, or place its cluster on a site with a region",
        });
      }
      return {
        id: `${trimDot(h.name).toLowerCase()}/${t.cluster}`,
        hostname: trimDot(h.name).toLowerCase(),
        cluster: t.cluster,
        addresses: t.addresses,
        priority: t.priority ?? ti,
        weight: t.weight ?? 1,
        region,
        service: t.service ? { namespace: t.service.namespace, name: t.service.name } : undefined,
        drained: t.drained ?? false,
      };
    });
    if (h.strategy === "geo" && !g.geo) {
      err([...at, "strategy"], "missing-field", `host name ${h.name} uses the geo strategy but gslb.geo has no client subnets per region`, {
        suggestion: "add gslb.geo.regions: { eu: [10.1.0.0/16], us: [10.2.0.0/16] }",
      });
    }
    hostnames.push({
      name: trimDot(h.name).toLowerCase(),
      key,
      zoneKey: zone?.key ?? "",
      strategy: h.strategy,
      ttl: sec(h.ttl),
      allDown: h.allDown,
      fallback: h.fallback ?? [],
      check,
      targets,
    });
  });

  const geo = g.geo ? compileGeo(g.geo, hostnames, fleet, err) : undefined;
  const listen = { dns: splitHostPort(g.listen.dns), admin: splitHostPort(g.listen.admin) };
  const peerNames = new Set<string>();
  (g.peers ?? []).forEach((p, i) => {
    if (peerNames.has(p.name)) err(["gslb", "peers", i, "name"], "duplicate-name", `peer ${p.name} is listed twice`);
    peerNames.add(p.name);
  });
  if (ms(g.minTtl) > Math.min(...hostnames.map((h) => h.ttl * 1000), Infinity)) {
    warn(["gslb", "minTtl"], "conflict", `minTtl (${g.minTtl}) is longer than the TTL of some host names; their TTL is never lowered`);
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return {
    diagnostics,
    config: {
      name,
      zones,
      hostnames,
      listen,
      peers: g.peers ?? [],
      peerSecretEnv: g.peerSecretEnv,
      adminTokenEnv: g.adminTokenEnv,
      peerTimeoutMs: ms(g.peerTimeout),
      geo,
      rateLimit: g.rateLimit ? { queriesPerSecond: g.rateLimit.queriesPerSecond, burst: g.rateLimit.burst ?? 2 * g.rateLimit.queriesPerSecond, slip: g.rateLimit.slip } : undefined,
      minTtl: sec(g.minTtl),
      rampMs: ms(g.ramp),
      lameDuckMs: ms(g.lameDuck),
      maxUdpPayload: g.maxUdpPayload,
      kubernetes: g.kubernetes ? { kubeconfig: g.kubernetes.kubeconfig, contexts: g.kubernetes.contexts ?? {} } : undefined,
      files: source.path ? [source.path] : [],
    },
  };
}

type Err = (path: PathSegment[], code: string, message: string, extra?: { expected?: string; suggestion?: string }) => void;

function compileGeo(spec: NonNullable<NonNullable<TrafficSpec["gslb"]>["geo"]>, hostnames: HostConfig[], fleet: Fleet | undefined, err: Err): GeoConfig {
  const regions: string[] = [];
  const add = (r: string) => r !== "" && !regions.includes(r) && regions.push(r);
  Object.keys(spec.regions).forEach(add);
  for (const h of hostnames) for (const t of h.targets) add(t.region);
  const table: CidrEntry[] = [];
  for (const [region, cidrs] of Object.entries(spec.regions)) {
    cidrs.forEach((c, ci) => {
      const [addr, len] = c.split("/") as [string, string];
      const v4 = ipv4Bytes(addr);
      const bytes = v4 ?? ipv6Bytes(addr);
      const prefix = Number(len);
      if (!bytes || prefix > bytes.length * 8) {
        err(["gslb", "geo", "regions", region, ci], "invalid-format", `"${c}" is not a valid CIDR block`, { expected: 'e.g. "10.1.0.0/16" or "2001:db8::/32"' });
        return;
      }
      table.push({ family: v4 ? 4 : 6, bytes, prefix, region });
    });
  }
  table.sort((a, b) => b.prefix - a.prefix);
  for (const [region, list] of Object.entries(spec.order ?? {})) {
    if (!regions.includes(region)) err(["gslb", "geo", "order", region], "unresolved-reference", `region "${region}" is neither in geo.regions nor a target's region`, { suggestion: suggest(region, regions, "region") });
    list.forEach((r, i) => {
      if (!regions.includes(r)) err(["gslb", "geo", "order", region, i], "unresolved-reference", `region "${r}" is neither in geo.regions nor a target's region`, { suggestion: suggest(r, regions, "region") });
    });
  }
  if (spec.defaultRegion !== undefined && !regions.includes(spec.defaultRegion)) {
    err(["gslb", "geo", "defaultRegion"], "unresolved-reference", `region "${spec.defaultRegion}" does not exist`, { suggestion: suggest(spec.defaultRegion, regions, "region") });
  }
  const order: Record<string, string[]> = {};
  for (const r of regions) {
    const declared = (spec.order?.[r] ?? []).filter((x) => regions.includes(x) && x !== r);
    const rest = regions.filter((x) => x !== r && !declared.includes(x));
    // Nearest next: the fleet's site RTT between the regions; declaration order breaks ties.
    const dist = (x: string) => regionRtt(fleet, r, x);
    rest.sort((a, b) => dist(a) - dist(b) || regions.indexOf(a) - regions.indexOf(b));
    order[r] = [r, ...declared, ...rest];
  }
  return { regions, table, order, defaultRegion: spec.defaultRegion };
}

function regionRtt(fleet: Fleet | undefined, a: string, b: string): number {
  if (!fleet) return Infinity;
  let best = Infinity;
  for (const sa of fleet.sites.filter((s) => s.region === a)) {
    for (const sb of fleet.sites.filter((s) => s.region === b)) {
      const r = fleet.rtt(sa.name, sb.name);
      if (r.origin !== "unknown" && r.ms < best) best = r.ms;
    }
  }
  return best;
}

function trimDot(s: string): string {
  return s.endsWith(".") ? s.slice(0, -1) : s;
}

/** `host:port` → parts; an empty host means every address. */
export function splitHostPort(text: string): { host: string; port: number } {
  const i = text.lastIndexOf(":");
  let host = text.slice(0, i);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host: host === "" ? "0.0.0.0" : host, port: Number(text.slice(i + 1)) };
}
