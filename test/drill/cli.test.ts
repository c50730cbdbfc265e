/** `hactl drill` and `hactl drill merge` as users run them (the built CLI). */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const SINGLE = "examples/single-dc/fleet.yaml";

describe("hactl drill", () => {
  it("--fail: a node crash as JSON, with timeline, services and simplifications", async () => {
    const r = await runCli(["drill", "-f", SINGLE, "--fail", "node=nbg-worker-1", "-o", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.fleet).toBe("orders-nbg");
    expect(out.steps).toEqual([{ atMs: 0, action: "fail", target: "node nbg-worker-1 (prod-nbg)" }]);
    expect(out.timeline.some((e: { text: string }) => /Ready=Unknown/.test(e.text))).toBe(true);
    const web = out.services.find((s: { id: string }) => s.id === "Deployment/orders/web");
    expect(web).toMatchObject({ rtoMs: 0, capacityRtoMs: 366_000, verdict: "met" });
    // Unbounded durations are null in JSON.
    expect(out.services.find((s: { id: string }) => s.id === "StatefulSet/orders/redis-sentinel").capacityRtoMs).toBeNull();
    expect(out.simplifications.length).toBeGreaterThan(3);
  });

  it("table output names the mechanism and explains partial recoveries", async () => {
    const r = await runCli(["drill", "-f", SINGLE, "--fail", "node=nbg-worker-1", "-o", "table", "--no-timeline"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/orders\/web\s+workload\s+0s\s+6m6s\s+0s\s+5m \/ 1m\s+met\s+300s default toleration/);
    expect(r.stdout).toContain("at most one pod per identity");
    expect(r.stdout).toContain("Where hactl simplifies:");
  });

  it("--fail-on critical exits 1 when an objective is missed", async () => {
    const ok = await runCli(["drill", "-f", SINGLE, "--fail", "node=nbg-worker-1", "-o", "json", "--fail-on", "critical"]);
    expect(ok.code).toBe(0);
    // The sessions' 1 h objective is met by a restore from backup (40 min) but not with a 15 min one.
    const miss = await runCli(["drill", "-f", "examples/active-passive/fleet.yaml", "--fail", "site=fsn1", "-o", "json", "--fail-on", "critical"]);
    expect(miss.code).toBe(0);
    const strict = await runCli(["drill", "-f", "-", "--fail", "site=fsn1", "-o", "json", "--fail-on", "critical"], {
      stdin: readFileSync("examples/active-passive/fleet.yaml", "utf8").replace("        rto: 1h\n        rpo: 2h", "        rto: 15m\n        rpo: 2h"),
      cwd: "examples/active-passive",
    });
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).missed).toEqual(["data/redis"]);
  });

  it("--sweep --cluster runs one cluster's failure domains; -o yaml prints the same data", async () => {
    const r = await runCli(["drill", "-f", "examples/active-passive/fleet.yaml", "--sweep", "--cluster", "prod-hel1", "-o", "yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fleet: tickets-hcloud$/m);
    expect(r.stdout).toMatch(/scenario: node\/prod-hel1\/hel1-cp-1/);
    expect(r.stdout).not.toMatch(/scenario: node\/prod-fsn1/);
    const bad = await runCli(["drill", "-f", "examples/active-passive/fleet.yaml", "--sweep", "--cluster", "nope"]);
    expect(bad.stderr).toMatch(/--cluster "nope" is not a cluster of fleet tickets-hcloud/);
  });

  it("usage errors name the flag and suggest the fix", async () => {
    const none = await runCli(["drill", "-f", SINGLE]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/error: say what fails\n\s+hint: pass --fail node=NAME/);
    const typo = await runCli(["drill", "-f", SINGLE, "--fail", "node=nbg-wrker-1"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/node "nbg-wrker-1" does not exist/);
    expect(typo.stderr).toMatch(/nbg-worker-1/);
    const shard = await runCli(["drill", "-f", SINGLE, "--fail", "node=nbg-worker-1", "--shard", "1/2"]);
    expect(shard.stderr).toMatch(/--shard needs --sweep/);
    const bad = await runCli(["drill", "-f", SINGLE, "--sweep", "--shard", "3/2"]);
    expect(bad.stderr).toMatch(/--shard "3\/2" is not k\/N/);
    const scenario = await runCli(["drill", "-f", SINGLE, "--scenario", "nope"]);
    expect(scenario.stderr).toMatch(/no scenario "nope" in fleet orders-nbg/);
  });

  it("--sweep --shard k/N and merge give the unsharded sweep", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hactl-drill-"));
    const whole = await runCli(["drill", "-f", SINGLE, "--sweep", "-o", "json"]);
    expect(whole.code).toBe(0);
    const files: string[] = [];
    for (const k of [1, 2, 3]) {
      const s = await runCli(["drill", "-f", SINGLE, "--sweep", "--shard", `${k}/3`, "-o", "json"]);
      expect(s.code).toBe(0);
      files.push(join(dir, `shard-${k}.json`));
      writeFileSync(files.at(-1)!, s.stdout);
    }
    const merged = await runCli(["drill", "merge", ...files, "-o", "json"]);
    expect(merged.code).toBe(0);
    const a = JSON.parse(whole.stdout);
    const b = JSON.parse(merged.stdout);
    delete a.stats;
    delete b.stats;
    expect(b).toEqual(a);
    const partial = await runCli(["drill", "merge", files[0]!, "-o", "json"]);
    expect(partial.stderr).toMatch(/scenarios are in none of the files \(a shard is missing\)/);
    const table = await runCli(["drill", "merge", ...files, "-o", "table"]);
    expect(table.stdout).toMatch(/Worst case per service/);
  });
});
