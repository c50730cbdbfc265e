import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "yaml";
import { quickLocate } from "./quick-locate.js";
import { locate, parseYamlDocuments } from "./yaml-source.js";

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf("\n", offset) + 1;
  return offset + column - 1;
}

/** The full parse's answer as an offset. */
function reference(text: string, path: (string | number)[], key = false) {
  const doc = parseYamlDocuments("t.yaml", text).documents[0]!;
  const loc = locate(doc.source, path, { key });
  return { offset: offsetOf(text, loc.line, loc.column), exact: loc.exact };
}

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # trailing comment
  labels:
    app.kubernetes.io/name: web
    "quoted key": x
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: web
        image: "nginx:1.27.3"
        args:
          - --port=8080
          - |
            multi
            line
        ports:
          - containerPort: 8080

            name: http
      tolerations: []
`;

describe("quickLocate", () => {
  it.each([
    [["kind"]],
    [["metadata", "name"]],
    [["metadata", "labels", "app.kubernetes.io/name"]],
    [["metadata", "labels", "quoted key"]],
    [["spec", "replicas"]],
    [["spec", "template", "spec", "containers"]],
    [["spec", "template", "spec", "containers", 0]],
    [["spec", "template", "spec", "containers", 0, "image"]],
    [["spec", "template", "spec", "containers", 0, "args", 1]],
    [["spec", "template", "spec", "containers", 0, "ports", 0, "name"]],
    [["spec", "template", "spec", "containers", 0, "resources"]],
    [["spec", "template", "spec", "containers", 3]],
    [["spec", "missing", "deeper"]],
  ])("finds %j where the full parse does", (path) => {
    const q = quickLocate(manifest, 0, path);
    expect(q).toEqual(reference(manifest, path));
    const k = quickLocate(manifest, 0, path, { key: true });
    if (k) expect(k).toEqual(reference(manifest, path, true));
  });

  it("points at flow collections but declines walking into them, and declines anchors and tags", () => {
    expect(quickLocate("spec: {replicas: 3}\n", 0, ["spec", "replicas"])).toBeUndefined();
    expect(quickLocate("a: 1\nresources: {}\n", 0, ["resources"])).toEqual(reference("a: 1\nresources: {}\n", ["resources"]));
    expect(quickLocate("a: &x\n  b: 1\nc: *x\n", 0, ["a", "b"])).toBeUndefined();
    expect(quickLocate("a: !!str 1\n", 0, ["a"])).toBeUndefined();
  });

  it("agrees with the full parse on random block documents", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9./-]{0,10}$/).filter((k) => !/^(y|n|yes|no|on|off|true|false|null)$/i.test(k));
    const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-zA-Z0-9 :#'"./-]{0,14}$/), fc.constant("line one\nline two\n"), fc.constant(null), fc.constant({}), fc.constant([]));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, scalar, tie("map"), tie("seq")),
      map: fc.dictionary(key, tie("value"), { minKeys: 1, maxKeys: 4 }),
      seq: fc.array(tie("value"), { minLength: 1, maxLength: 3 }),
    }));
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });
    let checked = 0;
    fc.assert(
      fc.property(doc, fc.boolean(), fc.boolean(), (d, indentSeq, withComment) => {
        let text = stringify(d, { indentSeq, lineWidth: 0 });
        if (withComment) text = `# header\n\n${text}`;
        const start = text.indexOf(withComment ? text.split("\n")[2]! : text);
        const paths: (string | number)[][] = [];
        const walk = (v: unknown, p: (string | number)[]) => {
          paths.push(p);
          if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
          else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => walk(x, [...p, k]));
        };
        walk(d, []);
        paths.push(["not-there"], [...(paths[paths.length - 1] ?? []), "nope"]);
        for (const p of paths.slice(1)) {
          for (const keyOpt of [false, true]) {
            const q = quickLocate(text, start, p, { key: keyOpt });
            if (q === undefined) continue;
            checked++;
            expect(q, `${JSON.stringify(p)} key=${keyOpt}\n${text}`).toEqual(reference(text, p, keyOpt));
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(1000);
  });
});
