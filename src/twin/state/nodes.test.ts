import { describe, expect, it } from "vitest";
import { NodeTable } from "./nodes.js";

function table(n: number): NodeTable {
  const t = new NodeTable(n);
  for (let i = 0; i < n; i++) t.add({ name: `n${i}`, labels: { "topology.kubernetes.io/zone": "a" }, allocatable: { cpu: 1, memory: 1, pods: 1 } });
  void t.order;
  return t;
}

describe("node table journal", () => {
  it("lists the positions changed since a version", () => {
    const t = table(64);
    const v0 = t.blockVersion[0]!;
    t.touch(t.order[3]!);
    const v1 = t.blockVersion[0]!;
    t.touch(t.order[5]!);
    expect(t.changedSince(0, v0)).toBe((1 << 3) | (1 << 5));
    expect(t.changedSince(0, v1)).toBe(1 << 5);
    // Another block is untouched by these.
    expect(t.changedSince(1, t.blockVersion[1]!)).toBe(-1);
  });

  it("cannot tell across a restore: the block is back to an older state", () => {
    const t = table(64);
    const n3 = t.order[3]!;
    const v0 = t.blockVersion[0]!;
    const nv = t.version[n3]!;
    t.touch(n3);
    const v1 = t.blockVersion[0]!;
    t.restoreVersions(n3, nv, v0, -1);
    t.touch(t.order[5]!);
    // Since v1: position 3 went back and position 5 changed, which the journal cannot list.
    expect(t.changedSince(0, v1)).toBe(-1);
    // Since v0 (the state restored): only position 5.
    expect(t.changedSince(0, v0)).toBe(1 << 5);
  });

  it("forgets what is older than its last entries, and merges repeated changes of one node", () => {
    const t = table(64);
    const v0 = t.blockVersion[0]!;
    for (let k = 0; k < 8; k++) t.touch(t.order[k]!);
    expect(t.changedSince(0, v0)).toBe(-1);
    const v7 = t.blockVersion[0]!;
    const mid: number[] = [];
    for (let r = 0; r < 5; r++) {
      t.touch(t.order[9]!);
      mid.push(t.blockVersion[0]!);
    }
    expect(t.changedSince(0, v7)).toBe(1 << 9);
    // A version in between the merged changes is not known any more.
    expect(t.changedSince(0, mid[1]!)).toBe(-1);
  });
});
