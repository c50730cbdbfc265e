/**
 * `hactl gslb serve` end to end: the built CLI as a process, real HTTP targets on 127.0.0.x that are
 * stopped and started, and Debian's `dig` as the client.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../helpers/cli.js";
import { gslbDoc, writeDoc } from "./fixtures.js";
import { dig, freePort, HttpTarget, serve, until, type Served } from "./helpers.js";

const INTERVAL_MS = 500;
const FALL = 2;
const TOKEN = "e2e-admin-token";

describe("hactl gslb serve", () => {
  let port: number;
  let fra: HttpTarget;
  let fra6: HttpTarget;
  let ams: HttpTarget;
  let any: HttpTarget;
  let srv: Served;
  let file: string;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    port = await freePort();
    fra = new HttpTarget("127.0.0.1", port);
    fra6 = new HttpTarget("::1", port);
    ams = new HttpTarget("127.0.0.2", port);
    // Listens on every loopback address: 40 healthy addresses for the truncation case.
    any = new HttpTarget("0.0.0.0", await freePort());
    await Promise.all([fra.start(), fra6.start(), ams.start(), any.start()]);
    doc = gslbDoc(
      [
        {
          name: "shop.gslb.test",
          strategy: "failover",
          ttl: "30s",
          healthCheck: { protocol: "HTTP", port, path: "/healthz", interval: `${INTERVAL_MS}ms`, timeout: "300ms", fall: FALL, rise: 2, bodyMatch: "ok" },
          targets: [
            { cluster: "fra", addresses: ["127.0.0.1", "::1"] },
            { cluster: "ams", addresses: ["127.0.0.2"] },
          ],
        },
        {
          name: "many.gslb.test",
          strategy: "round-robin",
          healthCheck: { protocol: "TCP", port: any.port, interval: "1s", timeout: "300ms" },
          targets: [{ cluster: "fra", addresses: Array.from({ length: 40 }, (_, i) => `127.0.1.${i + 1}`) }],
        },
      ],
      { ramp: "0s", lameDuck: "2s" },
    );
    file = writeDoc(doc);
    srv = await serve(file, ["--instance", "e2e"], { HACTL_GSLB_ADMIN_TOKEN: TOKEN });
  }, 30_000);

  afterAll(async () => {
    await srv?.stop("SIGKILL");
    await Promise.all([fra?.stop(), fra6?.stop(), ams?.stop(), any?.stop()]);
  });

  it("answers A/AAAA with AA and the TTL, NXDOMAIN/NODATA with the SOA, REFUSED outside", async () => {
    const a = await dig(srv.dnsPort, ["shop.gslb.test", "A"]);
    expect(a.status).toBe("NOERROR");
    expect(a.flags).toContain("aa");
    expect(a.flags).not.toContain("ra");
    expect(a.answers).toEqual([{ name: "shop.gslb.test.", ttl: 30, type: "A", data: "127.0.0.1" }]);
    const aaaa = await dig(srv.dnsPort, ["ShOp.GSLB.test", "AAAA"]);
    expect(aaaa.answers.map((r) => r.data)).toEqual(["::1"]);
    const nx = await dig(srv.dnsPort, ["nothing.gslb.test", "A"]);
    expect(nx.status).toBe("NXDOMAIN");
    expect(nx.authority[0]).toMatchObject({ name: "gslb.test.", type: "SOA", ttl: 15 });
    const nodata = await dig(srv.dnsPort, ["shop.gslb.test", "MX"]);
    expect([nodata.status, nodata.answers.length, nodata.authority[0]?.type]).toEqual(["NOERROR", 0, "SOA"]);
    expect((await dig(srv.dnsPort, ["example.com", "A"])).status).toBe("REFUSED");
    const ns = await dig(srv.dnsPort, ["gslb.test", "NS"]);
    expect(ns.answers.map((r) => r.data)).toEqual(["ns1.gslb.test."]);
  });

  it("truncates big answers over UDP (dig retries over TCP) and serves TCP", async () => {
    const udp = await dig(srv.dnsPort, ["many.gslb.test", "A", "+noedns", "+ignore"]);
    expect(udp.flags).toContain("tc");
    expect(udp.answers).toHaveLength(0);
    const retried = await dig(srv.dnsPort, ["many.gslb.test", "A", "+noedns"]);
    expect(retried.raw).toContain("Truncated, retrying in TCP mode");
    expect(retried.answers).toHaveLength(40);
    const tcp = await dig(srv.dnsPort, ["shop.gslb.test", "A", "+tcp"]);
    expect([tcp.transport, tcp.answers.map((r) => r.data)]).toEqual(["TCP", ["127.0.0.1"]]);
    const edns = await dig(srv.dnsPort, ["many.gslb.test", "A", "+bufsize=1232"]);
    expect([edns.flags.includes("tc"), edns.answers.length]).toEqual([false, 40]);
  });

  it("fails over within interval × fall + one interval, lowers the TTL, and fails back", async () => {
    await Promise.all([fra.stop(), fra6.stop()]);
    const started = Date.now();
    const ms = await until(async () => (await dig(srv.dnsPort, ["shop.gslb.test", "A"])).answers[0]?.data === "127.0.0.2", 5000, "failover to ams", 20);
    const bound = INTERVAL_MS * FALL + INTERVAL_MS;
    console.log(`failover: answer changed ${ms} ms after the target went down (bound ${bound} ms = interval ${INTERVAL_MS} × fall ${FALL} + interval)`);
    expect(Date.now() - started).toBeLessThanOrEqual(bound + 100);
    expect(ms).toBeLessThanOrEqual(bound);
    const degraded = await dig(srv.dnsPort, ["shop.gslb.test", "A"]);
    expect(degraded.answers[0]!.ttl).toBeLessThan(30);
    const aaaa = await dig(srv.dnsPort, ["shop.gslb.test", "AAAA"]);
    expect(aaaa.answers.map((r) => r.data)).toEqual(["::1"]); // no healthy IPv6 target: all (allDown: all)
    await Promise.all([fra.start(), fra6.start()]);
    const back = await until(async () => (await dig(srv.dnsPort, ["shop.gslb.test", "A"])).answers[0]?.data === "127.0.0.1", 5000, "fail-back to fra", 20);
    console.log(`fail-back: answer changed ${back} ms after the target came back (rise 2 × interval ${INTERVAL_MS})`);
    const status = await (await fetch(`${srv.admin}/status`)).json() as { events: { change: string }[] };
    expect(status.events.some((e) => e.change.startsWith("probe down (ECONNREFUSED"))).toBe(true);
    const metrics = await (await fetch(`${srv.admin}/metrics`)).text();
    expect(metrics).toMatch(/hactl_gslb_failovers_total\{hostname="shop.gslb.test"\} [1-9]/);
    expect(metrics).toMatch(/hactl_gslb_dns_queries_total\{name="shop.gslb.test",type="A",rcode="NOERROR",strategy="failover"\} \d+/);
    expect(metrics).toContain("hactl_gslb_dns_answer_duration_seconds_bucket");
    expect(metrics).toContain('hactl_gslb_probe_duration_seconds_count{protocol="HTTP",target="127.0.0.1"}');
  });

  it("a body that does not match fails the probe", async () => {
    ams.body = "maintenance";
    fra.status = 503;
    fra6.status = 503;
    await until(async () => (await dig(srv.dnsPort, ["shop.gslb.test", "A"])).answers.length === 2, 5000, "all down → all targets");
    const explain = await runCli(["gslb", "explain", "shop.gslb.test", "--admin", srv.admin]);
    expect(JSON.parse(explain.stdout).rule).toBe("all down: answering every target (allDown: all) — fra, ams");
    ams.body = "ok";
    fra.status = 200;
    fra6.status = 200;
    await until(async () => (await dig(srv.dnsPort, ["shop.gslb.test", "A"])).answers.map((r) => r.data).join() === "127.0.0.1", 5000, "recovered");
  });

  it("drains with the TTL lowered first, undrains with a ramp, and explains answers", async () => {
    const denied = await runCli(["gslb", "drain", "fra", "--admin", srv.admin, "--token", "wrong"]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain("failed (401): wrong token");
    const d = await runCli(["gslb", "drain", "shop.gslb.test/fra", "--admin", srv.admin, "--token", TOKEN]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/TTL lowered now; withdrawn at .* once the old TTL has run out/);
    const lowering = await dig(srv.dnsPort, ["shop.gslb.test", "A"]);
    expect(lowering.answers).toEqual([{ name: "shop.gslb.test.", ttl: 1, type: "A", data: "127.0.0.1" }]);
    const status = JSON.parse((await runCli(["gslb", "status", "--admin", srv.admin, "-o", "json"])).stdout) as { hostnames: { targets: { id: string; drain: { phase: string } }[] }[] };
    expect(status.hostnames[0]!.targets[0]!.drain.phase).toBe("lowering");
    const u = await runCli(["gslb", "undrain", "fra", "--ramp", "60s", "--admin", srv.admin], { env: { HACTL_GSLB_ADMIN_TOKEN: TOKEN } });
    expect(u.code).toBe(0);
    expect(u.stdout).toContain("shop.gslb.test/fra: ramping up until");
    const e = JSON.parse((await runCli(["gslb", "explain", "shop.gslb.test", "--admin", srv.admin])).stdout) as { rule: string; choices: { weight: number }[] };
    expect(e.rule).toContain("ramping fra at 10%");
    expect(e.choices.map((c) => Math.round(c.weight * 10) / 10)).toEqual([0.1, 0.9]);
    const picks = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const r = await dig(srv.dnsPort, ["shop.gslb.test", "A"]);
      picks.set(r.answers[0]!.data, (picks.get(r.answers[0]!.data) ?? 0) + 1);
    }
    expect(picks.get("127.0.0.2") ?? 0).toBeGreaterThan(picks.get("127.0.0.1") ?? 0);
    const trace = JSON.parse((await runCli(["gslb", "trace", "shop.gslb.test", "--limit", "1", "--admin", srv.admin])).stdout) as { traces: { rule: string; client: string; healthGeneration: number }[] };
    expect(trace.traces[0]).toMatchObject({ client: "127.0.0.1" });
    expect(trace.traces[0]!.rule).toMatch(/failover: priority 0 \(fra\); ramping fra at \d+%/);
    await runCli(["gslb", "undrain", "fra", "--ramp", "0", "--admin", srv.admin, "--token", TOKEN]);
  });

  it("keeps the running config when a reload is invalid, and applies a valid one", async () => {
    const spec = doc.spec as { hostnames: { ttl: string }[] };
    writeFileSync(file, stringify(doc).replace("ttl: 30s", "ttl: 30 seconds"));
    srv.proc.kill("SIGHUP");
    await srv.waitLog(/config rejected, the running config stays/);
    expect(srv.log()).toMatch(/gslb\.yaml:\d+:\d+: error: spec\.hostnames\[0\]\.ttl: "30 seconds" is not valid here/);
    expect((await dig(srv.dnsPort, ["shop.gslb.test", "A"])).answers[0]!.ttl).toBe(30);
    spec.hostnames[0]!.ttl = "45s";
    writeFileSync(file, stringify(doc));
    await srv.waitLog(/config reloaded/);
    await until(async () => (await dig(srv.dnsPort, ["shop.gslb.test", "A"])).answers[0]?.ttl === 45, 5000, "new TTL");
  });

  it("shuts down gracefully: readyz 503 and DNS still answering during the lame duck", async () => {
    srv.proc.kill("SIGTERM");
    await until(async () => (await fetch(`${srv.admin}/readyz`)).status === 503, 2000, "readyz 503");
    expect((await dig(srv.dnsPort, ["shop.gslb.test", "A"])).status).toBe("NOERROR");
    expect(await srv.stop()).toBe(0);
    expect(srv.log()).toContain("stopped");
  });
});

describe("hactl gslb serve with bad input", () => {
  it("reports an invalid config with file:line:col and exits 2", async () => {
    const file = writeDoc(gslbDoc([{ name: "shop.elsewhere.test", targets: [{ cluster: "fra", addresses: ["192.0.2.1"] }] }]));
    const r = await runCli(["gslb", "serve", "-f", file, "--dns", "127.0.0.1:0", "--admin", "127.0.0.1:0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gslb\.yaml:\d+:\d+: error: spec\.hostnames\[0\]\.name: host name shop\.elsewhere\.test is not inside any zone the GSLB serves \(gslb\.test\)/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it("rejects a bad --dns flag", async () => {
    const r = await runCli(["gslb", "serve", "-f", "x.yaml", "--dns", "localhost"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dns "localhost" is not host:port');
  });
});
