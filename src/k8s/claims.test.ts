import { describe, expect, it } from "vitest";
import type { K8sObject } from "./object.js";
import { claimsOf, defaultStorageClass } from "./claims.js";

const obj = (kind: string, name: string, body: Record<string, unknown>, annotations: Record<string, string> = {}): K8sObject => ({
  apiVersion: "v1",
  kind,
  metadata: { name, namespace: kind === "StorageClass" ? undefined : "db", labels: {}, annotations },
  body: { kind, metadata: { name }, ...body },
  source: { file: "x.yaml", line: 1, column: 1, path: [] },
});

describe("claimsOf", () => {
  const objects = [
    obj("StorageClass", "fast", {}, { "storageclass.kubernetes.io/is-default-class": "true" }),
    obj("PersistentVolumeClaim", "data", { spec: { accessModes: ["ReadWriteOnce"] } }),
    obj("PersistentVolumeClaim", "static", { spec: { storageClassName: "", accessModes: ["ReadWriteMany"] } }),
    obj("StatefulSet", "pg", { spec: { volumeClaimTemplates: [{ metadata: { name: "pgdata" }, spec: { storageClassName: "ceph", accessModes: ["ReadWriteOnce"] } }] } }),
  ];

  it("finds PVCs and volumeClaimTemplates with their classes, defaulting to the annotated class", () => {
    expect(defaultStorageClass(objects)).toBe("fast");
    expect(claimsOf(objects).map((c) => `${c.owner.kind}/${c.name}:${c.storageClass ?? "-"}:${c.accessModes.join(",")}`)).toEqual([
      "PersistentVolumeClaim/data:fast:ReadWriteOnce",
      "PersistentVolumeClaim/static:-:ReadWriteMany",
      "StatefulSet/pgdata:ceph:ReadWriteOnce",
    ]);
  });
});
