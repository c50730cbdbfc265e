import { describe, expect, it } from "vitest";
import { compileNodeSelectorTerms, podRequests, requiredNodeAffinity, toleratesTaint } from "./pod.js";

const c = (requests: Record<string, string>, extra: Record<string, unknown> = {}) => ({ name: "c", resources: { requests }, ...extra });

describe("podRequests (the Kubernetes rule)", () => {
  it("sums app containers", () => {
    expect(podRequests({ containers: [c({ cpu: "250m", memory: "1Gi" }), c({ cpu: "750m" })] })).toEqual({ cpu: 1000, memory: 2 ** 30 });
  });

  it("takes the larger of the app sum and the largest init container", () => {
    expect(podRequests({ containers: [c({ cpu: "1" })], initContainers: [c({ cpu: "2" }), c({ cpu: "500m" })] })).toEqual({ cpu: 2000 });
  });

  it("adds sidecars (restartPolicy Always) to the app sum and to later init containers", () => {
    // app 1 + sidecar 0.5 = 1.5; init after the sidecar: 2 + 0.5 = 2.5 → 2.5 cores
    const spec = { containers: [c({ cpu: "1" })], initContainers: [c({ cpu: "500m" }, { restartPolicy: "Always" }), c({ cpu: "2" })] };
    expect(podRequests(spec)).toEqual({ cpu: 2500 });
  });

  it("adds the overhead, and defaults requests to limits", () => {
    const spec = { containers: [{ name: "c", resources: { limits: { cpu: "1", memory: "1Gi" } } }], overhead: { cpu: "250m" } };
    expect(podRequests(spec)).toEqual({ cpu: 1250, memory: 2 ** 30 });
  });

  it("pod-level resources replace the container sum", () => {
    expect(podRequests({ resources: { requests: { cpu: "3" } }, containers: [c({ cpu: "1", memory: "1Gi" })] })).toEqual({ cpu: 3000, memory: 2 ** 30 });
  });

  it("with nonMissing, containers without cpu / memory requests count 100m / 200Mi (scoring)", () => {
    expect(podRequests({ containers: [{ name: "a" }, c({ cpu: "0" })] }, { nonMissing: { cpu: 100, memory: 200 * 2 ** 20 } })).toEqual({ cpu: 100, memory: 400 * 2 ** 20 });
  });
});

describe("tolerations and node selectors", () => {
  it.each([
    [{ key: "k", operator: "Equal", value: "v" }, true],
    [{ key: "k", value: "v" }, true],
    [{ key: "k", operator: "Equal", value: "w" }, false],
    [{ key: "k", operator: "Exists" }, true],
    [{ operator: "Exists" }, true],
    [{ key: "k", operator: "Exists", effect: "NoExecute" }, false],
  ] as const)("toleration %j tolerates k=v:NoSchedule: %s", (t, want) => {
    expect(toleratesTaint(t, { key: "k", value: "v", effect: "NoSchedule" })).toBe(want);
  });

  it("an empty term matches nothing; no terms match nothing", () => {
    expect(compileNodeSelectorTerms([{}])({ a: "b" }, "n")).toBe(false);
    expect(compileNodeSelectorTerms([])({ a: "b" }, "n")).toBe(false);
  });

  it("a pod without selector or required affinity has no requirement", () => {
    expect(requiredNodeAffinity({ containers: [] })).toBeUndefined();
    expect(requiredNodeAffinity({ nodeSelector: { disk: "ssd" } })!.matcher({ disk: "ssd" }, "n")).toBe(true);
  });
});
