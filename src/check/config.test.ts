import { describe, expect, it } from "vitest";
import { parseCheckConfig } from "./config.js";
import { RULES } from "./rules/index.js";

const parse = (text: string) => parseCheckConfig(text, ".hactl.yaml", "/repo/.hactl.yaml", RULES);

describe("parseCheckConfig", () => {
  it("reads rules (off/on/severity/mapping), enable/disable lists and ignored paths", () => {
    const { config, diagnostics } = parse(
      [
        "apiVersion: hactl.dev/v1alpha1",
        "kind: CheckConfig",
        "rules:",
        "  image-tag-mutable: off",
        "  bare-pod: critical",
        "  workload-replicas: { severity: info, options: { min: 3 } }",
        "  liveness-probe-missing: { enabled: false }",
        "enable: [pdb-missing]",
        "disable: [probes-identical]",
        "ignorePaths: [./charts/**/tests/*.yaml]",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([]);
    expect(config.rules).toEqual({
      "image-tag-mutable": { enabled: false },
      "bare-pod": { severity: "critical" },
      "workload-replicas": { severity: "info", options: { min: 3, minCritical: 3 } },
      "liveness-probe-missing": { enabled: false },
      "pdb-missing": { enabled: true },
      "probes-identical": { enabled: false },
    });
    expect(config.baseDir).toBe("/repo");
    expect(config.ignorePaths.map((g) => g.glob)).toEqual(["./charts/**/tests/*.yaml"]);
    expect(config.ignorePaths[0]!.re.test("charts/web/tests/a.yaml")).toBe(true);
  });

  it("accepts a plain file without apiVersion and kind, and an empty one", () => {
    expect(parse("disable: [bare-pod]\n").diagnostics).toEqual([]);
    expect(parse("").config.rules).toEqual({});
  });

  it("locates every mistake with a suggestion", () => {
    const { diagnostics } = parse(
      ["kind: Fleet", "rulez: {}", "rules:", "  pdb-mising: off", "  workload-replicas:", "    severity: high", "    options: { min: 0, max: 4 }", "    enable: true", "disable: bare-pod"].join("\n"),
    );
    const at = diagnostics.map((d) => `${d.line}:${d.column} ${d.message}${d.suggestion ? ` (${d.suggestion})` : ""}`);
    expect(at).toEqual([
      '1:7 kind "Fleet" is not a check config',
      '2:1 unknown field "rulez" (did you mean "rules"?)',
      "9:10 disable must be a list of rule ids",
      '4:3 unknown rule "pdb-mising" (did you mean "pdb-missing"?)',
      '8:5 unknown field "enable" (did you mean "enabled"?)',
      '6:15 severity "high" is not one of critical, warning, info (known values: "critical", "warning", "info")',
      '7:24 rule workload-replicas has no option "max" (known options: "min", "minCritical")',
      "7:21 option min of rule workload-replicas: Too small: expected number to be >=1",
    ]);
    expect(diagnostics.every((d) => d.severity === "error" && d.file === ".hactl.yaml")).toBe(true);
  });
});
