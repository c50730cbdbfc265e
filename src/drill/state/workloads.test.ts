import { describe, expect, it } from "vitest";
import { kubernetesTimingDefaults } from "../../catalog/kubernetes-timing.js";
import { STARTUP_ANNOTATION, startupTime } from "./workloads.js";

const timing = kubernetesTimingDefaults(31);

describe("pod startup time", () => {
  it("podStartup plus the slowest container's startup and readiness probes", () => {
    const spec = {
      containers: [
        { name: "app", startupProbe: { initialDelaySeconds: 5, periodSeconds: 10 }, readinessProbe: { initialDelaySeconds: 2, periodSeconds: 5, successThreshold: 2 } },
        { name: "sidecar", readinessProbe: { periodSeconds: 3 } },
      ],
    };
    // app: (5 + 10) + (2 + 5 × 2) = 27 s; sidecar: 0 + 3 × 1 = 3 s.
    expect(startupTime(spec, {}, timing)).toEqual({ ms: 10_000 + 27_000, basis: "podStartup 10s + startupProbe 5s + 10s + readinessProbe 2s + 5s × 2 (app)" });
  });

  it("probe defaults: periodSeconds 10, successThreshold 1; no probe: podStartup alone", () => {
    expect(startupTime({ containers: [{ name: "c", readinessProbe: { httpGet: { path: "/" } } }] }, {}, timing).ms).toBe(20_000);
    expect(startupTime({ containers: [{ name: "c" }] }, {}, timing)).toEqual({ ms: 10_000, basis: "podStartup 10s" });
  });

  it(`the ${STARTUP_ANNOTATION} annotation sets it outright; a malformed one is ignored`, () => {
    const spec = { containers: [{ name: "c", readinessProbe: { periodSeconds: 30 } }] };
    expect(startupTime(spec, { [STARTUP_ANNOTATION]: "45s" }, timing)).toEqual({ ms: 45_000, basis: `${STARTUP_ANNOTATION}: 45s` });
    expect(startupTime(spec, { [STARTUP_ANNOTATION]: "soon" }, timing).ms).toBe(40_000);
  });
});
