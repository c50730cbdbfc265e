/**
 * Quorum across GSLB instances, end to end: three `hactl gslb serve` processes sharing observations
 * over the HMAC-authenticated peer API. A target is down only when a majority sees it down; an
 * instance cut off from its peers does not fail over on its own.
 */
import { afterAll, describe, expect, it } from "vitest";
import { gslbDoc, writeDoc } from "./fixtures.js";
import { dig, freePort, HttpTarget, serve, until, type Served } from "./helpers.js";

const SECRET = "peer-secret-for-tests";

describe("peers and quorum", () => {
  const running: Served[] = [];
  const targets: HttpTarget[] = [];
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop("SIGKILL")));
    await Promise.all(targets.map((t) => t.stop()));
  });

  it("a lone partitioned instance does not fail over; a majority does", async () => {
    const port = await freePort();
    const fra = new HttpTarget("127.0.0.1", port);
    const ams = new HttpTarget("127.0.0.2", port);
    targets.push(fra, ams);
    await Promise.all([fra.start(), ams.start()]);
    const adminPorts = [await freePort(), await freePort(), await freePort()];
    const names = ["a", "b", "c"];
    const doc = (peers: { name: string; url: string }[]) =>
      gslbDoc(
        [
          {
            name: "app.gslb.test",
            healthCheck: { protocol: "HTTP", port, interval: "300ms", timeout: "200ms", fall: 2, rise: 2 },
            targets: [{ cluster: "fra", addresses: ["127.0.0.1"] }, { cluster: "ams", addresses: ["127.0.0.2"] }],
          },
        ],
        { peers, peerTimeout: "5s" },
      );
    const peers = names.map((n, i) => ({ name: n, url: `http://127.0.0.1:${adminPorts[i]}` }));

    // Instance "c" is partitioned: its peers' URLs point at closed ports, so it hears no votes.
    const cut = peers.map((p) => (p.name === "c" ? p : { ...p, url: `http://127.0.0.1:${1}` }));
    const files = [writeDoc(doc(peers)), writeDoc(doc(peers)), writeDoc(doc(cut))];
    for (let i = 0; i < 3; i++) {
      running.push(await serve(files[i]!, ["--instance", names[i]!, "--admin", `127.0.0.1:${adminPorts[i]}`], { HACTL_GSLB_PEER_SECRET: SECRET }));
    }
    const [a, b, c] = running as [Served, Served, Served];
    // a and b see each other's votes (and c's); c sees nobody.
    await until(async () => {
      const s = (await (await fetch(`${a.admin}/status`)).json()) as { hostnames: { targets: { endpoints: { votes: Record<string, boolean | undefined> }[] }[] }[] };
      const votes = s.hostnames[0]!.targets[0]!.endpoints[0]!.votes;
      return votes["a"] === true && votes["b"] === true && votes["c"] === true;
    }, 10_000, "a to hear votes from b and c");

    // Only c stops seeing fra: simulate it by taking fra down for everybody, then check c alone first.
    await fra.stop();
    // c: 1 of 3 votes down → no failover, however long it waits.
    await new Promise((r) => setTimeout(r, 1500));
    const cStatus = (await (await fetch(`${c.admin}/status`)).json()) as { hostnames: { targets: { endpoints: { up: boolean; verdict: string }[] }[] }[] };
    const cFra = cStatus.hostnames[0]!.targets[0]!.endpoints[0]!;
    expect(cFra.up).toBe(true);
    expect(cFra.verdict).toBe("only 1 of 3 instances see it down (majority 2 needed); no fresh vote from a, b");
    expect((await dig(c.dnsPort, ["app.gslb.test", "A"])).answers.map((r) => r.data)).toEqual(["127.0.0.1"]);

    // a and b: both see fra down (2 of 3, with c's vote too) → fail over.
    const ms = await until(async () => (await dig(a.dnsPort, ["app.gslb.test", "A"])).answers[0]?.data === "127.0.0.2", 5000, "a to fail over");
    console.log(`quorum failover on instance a: ${ms} ms after the partitioned check; instance c (alone) kept answering fra`);
    expect((await dig(b.dnsPort, ["app.gslb.test", "A"])).answers.map((r) => r.data)).toEqual(["127.0.0.2"]);
    const aStatus = (await (await fetch(`${a.admin}/status`)).json()) as { hostnames: { targets: { endpoints: { verdict: string }[] }[] }[] };
    expect(aStatus.hostnames[0]!.targets[0]!.endpoints[0]!.verdict).toMatch(/^[23] of 3 instances see it down \(majority 2\)$/);

    // A peer with the wrong secret is refused.
    const wrong = await fetch(`${a.admin}/peer/v1/observations`, { headers: { "x-hactl-peer": `b:${Date.now()}:${"0".repeat(64)}` } });
    expect(wrong.status).toBe(401);
    await fra.start();
  }, 60_000);
});
