import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPatches, unifiedDiff } from "./fix.js";

const text = `# top comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the storefront
spec:
  replicas: 1 # scaled down
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
---
# untouched document, odd formatting kept
apiVersion: v1
kind:   Service
metadata: {name: web}
`;

/** Applies a unified diff produced by unifiedDiff to `before` (a minimal `patch`). */
function applyDiff(before: string, diff: string): string {
  const lines = (before.endsWith("\n") ? before.slice(0, -1) : before).split("\n");
  const out: string[] = [];
  let pos = 0;
  const body = diff.split("\n").slice(2);
  for (let i = 0; i < body.length; i++) {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(body[i]!);
    if (!m) continue;
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (pos < start) out.push(lines[pos++]!);
    for (i++; i < body.length && !body[i]!.startsWith("@@"); i++) {
      const l = body[i]!;
      if (l === "" && i === body.length - 1) break;
      if (l.startsWith(" ")) {
        expect(lines[pos]).toBe(l.slice(1));
        out.push(lines[pos++]!);
      } else if (l.startsWith("-")) {
        expect(lines[pos]).toBe(l.slice(1));
        pos++;
      } else if (l.startsWith("+")) out.push(l.slice(1));
    }
    i--;
  }
  while (pos < lines.length) out.push(lines[pos++]!);
  return `${out.join("\n")}\n`;
}

describe("applyPatches", () => {
  it("sets scalars in place (comments survive) and leaves other documents byte for byte", () => {
    const out = applyPatches(text, [{ file: "x", filePath: "", doc: 0, edits: [{ op: "set", path: ["spec", "replicas"], value: 3 }] }]);
    expect(out.applied).toBe(1);
    expect(out.text).toContain("replicas: 3 # scaled down");
    expect(out.text).toContain("name: web # the storefront");
    expect(out.text).toContain("# top comment");
    expect(out.text.slice(out.text.indexOf("---"))).toBe(text.slice(text.indexOf("---")));
  });

  it("creates missing parents, deletes fields and appends documents", () => {
    const out = applyPatches(text, [
      { file: "x", filePath: "", doc: 0, edits: [{ op: "set", path: ["spec", "template", "spec", "containers", 0, "readinessProbe"], value: { tcpSocket: { port: 80 } } }] },
      { file: "x", filePath: "", doc: 1, edits: [{ op: "delete", path: ["metadata", "name"] }] },
      { file: "x", filePath: "", doc: 0, edits: [{ op: "add-document", path: [], value: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" } } }] },
    ]);
    expect(out.text).toMatch(/image: "nginx:1.27"\n {10}readinessProbe:\n {12}tcpSocket:\n {14}port: 80/);
    expect(out.text).toContain("metadata: {}");
    expect(out.text.endsWith("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n")).toBe(true);
  });

  it("skips a second, conflicting write to the same field", () => {
    const out = applyPatches(text, [
      { file: "x", filePath: "", doc: 0, edits: [{ op: "set", path: ["spec", "replicas"], value: 3 }] },
      { file: "x", filePath: "", doc: 0, edits: [{ op: "set", path: ["spec", "replicas"], value: 2 }] },
    ]);
    expect(out).toMatchObject({ applied: 1, conflicts: 1 });
    expect(out.text).toContain("replicas: 3");
  });
});

describe("unifiedDiff", () => {
  it("is empty for equal texts and has a/ b/ headers", () => {
    expect(unifiedDiff("f.yaml", "a\n", "a\n")).toBe("");
    expect(unifiedDiff("/abs/f.yaml", "a\nb\n", "a\nc\n")).toBe("--- a/abs/f.yaml\n+++ b/abs/f.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
  });

  it("round-trips: applying the diff to the old text gives the new text", () => {
    const line = fc.constantFrom("a", "b", "c", "d", "  x: 1", "");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.array(line, { maxLength: 40 }), (a, b) => {
        const before = `${a.join("\n")}\n`;
        const after = `${b.join("\n")}\n`;
        const diff = unifiedDiff("f", before, after);
        if (before === after) return diff === "";
        return applyDiff(before, diff) === after;
      }),
      { numRuns: 300 },
    );
  });
});
