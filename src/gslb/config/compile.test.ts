import { describe, expect, it } from "vitest";
import { gslbDoc, writeDoc } from "../../../test/gslb/fixtures.js";
import { loadGslbConfig } from "./load.js";

const errors = (doc: Record<string, unknown>) =>
  loadGslbConfig([writeDoc(doc)]).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`);

describe("GSLB config", () => {
  it("compiles zones, SOA, targets and defaults", () => {
    const r = loadGslbConfig([writeDoc(gslbDoc([{ name: "App.GSLB.test.", healthCheck: { protocol: "HTTPS" }, targets: [{ cluster: "fra", addresses: ["192.0.2.1"] }, { cluster: "ams", addresses: ["192.0.2.2"], priority: 5 }] }]))]);
    const c = r.config!;
    expect(c.zones[0]!.soa).toMatchObject({ serial: 42, minimum: 15, refresh: 3600 });
    const h = c.hostnames[0]!;
    expect([h.name, h.ttl, h.check.port, h.check.host, h.check.intervalMs, h.check.fall]).toEqual(["app.gslb.test", 30, 443, "app.gslb.test", 10_000, 3]);
    expect(h.targets.map((t) => [t.id, t.priority])).toEqual([["app.gslb.test/fra", 0], ["app.gslb.test/ams", 5]]);
    expect(r.document).toMatchObject({ kind: "GSLB" });
  });

  it("locates what the schema cannot check", () => {
    expect(errors(gslbDoc([{ name: "app.other.test", targets: [{ cluster: "fra", addresses: ["192.0.2.1"] }] }]))).toEqual([
      "20:13 spec.hostnames[0].name: host name app.other.test is not inside any zone the GSLB serves (gslb.test)",
    ]);
    const geo = errors(gslbDoc([{ name: "g.gslb.test", strategy: "geo", targets: [{ cluster: "fra", addresses: ["192.0.2.1"] }] }], { geo: { regions: { eu: ["10.0.0.0/8"] }, order: { eu: ["us"] } } }));
    expect(geo.join("\n")).toContain('spec.hostnames[0].targets[0]: target fra of the geo host name g.gslb.test has no region');
    expect(geo.join("\n")).toContain('spec.gslb.geo.order.eu[0]: region "us" is neither in geo.regions nor a target\'s region');
  });

  it("reports a missing config and several configs as errors", () => {
    const none = loadGslbConfig([writeDoc({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } })]);
    expect(none.diagnostics[0]!.message).toMatch(/^no GSLB configuration in .*: expected a Fleet with spec.traffic, or a kind: GSLB document$/);
  });
});
