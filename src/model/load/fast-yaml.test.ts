import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseManifestsFast } from "./fast-yaml.js";
import { locate, parseYamlDocuments } from "./yaml-source.js";

/** What the fast path must agree on with the full parse: values, starts, nested locations, doc indexes. */
function compare(text: string, probes: (string | number)[][] = []) {
  const fast = parseManifestsFast("m.yaml", text);
  const slow = parseYamlDocuments("m.yaml", text).documents.filter((d) => d.value !== null && d.value !== undefined);
  expect(fast, "fast path declined").toBeDefined();
  expect(fast!.map((d) => d.value)).toEqual(slow.map((d) => d.value));
  fast!.forEach((d, i) => {
    const s = slow[i]!.source;
    expect(locate(d.source, [])).toEqual(locate(s, []));
    for (const p of probes) expect(locate(d.source, p)).toEqual(locate(s, p));
    expect(d.source.index).toBe(s.index);
  });
  return fast!;
}

const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n";

describe("parseManifestsFast", () => {
  it("matches the full parse on helm-style output with comments and empty documents", () => {
    const text = `# Source: chart/templates/a.yaml\n---\n${deployment}---\n# Source: chart/templates/empty.yaml\n---\n\n  # indented comment\n${deployment.replace("web", "api")}...\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n`;
    const docs = compare(text, [["spec", "replicas"], ["metadata", "name"], ["nope"]]);
    expect(docs.map((d) => ({ line: d.source.start!.line, column: d.source.start!.column }))).toEqual([{ line: 3, column: 1 }, { line: 14, column: 1 }, { line: 22, column: 1 }]);
  });

  it("handles content on the marker line, directives, block scalars with ---, and CRLF", () => {
    compare("%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    compare("--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n--- # comment only\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    compare("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  script: |\n    ---\n    echo hi\n");
    compare(deployment.replace(/\n/g, "\r\n") + "---\r\n" + deployment.replace(/\n/g, "\r\n"), [["spec", "replicas"]]);
  });

  it("does not touch the full parser until a position inside a document is asked for", () => {
    const docs = parseManifestsFast("m.yaml", deployment)!;
    let parsed = false;
    const source = docs[0]!.source;
    Object.defineProperty(source, "lines", { get: () => ((parsed = true), undefined) });
    expect(locate(source, [])).toMatchObject({ line: 1, column: 1 });
    expect(parsed).toBe(false);
  });

  it.each([
    ["hactl documents", "apiVersion: hactl.dev/v1alpha1\nkind: Fleet\n"],
    ["syntax errors", "a: [1, 2\n"],
    ["duplicate keys", "a: 1\na: 2\n"],
    ["List kinds", "apiVersion: v1\nkind: List\nitems: []\n"],
    ["scalar documents", "just a string\n"],
    ["null documents written out", "---\n~\n---\na: 1\n"],
  ])("declines %s (the full parse reports or locates them)", (_name, text) => {
    expect(parseManifestsFast("m.yaml", text)).toBeUndefined();
  });

  it("agrees with the full parse on random manifest streams", () => {
    const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-z][a-z0-9 -]{0,12}$/), fc.constant(null));
    const obj = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(scalar, fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), scalar, { maxKeys: 3 })), { minKeys: 1, maxKeys: 5 });
    const piece = fc.oneof(
      obj.map((o) => ({ kind: "doc" as const, text: stringify({ apiVersion: "v1", kind: "ConfigMap", ...o }) })),
      fc.constantFrom("# a comment\n", "\n", "   # indented\n").map((t) => ({ kind: "noise" as const, text: t })),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.boolean(), (pieces, leadingMarker) => {
        const docs = pieces.filter((p) => p.kind === "doc");
        if (docs.length === 0) return;
        let text = leadingMarker ? "---\n" : "";
        pieces.forEach((p, i) => {
          text += p.text;
          if (p.kind === "doc" && i < pieces.length - 1) text += "---\n";
        });
        compare(text, [["kind"], ["metadata"]]);
      }),
      { numRuns: 200 },
    );
  });
});
