/**
 * Persistent volume claims of a set of objects and the StorageClass each one binds through:
 * PersistentVolumeClaims and StatefulSet volumeClaimTemplates; a claim without storageClassName
 * uses the class annotated `storageclass.kubernetes.io/is-default-class: "true"`.
 * @module
 */
import { field, type K8sObject } from "./object.js";

export interface Claim {
  /** The PVC, or the StatefulSet whose template it is. */
  owner: K8sObject;
  name: string;
  storageClass?: string;
  accessModes: string[];
}

const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** The default StorageClass among the objects, if one is annotated as such. */
export function defaultStorageClass(objects: readonly K8sObject[]): string | undefined {
  return objects.find((o) => o.kind === "StorageClass" && o.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === "true")?.metadata.name;
}

export function claimsOf(objects: readonly K8sObject[]): Claim[] {
  const dflt = defaultStorageClass(objects);
  const out: Claim[] = [];
  const claim = (owner: K8sObject, name: string, spec: unknown) => {
    const sc = field(spec, "storageClassName");
    out.push({
      owner,
      name,
      // An explicit "" means "no class" (static binding), not the default class.
      storageClass: typeof sc === "string" ? (sc === "" ? undefined : sc) : dflt,
      accessModes: ((field(spec, "accessModes") as unknown[]) ?? []).map(String),
    });
  };
  for (const o of objects) {
    if (o.kind === "PersistentVolumeClaim") claim(o, o.metadata.name, field(o.body, "spec"));
    if (o.kind === "StatefulSet") {
      for (const t of (field(o.body, "spec", "volumeClaimTemplates") as unknown[]) ?? []) {
        claim(o, String(field(t, "metadata", "name") ?? ""), field(t, "spec"));
      }
    }
  }
  return out;
}
