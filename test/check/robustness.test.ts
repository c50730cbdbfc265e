/**
 * Rules never crash on malformed manifests: random values (strings, numbers, nulls, lists, maps) in
 * the fields rules read must give findings or silence, never an exception (which would be exit 3).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { check, RULES } from "../../src/check/index.js";
import { loadInputs } from "../../src/model/load/index.js";
import { deployment, fleet, goodPdb, hpa, pvc, service, statefulSet, storageClass } from "./builders.js";

type Obj = Record<string, unknown>;

const junk = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 5 }),
  fc.boolean(),
  fc.array(fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.integer(), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 })), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom("port", "type", "seconds", "key", "values", "matchLabels", "operator"), fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

/** Paths rules read, relative to a Deployment/StatefulSet body. */
const PATHS: (string | number)[][] = [
  ["spec", "replicas"],
  ["spec", "selector"],
  ["spec", "strategy"],
  ["spec", "strategy", "rollingUpdate", "maxUnavailable"],
  ["spec", "updateStrategy", "rollingUpdate"],
  ["spec", "serviceName"],
  ["spec", "template", "metadata", "labels"],
  ["spec", "template", "spec", "containers"],
  ["spec", "template", "spec", "containers", 0, "ports"],
  ["spec", "template", "spec", "containers", 0, "readinessProbe"],
  ["spec", "template", "spec", "containers", 0, "livenessProbe", "httpGet"],
  ["spec", "template", "spec", "containers", 0, "lifecycle", "preStop"],
  ["spec", "template", "spec", "containers", 0, "resources"],
  ["spec", "template", "spec", "containers", 0, "image"],
  ["spec", "template", "spec", "containers", 0, "env"],
  ["spec", "template", "spec", "initContainers"],
  ["spec", "template", "spec", "volumes"],
  ["spec", "template", "spec", "topologySpreadConstraints"],
  ["spec", "template", "spec", "topologySpreadConstraints", 0, "labelSelector"],
  ["spec", "template", "spec", "affinity"],
  ["spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"],
  ["spec", "template", "spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"],
  ["spec", "template", "spec", "nodeSelector"],
  ["spec", "template", "spec", "tolerations"],
  ["spec", "template", "spec", "terminationGracePeriodSeconds"],
];

function setPath(o: Obj, path: (string | number)[], v: unknown): void {
  let cur: any = o;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (cur[k] === null || typeof cur[k] !== "object") cur[k] = typeof path[i + 1] === "number" ? [] : {};
    cur = cur[k];
  }
  cur[path[path.length - 1]!] = v;
}

function base(kind: "Deployment" | "StatefulSet"): Obj {
  const b = (kind === "Deployment" ? deployment("app") : statefulSet("app").image("zookeeper:3.9")).replicas(3).spread("topology.kubernetes.io/zone");
  b.pod({ volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] });
  return b.obj();
}

describe("rules on malformed manifests", () => {
  it("never throw, with or without a fleet", () => {
    let reached = 0;
    fc.assert(
      fc.property(
        fc.constantFrom("Deployment" as const, "StatefulSet" as const),
        fc.array(fc.tuple(fc.constantFrom(...PATHS), junk), { minLength: 1, maxLength: 4 }),
        fc.tuple(junk, junk, junk),
        fc.boolean(),
        (kind, edits, [pdbJunk, hpaJunk, svcJunk], withFleet) => {
          const w = base(kind);
          for (const [p, v] of edits) setPath(w, p, v);
          const p = goodPdb("app");
          setPath(p, ["spec", "minAvailable"], pdbJunk);
          const h = hpa("app", { kind, name: "app" }, 2, 5);
          setPath(h, ["spec", "maxReplicas"], hpaJunk);
          const s = service("app", { app: "app" });
          setPath(s, ["spec", "clusterIP"], svcJunk);
          const docs: Obj[] = [...(withFleet ? [fleet()] : []), w, p, h, s, pvc("data", ["ReadWriteOnce"], "gp3"), storageClass("gp3", "ebs.csi.aws.com")];
          const text = docs.map((d) => stringify(d)).join("---\n");
          const loaded = loadInputs(["-"], { readStdin: () => text });
          // Inputs the loader rejects never reach the rules.
          if (loaded.diagnostics.some((d) => d.severity === "error")) return true;
          const enabledAll = Object.fromEntries(RULES.map((r) => [r.id, { enabled: true }]));
          reached++;
          const r = check({ fleets: loaded.fleets, objects: loaded.objects }, { config: { rules: enabledAll, ignorePaths: [] } });
          for (const f of r.findings) {
            expect(f.message).not.toMatch(/\{\{/);
            expect(f.location.line).toBeGreaterThan(0);
          }
          return true;
        },
      ),
      { numRuns: 250 },
    );
    // Most generated inputs load (the loader does not validate Kubernetes bodies), so the rules really ran.
    expect(reached).toBeGreaterThan(200);
  });
});
