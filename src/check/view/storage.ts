/**
 * Volumes of a pod template resolved to their claims and storage classes, plus what hactl knows about
 * provisioners: which ones create zonal disks (bound to one zone, so they need
 * WaitForFirstConsumer in multi-zone clusters) and which ones keep data on one node's disk.
 * @module
 */
import { field, type K8sObject } from "../../k8s/object.js";
import type { PathSegment } from "../../model/diagnostics.js";
import type { StorageBackend } from "../../model/fleet.js";
import type { CheckIndex } from "./index.js";
import type { Workload } from "./workloads.js";

/** Provisioners whose volumes live in one zone (cloud block disks, node-local disks). */
export const ZONAL_PROVISIONERS: ReadonlySet<string> = new Set([
  "ebs.csi.aws.com",
  "kubernetes.io/aws-ebs",
  "pd.csi.storage.gke.io",
  "kubernetes.io/gce-pd",
  "disk.csi.azure.com",
  "kubernetes.io/azure-disk",
  "cinder.csi.openstack.org",
  "kubernetes.io/cinder",
  "csi.hetzner.cloud",
  "dobs.csi.digitalocean.com",
  "linodebs.csi.linode.com",
  "diskplugin.csi.alibabacloud.com",
  "topolvm.io",
  "local.csi.openebs.io",
  "openebs.io/local",
  "rancher.io/local-path",
  "kubernetes.io/no-provisioner",
]);

/** Provisioners that keep a volume on one node's local disk. */
export const LOCAL_PROVISIONERS: ReadonlySet<string> = new Set(["kubernetes.io/no-provisioner", "rancher.io/local-path", "openebs.io/local", "local.csi.openebs.io", "topolvm.io", "lvm.csi.metal-stack.io"]);

export interface ClaimVolume {
  volume: string;
  /** Path of the volume entry in the workload. */
  path: PathSegment[];
  claimName: string;
  claim?: K8sObject;
  accessModes: string[];
  storageClass?: string;
}

/** PVC-backed volumes of a pod template, resolved against the index (same namespace). */
export function claimVolumes(index: CheckIndex, w: Workload): ClaimVolume[] {
  const vols = w.template.spec["volumes"];
  if (!Array.isArray(vols)) return [];
  const out: ClaimVolume[] = [];
  vols.forEach((v, i) => {
    const claimName = (v as { persistentVolumeClaim?: { claimName?: unknown } } | null)?.persistentVolumeClaim?.claimName;
    if (typeof claimName !== "string") return;
    const claim = index.get("PersistentVolumeClaim", w.namespace, claimName);
    const modes = field(claim?.body, "spec", "accessModes");
    const sc = field(claim?.body, "spec", "storageClassName");
    out.push({
      volume: String((v as { name?: unknown }).name ?? `#${i}`),
      path: [...w.podSpecPath, "volumes", i],
      claimName,
      claim,
      accessModes: Array.isArray(modes) ? modes.map(String) : [],
      storageClass: typeof sc === "string" ? sc : undefined,
    });
  });
  return out;
}

/** The StorageClass a claim uses: named, or the cluster default (annotation is-default-class). */
export function storageClassOf(index: CheckIndex, name: string | undefined): K8sObject | undefined {
  const classes = index.byKind("StorageClass");
  if (name !== undefined) return classes.find((c) => c.metadata.name === name);
  return classes.find((c) => c.metadata.annotations["storageclass.kubernetes.io/is-default-class"] === "true");
}

export function backendOf(backends: readonly StorageBackend[], storageClass: string | undefined): StorageBackend | undefined {
  return storageClass === undefined ? undefined : backends.find((b) => b.storageClasses.includes(storageClass));
}
