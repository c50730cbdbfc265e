/**
 * Pod (anti-)affinity terms compiled into match keys (`framework.AffinityTerm`): a label selector,
 * the namespaces it applies to (listed namespaces, or a namespaceSelector, or by default the pod's
 * own namespace) and a topology key.
 * @module
 */
import { field } from "../../k8s/object.js";
import { arrayOf } from "../../k8s/pod.js";
import { compileSelector, type LabelSelector } from "../../k8s/selector.js";
import type { Conjunct, Matching, MatchKey, NsFilter } from "./matching.js";

export interface AffinityTerm {
  conj: Conjunct;
  /** Canonical text of the conjunct (selector + namespaces). */
  name: string;
  topologyKey: string;
}

export interface WeightedTerm extends AffinityTerm {
  weight: number;
}

export interface PodAffinityInfo {
  requiredAffinity: AffinityTerm[];
  requiredAnti: AffinityTerm[];
  preferredAffinity: WeightedTerm[];
  preferredAnti: WeightedTerm[];
}

/** A conjunct's canonical name: equal selectors in equal namespaces share one match key. */
export function conjunctName(selector: unknown, ns: NsFilter): string {
  const sel = compileSelector(selector as LabelSelector);
  const reqs = sel.nothing ? "nothing" : JSON.stringify([...sel.requirements].map((r) => [r.key, r.operator, [...(r.values ?? [])].sort()]).sort());
  const nsPart = ns.all ? "*" : `${[...ns.names].sort().join(",")}${ns.selector ? `|${JSON.stringify(ns.selector.requirements)}` : ""}`;
  return `${reqs}@${nsPart}`;
}

function term(t: unknown, podNamespace: string): AffinityTerm | undefined {
  const topologyKey = field(t, "topologyKey");
  if (typeof topologyKey !== "string" || topologyKey === "") return undefined;
  const namespaces = arrayOf(field(t, "namespaces")).map(String);
  const nsSel = field(t, "namespaceSelector");
  let ns: NsFilter;
  if (namespaces.length === 0 && (nsSel === undefined || nsSel === null)) ns = { all: false, names: new Set([podNamespace]) };
  else if (nsSel !== undefined && nsSel !== null && typeof nsSel === "object" && Object.keys(nsSel).length === 0) ns = { all: true, names: new Set() };
  else ns = { all: false, names: new Set(namespaces), selector: nsSel ? compileSelector(nsSel as LabelSelector) : undefined };
  const selector = field(t, "labelSelector");
  const conj: Conjunct = { selector: compileSelector(selector as LabelSelector), ns };
  return { conj, name: conjunctName(selector, ns), topologyKey };
}

/** Compiles a pod spec's `affinity.podAffinity` / `podAntiAffinity`. */
export function podAffinityInfo(spec: unknown, namespace: string): PodAffinityInfo {
  const req = (path: string[]) => arrayOf(field(spec, "affinity", ...path, "requiredDuringSchedulingIgnoredDuringExecution")).map((t) => term(t, namespace)).filter((t): t is AffinityTerm => !!t);
  const pref = (path: string[]) =>
    arrayOf(field(spec, "affinity", ...path, "preferredDuringSchedulingIgnoredDuringExecution"))
      .map((w) => {
        const t = term(field(w, "podAffinityTerm"), namespace);
        const weight = field(w, "weight");
        return t && typeof weight === "number" && weight !== 0 ? { ...t, weight } : undefined;
      })
      .filter((t): t is WeightedTerm => !!t);
  return {
    requiredAffinity: req(["podAffinity"]),
    requiredAnti: req(["podAntiAffinity"]),
    preferredAffinity: pref(["podAffinity"]),
    preferredAnti: pref(["podAntiAffinity"]),
  };
}

export function hasPodAffinity(info: PodAffinityInfo): boolean {
  return info.requiredAffinity.length + info.requiredAnti.length + info.preferredAffinity.length + info.preferredAnti.length > 0;
}

/** The match key of one term. */
export function termKey(m: Matching, t: AffinityTerm): MatchKey {
  return m.key(t.name, [t.conj]);
}

/** The match key of pods matching *all* required affinity terms (`podMatchesAllAffinityTerms`). */
export function allTermsKey(m: Matching, terms: readonly AffinityTerm[]): MatchKey {
  return m.key(terms.map((t) => t.name).sort().join("&&"), terms.map((t) => t.conj));
}
