import { describe, expect, it } from "vitest";
import { PEER_PATH, signRequest, signResponse, verifyRequest, verifyResponse } from "./protocol.js";
import { decideQuorum } from "./quorum.js";

const all = ["fra", "ams", "nyc"];
const now = 1_000_000;

describe("quorum", () => {
  it("a lone partitioned instance that sees a target down does not fail over", () => {
    const v = decideQuorum({ instance: "fra", up: false, at: now }, [], all, now, 30_000);
    expect(v.up).toBe(true);
    expect(v.reason).toBe("only 1 of 3 instances see it down (majority 2 needed); no fresh vote from ams, nyc");
  });
  it("a majority of instances seeing it down takes it down", () => {
    const v = decideQuorum({ instance: "fra", up: false, at: now }, [{ instance: "ams", up: false, at: now - 1000 }, { instance: "nyc", up: true, at: now }], all, now, 30_000);
    expect([v.up, v.downVotes, v.upVotes]).toEqual([false, 2, 1]);
  });
  it("stale votes and votes of unknown instances do not count", () => {
    const v = decideQuorum({ instance: "fra", up: false, at: now }, [{ instance: "ams", up: false, at: now - 60_000 }, { instance: "evil", up: false, at: now }], all, now, 30_000);
    expect(v.up).toBe(true);
    expect(v.missing).toEqual(["ams", "nyc"]);
  });
  it("a single instance decides alone", () => {
    expect(decideQuorum({ instance: "gslb", up: false, at: now }, [], ["gslb"], now, 30_000).up).toBe(false);
  });
});

describe("peer authentication", () => {
  it("accepts a signed request and rejects tampering, other secrets and replays", () => {
    const h = signRequest("s3cret", "ams", "GET", PEER_PATH, "", now);
    expect(verifyRequest("s3cret", h, "GET", PEER_PATH, "", now + 1000)).toEqual({ instance: "ams" });
    expect(verifyRequest("other", h, "GET", PEER_PATH, "", now)).toEqual({ error: "bad signature (different shared secret?)" });
    expect(verifyRequest("s3cret", h.replace("ams", "nyc"), "GET", PEER_PATH, "", now)).toHaveProperty("error");
    expect(verifyRequest("s3cret", h, "GET", PEER_PATH, "", now + 10 * 60_000)).toHaveProperty("error");
    expect(verifyRequest("s3cret", undefined, "GET", PEER_PATH, "", now)).toEqual({ error: "missing x-hactl-peer header" });
  });
  it("signs responses so a peer cannot be impersonated", () => {
    const body = JSON.stringify({ instance: "fra", at: now, votes: {} });
    const sig = signResponse("k", body, now);
    expect(verifyResponse("k", sig, body, now)).toBe(true);
    expect(verifyResponse("k", sig, body.replace("fra", "nyc"), now)).toBe(false);
    expect(verifyResponse("x", sig, body, now)).toBe(false);
  });
});
