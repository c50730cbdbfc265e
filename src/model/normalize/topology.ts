/** Sites, zones and the RTT between any two of them. @module */
import type { Rtt, Site, Zone } from "../fleet.js";
import type { FleetSpec } from "../schema/fleet.js";
import { parseDuration } from "../units.js";
import type { NormalizeContext } from "./context.js";

export interface Topology {
  sites: Site[];
  zones: Zone[];
  siteByName: Map<string, Site>;
  zoneByName: Map<string, Zone>;
  rtt(a: string, b: string): Rtt;
}

/** Warns for every pair of sites that host cluster nodes or etcd members but have no RTT. */
export function warnMissingLatency(topo: Topology, usedSites: ReadonlySet<string>, ctx: NormalizeContext): void {
  // Edge sites are separate, autonomous clusters whose links vary by design: only core pairs matter here.
  const used = topo.sites.filter((s) => usedSites.has(s.name) && s.kind !== "edge");
  for (let i = 0; i < used.length; i++) {
    for (let j = i + 1; j < used.length; j++) {
      const a = used[i]!;
      const b = used[j]!;
      if (topo.rtt(a.name, b.name).origin !== "unknown") continue;
      const anyZone = a.zones.some((za) => b.zones.some((zb) => topo.rtt(za, zb).origin !== "unknown"));
      if (anyZone) continue;
      ctx.warn(["spec", "latency"], "missing-latency", `no RTT is given between sites "${a.name}" and "${b.name}"; hactl treats it as unknown (≥ 10 ms)`, {
        suggestion: `add { between: [${a.name}, ${b.name}], rtt: 20ms } (the measured value) to spec.latency.links`,
      });
    }
  }
}

export function normalizeTopology(spec: FleetSpec, ctx: NormalizeContext): Topology {
  ctx.duplicates(spec.sites, (s) => s.name, (i) => ["spec", "sites", i, "name"], "site");
  const sites: Site[] = [];
  const zones: Zone[] = [];
  const siteByName = new Map<string, Site>();
  const zoneByName = new Map<string, Zone>();
  spec.sites.forEach((s, si) => {
    const declared = (s.zones ?? []).map((z) => (typeof z === "string" ? z : z.name));
    const region = s.region ?? s.name;
    const site: Site = {
      name: s.name,
      kind: s.kind,
      region,
      provider: s.provider,
      jurisdiction: s.jurisdiction,
      zones: declared.length > 0 ? declared : [s.name],
      declaredZones: declared.length > 0,
    };
    if (!siteByName.has(s.name)) siteByName.set(s.name, site);
    sites.push(site);
    site.zones.forEach((z, zi) => {
      const other = zoneByName.get(z);
      if (other) {
        ctx.error(
          site.declaredZones ? ["spec", "sites", si, "zones", zi] : ["spec", "sites", si, "name"],
          "duplicate-name",
          `zone "${z}" already belongs to site "${other.site}"`,
          { suggestion: "zone names become topology.kubernetes.io/zone label values and must be unique in the fleet" },
        );
        return;
      }
      const zone = { name: z, site: s.name, region };
      zoneByName.set(z, zone);
      zones.push(zone);
    });
  });

  const sameZoneMs = parseDuration(spec.latency.sameZone) ?? 0.2;
  const sameSiteMs = parseDuration(spec.latency.sameSite) ?? 1;
  const links = new Map<string, number>();
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const known = [...siteByName.keys(), ...zoneByName.keys()];
  (spec.latency.links ?? []).forEach((link, i) => {
    const [a, b] = link.between;
    let ok = true;
    link.between.forEach((end, j) => {
      if (!siteByName.has(end) && !zoneByName.has(end)) {
        ctx.unresolved(["spec", "latency", "links", i, "between", j], "site or zone", end, known);
        ok = false;
      }
    });
    if (!ok) return;
    if (a === b) {
      ctx.error(["spec", "latency", "links", i, "between"], "invalid-value", `a latency link needs two different ends, got "${a}" twice`);
      return;
    }
    const k = key(a, b);
    if (links.has(k)) {
      ctx.error(["spec", "latency", "links", i], "duplicate-name", `the RTT between "${a}" and "${b}" is given twice`);
      return;
    }
    links.set(k, parseDuration(link.rtt) ?? 0);
  });

  const rtt = (a: string, b: string): Rtt => {
    const za = zoneByName.get(a);
    const zb = zoneByName.get(b);
    const siteA = za?.site ?? (siteByName.has(a) ? a : undefined);
    const siteB = zb?.site ?? (siteByName.has(b) ? b : undefined);
    if (a === b) return { ms: za ? sameZoneMs : siteByName.has(a) && siteByName.get(a)!.zones.length === 1 ? sameZoneMs : sameSiteMs, origin: "default" };
    const direct = links.get(key(a, b));
    if (direct !== undefined) return { ms: direct, origin: "declared" };
    if (siteA !== undefined && siteA === siteB) {
      return { ms: sameSiteMs, origin: "default" };
    }
    if (siteA !== undefined && siteB !== undefined) {
      const viaSites = links.get(key(siteA, siteB));
      if (viaSites !== undefined) return { ms: viaSites, origin: "declared" };
    }
    return { ms: Infinity, origin: "unknown" };
  };

  return { sites, zones, siteByName, zoneByName, rtt };
}
