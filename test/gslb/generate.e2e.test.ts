/** `hactl gslb generate`: manifests per instance and the parent zone's NS delegation, from a real fleet. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { loadGslbConfig } from "../../src/gslb/config/load.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { writeDoc } from "./fixtures.js";

const FLEET = join(ROOT, "examples", "active-active", "fleet.yaml");

describe("hactl gslb generate", () => {
  it("writes one instance per peer and the delegation records", async () => {
    const out = mkdtempSync(join(tmpdir(), "hactl-gen-"));
    const r = await runCli(["gslb", "generate", "-f", FLEET, "--out", out, "--image", "registry.example/hactl:test"], { env: { HACTL_GSLB_PEER_SECRET: "shared", HACTL_GSLB_ADMIN_TOKEN: "tok" } });
    expect(r.code).toBe(0);
    const config = loadGslbConfig([FLEET]).config!;
    const instances = config.peers.map((p) => p.name);
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of instances) {
      const docs = parseAllDocuments(readFileSync(join(out, instance, "gslb.yaml"), "utf8")).map((d) => d.toJSON() as { kind: string; [k: string]: unknown });
      expect(docs.map((d) => d.kind)).toEqual(["Namespace", "ConfigMap", "Secret", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "PodDisruptionBudget", "Service", "Service"]);
      const deploy = docs[6] as unknown as { spec: { template: { spec: { containers: { image: string; args: string[]; readinessProbe: { httpGet: { path: string } } }[]; terminationGracePeriodSeconds: number } } } };
      const c = deploy.spec.template.spec.containers[0]!;
      expect(c.image).toBe("registry.example/hactl:test");
      expect(c.args).toEqual(["gslb", "serve", "-f", "/etc/hactl/gslb.yaml", "--instance", instance, "--cluster", instance]);
      expect(c.readinessProbe.httpGet.path).toBe("/readyz");
      expect(deploy.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(config.lameDuckMs / 1000);
      const secret = docs[2] as unknown as { stringData: Record<string, string> };
      expect(secret.stringData).toEqual({ HACTL_GSLB_PEER_SECRET: "shared", HACTL_GSLB_ADMIN_TOKEN: "tok" });
      // The shipped config is a standalone kind: GSLB document that loads on its own, regions included.
      const shipped = parse((docs[1] as unknown as { data: Record<string, string> }).data["gslb.yaml"]!) as Record<string, unknown>;
      const standalone = loadGslbConfig([writeDoc(shipped)]);
      expect(standalone.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(standalone.config!.hostnames.map((h) => h.targets.map((t) => t.region))).toEqual(config.hostnames.map((h) => h.targets.map((t) => t.region)));
    }
    const zone = readFileSync(join(out, "delegation.zone"), "utf8");
    for (const z of config.zones) for (const ns of z.nameservers) expect(zone).toContain(`${z.name}.\t${z.soaTtl}\tIN\tNS\t${ns.name}.`);
    const d = await runCli(["gslb", "generate", "-f", FLEET, "--delegation"]);
    expect(d.stdout).toBe(zone);
  });

  it("explains what is missing when the fleet has no gslb settings", async () => {
    const file = writeDoc({ apiVersion: "hactl.dev/v1alpha1", kind: "GSLB", metadata: { name: "x" }, spec: { hostnames: [] } });
    const r = await runCli(["gslb", "generate", "-f", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gslb\.yaml:\d+:\d+: error: spec: spec has no `gslb` settings/);
  });
});
