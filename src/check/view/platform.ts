/**
 * Cluster add-ons every service depends on, recognised in manifests: ingress controllers (by image,
 * or by the chart's name label) and CoreDNS (by image or the `k8s-app: kube-dns` label in
 * kube-system), and what each Kubernetes distribution deploys when the manifests say nothing.
 * @module
 */
import type { ClusterSpec } from "../../model/schema/fleet.js";
import type { Workload } from "./workloads.js";

interface Signature {
  name: string;
  image: RegExp;
}

/** Controller images (not their admission webhooks, certgens or default backends). */
const INGRESS_IMAGES: Signature[] = [
  { name: "ingress-nginx", image: /(^|\/)ingress-nginx\/controller(-chroot)?(:|@|$)/ },
  { name: "ingress-nginx", image: /(^|\/)nginx-ingress-controller(:|@|$)/ },
  { name: "NGINX Ingress Controller", image: /(^|\/)nginx\/nginx-ingress(:|@|$)/ },
  { name: "NGINX Ingress Controller", image: /(^|\/)nginx-ic(-nap)?\/nginx-plus-ingress(:|@|$)/ },
  { name: "Traefik", image: /(^|\/)(traefik|mirrored-library-traefik)(:|@|$)/ },
  { name: "HAProxy Ingress", image: /(^|\/)(haproxytech\/kubernetes-ingress|haproxy-ingress)(:|@|$)/ },
  { name: "Kong", image: /(^|\/)kong\/kubernetes-ingress-controller(:|@|$)/ },
  { name: "Emissary-ingress", image: /(^|\/)(emissary|ambassador)(:|@|$)/ },
  { name: "Skipper", image: /(^|\/)skipper(:|@|$)/ },
];

/** The ingress controller a workload runs, if its image (or Istio's gateway label) says so. */
export function ingressController(w: Workload): string | undefined {
  for (const c of w.containers) {
    if (c.sidecar) continue;
    const image = String(c.spec["image"] ?? "");
    for (const s of INGRESS_IMAGES) if (s.image.test(image)) return s.name;
    // Envoy is an ingress only where Contour or Envoy Gateway run it (it is also an ordinary sidecar or proxy).
    if (/(^|\/)envoyproxy\/envoy(:|@|$)/.test(image) && (w.namespace === "projectcontour" || ["contour", "envoy-gateway"].includes(w.template.labels["app.kubernetes.io/name"] ?? "") || "gateway.envoyproxy.io/owning-gateway-name" in w.template.labels)) return "Envoy (Contour / Envoy Gateway)";
    // Istio's ingress gateway is the proxyv2 image with the gateway label.
    if (/(^|\/)proxyv2(:|@|$)/.test(image) && (w.template.labels["istio"] === "ingressgateway" || w.template.labels["app"] === "istio-ingressgateway")) return "Istio ingress gateway";
  }
  return undefined;
}

/** True for the cluster DNS: CoreDNS by image, or the kube-dns label in kube-system (kube-dns, CoreDNS from any registry). */
export function isClusterDns(w: Workload): boolean {
  if (w.kind !== "Deployment") return false;
  const byImage = w.containers.some((c) => !c.sidecar && /(^|\/)(coredns\/coredns|mirrored-coredns-coredns|coredns)(:|@|$)/.test(String(c.spec["image"] ?? "")));
  const byLabel = w.namespace === "kube-system" && w.template.labels["k8s-app"] === "kube-dns";
  return byImage || byLabel;
}

/**
 * CoreDNS replicas a distribution deploys when nobody changes them. Sources: k3s `manifests/coredns.yaml`
 * (no `replicas`: 1; k3s-io/k3s#1606), MicroK8s `addons/dns/coredns.yaml` ("replicas: not specified …
 * Default is 1"). kubeadm (and Talos, RKE2, EKS, AKS, GKE) run 2 or an autoscaler with a floor of 2;
 * OpenShift runs DNS as a DaemonSet. Undefined: not known to be a single replica.
 */
export function defaultClusterDnsReplicas(distribution: ClusterSpec["distribution"]): { replicas: number; source: string } | undefined {
  if (distribution === "k3s") return { replicas: 1, source: "k3s deploys CoreDNS from its packaged manifest without a replica count (k3s-io/k3s#1606)" };
  if (distribution === "microk8s") return { replicas: 1, source: "the MicroK8s dns add-on deploys CoreDNS without a replica count (\"Default is 1\")" };
  return undefined;
}
