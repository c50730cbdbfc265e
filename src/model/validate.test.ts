import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "yaml";
import { fullFleet, loadDraft, loadValid } from "./testing.js";

/** Every leaf path (to a scalar) and every map path in a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = []): { leaves: (string | number)[][]; maps: (string | number)[][] } {
  const out = { leaves: [] as (string | number)[][], maps: [] as (string | number)[][] };
  if (Array.isArray(v)) v.forEach((x, i) => merge(out, paths(x, [...prefix, i])));
  else if (v !== null && typeof v === "object") {
    out.maps.push(prefix);
    for (const [k, x] of Object.entries(v)) merge(out, paths(x, [...prefix, k]));
  } else out.leaves.push(prefix);
  return out;
}
function merge(a: ReturnType<typeof paths>, b: ReturnType<typeof paths>) {
  a.leaves.push(...b.leaves);
  a.maps.push(...b.maps);
}
function get(v: unknown, p: (string | number)[]): unknown {
  return p.reduce<unknown>((cur, k) => (cur as Record<string | number, unknown>)?.[k], v);
}

describe("validation", () => {
  it("accepts the fleet that uses every section", () => {
    const f = loadValid(fullFleet());
    expect(f.clusters.map((c) => c.name)).toEqual(["prod", "dr"]);
    expect(f.backups[0]!.maxIntervalMs).toBe(3_600_000);
    expect(f.traffic.hostnames[0]!.detectionMs).toBe(15_000);
    expect(f.dataServices[0]!.replicas.map((r) => r.lagMs)).toEqual([0, 5000]);
    expect(f.rtt("a", "x")).toEqual({ ms: 18, origin: "declared" });
    expect(f.rtt("a", "b")).toEqual({ ms: 1, origin: "default" });
    expect(f.rtt("a", "a")).toEqual({ ms: 0.2, origin: "default" });
    expect(f.clusters[1]!.objects.map((o) => o.metadata.name)).toEqual(["web", "web"]);
  });

  it("gives every problem in a broken fleet a file, line, column and field path", () => {
    const base = fullFleet();
    const { leaves, maps } = paths(base);
    const wrongValues = fc.constantFrom<unknown>(42, -1, "", "not a duration", true, null, [], {}, ["x"], { bogus: 1 }, 1.3, "1.30x", "zone-that-does-not-exist");
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("value" as const), path: fc.constantFrom(...leaves), value: wrongValues }),
      fc.record({ kind: fc.constant("typo" as const), path: fc.constantFrom(...maps.filter((m) => m.length > 0)), key: fc.stringMatching(/^[a-zA-Z]{3,10}$/) }),
      fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...leaves, ...maps.filter((m) => m.length > 1)) }),
    );
    let reported = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const draft = structuredClone(base) as Record<string, unknown>;
        for (const m of mutations) {
          const parent = get(draft, m.path.slice(0, -1)) as Record<string | number, unknown> | undefined;
          if (!parent || typeof parent !== "object") continue;
          const last = m.path[m.path.length - 1]!;
          if (m.kind === "value") parent[last] = m.value;
          else if (m.kind === "delete") {
            if (Array.isArray(parent)) parent.splice(last as number, 1);
            else delete parent[last];
          } else {
            const target = get(draft, m.path);
            if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, unknown>)[`${m.key}X`] = 1;
          }
        }
        const r = loadDraft(stringify(draft));
        reported += r.diagnostics.length;
        for (const d of r.diagnostics) {
          expect(d.file, d.message).toMatch(/fleet\.yaml$/);
          expect(d.line, d.message).toBeGreaterThanOrEqual(1);
          expect(d.column, d.message).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(5);
          if (!["yaml-syntax", "duplicate-object"].includes(d.code)) expect(d.path, d.message).toBeTruthy();
        }
      }),
      { numRuns: 150 },
    );
    // The mutations must actually break things for the property to mean anything.
    expect(reported).toBeGreaterThan(100);
  });

  it("never throws on arbitrary YAML-ish text and locates what it reports", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = loadDraft(`apiVersion: hactl.dev/v1alpha1\nkind: Fleet\n${text}`);
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
