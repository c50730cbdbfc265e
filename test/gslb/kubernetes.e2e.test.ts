/**
 * Kubernetes readiness as a second health signal: a small fake API server on 127.0.0.1 serves
 * EndpointSlices; `hactl gslb serve` reads them through @kubernetes/client-node with a kubeconfig
 * context per cluster, and fails over when the Service has no ready endpoint although the HTTP probe
 * still passes.
 */
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { gslbDoc, writeDoc } from "./fixtures.js";
import { dig, freePort, HttpTarget, serve, until, type Served } from "./helpers.js";

describe("Kubernetes readiness", () => {
  let api: Server | undefined;
  let srv: Served | undefined;
  const targets: HttpTarget[] = [];
  afterAll(async () => {
    await srv?.stop("SIGKILL");
    await Promise.all(targets.map((t) => t.stop()));
    api?.closeAllConnections();
    await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  });

  it("combines EndpointSlice readiness with the probes", async () => {
    let ready = true;
    const requests: string[] = [];
    api = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
      const url = new URL(req.url ?? "/", "http://api");
      if (url.pathname !== "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices" || url.searchParams.get("labelSelector") !== "kubernetes.io/service-name=web") {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code: 404 }));
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "EndpointSliceList",
          apiVersion: "discovery.k8s.io/v1",
          metadata: { resourceVersion: "1" },
          items: [
            {
              metadata: { name: "web-abc", namespace: "shop", labels: { "kubernetes.io/service-name": "web" } },
              addressType: "IPv4",
              endpoints: [{ addresses: ["10.244.1.5"], conditions: { ready } }],
              ports: [{ name: "http", port: 8080, protocol: "TCP" }],
            },
          ],
        }),
      );
    });
    await new Promise<void>((r) => api!.listen(0, "127.0.0.1", () => r()));
    const apiPort = (api.address() as { port: number }).port;

    const port = await freePort();
    const fra = new HttpTarget("127.0.0.1", port);
    const ams = new HttpTarget("127.0.0.2", port);
    targets.push(fra, ams);
    await Promise.all([fra.start(), ams.start()]);

    const file = writeDoc(
      gslbDoc(
        [
          {
            name: "web.gslb.test",
            healthCheck: { protocol: "HTTP", port, interval: "300ms", timeout: "200ms", fall: 2, rise: 2 },
            targets: [
              { cluster: "fra", addresses: ["127.0.0.1"], service: { namespace: "shop", name: "web" } },
              { cluster: "ams", addresses: ["127.0.0.2"] },
            ],
          },
        ],
        { kubernetes: { contexts: { fra: "fra-admin" } } },
      ),
    );
    const kubeconfig = join(dirname(file), "kubeconfig");
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        // A plain-HTTP fake API server: client-node only allows http with insecure-skip-tls-verify.
        clusters: [{ name: "fra", cluster: { server: `http://127.0.0.1:${apiPort}`, "insecure-skip-tls-verify": true } }],
        users: [{ name: "gslb", user: { token: "fake-token" } }],
        contexts: [{ name: "fra-admin", context: { cluster: "fra", user: "gslb" } }],
        "current-context": "fra-admin",
      }),
    );
    srv = await serve(file, [], { KUBECONFIG: kubeconfig });
    await until(async () => requests.length > 0, 5000, "a request to the fake API server").catch((e: Error) => {
      throw new Error(`${e.message}\n${srv!.log()}`);
    });
    expect(requests[0]).toMatch(/^GET \/apis\/discovery\.k8s\.io\/v1\/namespaces\/shop\/endpointslices\?labelSelector=kubernetes\.io%2Fservice-name%3Dweb Bearer fake-token$/);
    expect((await dig(srv.dnsPort, ["web.gslb.test", "A"])).answers.map((r) => r.data)).toEqual(["127.0.0.1"]);

    ready = false; // the pods are not ready; the HTTP probe still passes
    const ms = await until(async () => (await dig(srv!.dnsPort, ["web.gslb.test", "A"])).answers[0]?.data === "127.0.0.2", 5000, "failover on readiness");
    console.log(`readiness failover: ${ms} ms after the EndpointSlice turned not ready`);
    const status = (await (await fetch(`${srv.admin}/status`)).json()) as { hostnames: { targets: { kubernetes?: { ready: boolean; detail: string }; endpoints: { local: { up: boolean } }[] }[] }[] };
    const t = status.hostnames[0]!.targets[0]!;
    expect(t.kubernetes).toMatchObject({ ready: false, detail: "0/1 endpoints of shop/web ready" });
    expect(t.endpoints[0]!.local.up).toBe(true);

    ready = true;
    await until(async () => (await dig(srv!.dnsPort, ["web.gslb.test", "A"])).answers.map((r) => r.data).includes("127.0.0.1"), 5000, "back on fra");
    await srv.stop("SIGKILL");

    // kubectl's flags instead of gslb.kubernetes and $KUBECONFIG: --kubeconfig, --context for this
    // instance's own cluster (--cluster).
    const plain = writeDoc(gslbDoc([{ name: "web.gslb.test", healthCheck: { protocol: "HTTP", port, interval: "300ms", timeout: "200ms", fall: 2, rise: 2 }, targets: [{ cluster: "fra", addresses: ["127.0.0.1"], service: { namespace: "shop", name: "web" } }, { cluster: "ams", addresses: ["127.0.0.2"] }] }]));
    const seen = requests.length;
    srv = await serve(plain, ["--cluster", "fra", "--kubeconfig", kubeconfig, "--context", "fra-admin"], { KUBECONFIG: "/nonexistent" });
    await until(async () => requests.length > seen, 5000, "a request through --kubeconfig/--context").catch((e: Error) => {
      throw new Error(`${e.message}\n${srv!.log()}`);
    });
    expect(requests[seen]).toMatch(/Bearer fake-token$/);
  }, 30_000);
});

describe("hactl gslb serve kubeconfig flags", () => {
  it("rejects a missing --kubeconfig and --context without --cluster with exit 2", async () => {
    const { runCli } = await import("../helpers/cli.js");
    const file = writeDoc(gslbDoc([{ name: "web.gslb.test", targets: [{ cluster: "fra", addresses: ["127.0.0.1"] }] }]));
    const missing = await runCli(["gslb", "serve", "-f", file, "--kubeconfig", "/nope/config"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--kubeconfig \/nope\/config: no such file/);
    const orphan = await runCli(["gslb", "serve", "-f", file, "--context", "x"]);
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toMatch(/--context needs --cluster/);
  });
});
