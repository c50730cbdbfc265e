/**
 * Per-scenario state of the services that are more than pods: data services (which member is the
 * primary, a promotion or restore under way, data lost) and traffic host names (what the GSLB
 * believes about each target, what clients have cached).
 * @module
 */
import type { DataService, TrafficHostname } from "../../model/fleet.js";
import type { Segment } from "../types.js";

export interface DataMember {
  /** `primary`, `sync replica`, `async replica (lag 5s)`. */
  label: string;
  mode: "primary" | "sync" | "async";
  lagMs: number;
  cluster: string;
  zone?: string;
  site?: string;
  /** The StatefulSet pod (`namespace/name`) that runs it, when one was found. */
  pod?: string;
}

export interface DataSim {
  def: DataService;
  members: DataMember[];
  /** Index of the member serving writes; -1 while none does. */
  primary: number;
  /** The member that was primary when the last one was lost. */
  lastPrimary: number;
  /** A failover (or restore) completes then. */
  pendingUntil: number;
  /** Data lost so far (RPO), and why. */
  lostMs: number;
  rpoBasis: string;
  /** The chain of the last recovery. */
  chain: Segment[];
  /** Why it cannot recover, when it cannot. */
  blocker?: string;
  /** Restored from a backup (replaces the members). */
  restored: boolean;
  /** The primary demoted itself: its HA manager could not renew the leader key in its cluster's API. */
  demoted: boolean;
  /** When the primary's leader key last became unrenewable (-1: it is renewable). */
  dcsLostAt: number;
  /** Since when a promotion waits for a replica to write the leader key (-1: it does not). */
  keyWaitSince: number;
}

export interface TargetSim {
  cluster: string;
  /** Really serves (cluster up, workload serving, not failed, standby promoted). */
  healthy: boolean;
  /** What the GSLB's health checks concluded. */
  gslbUp: boolean;
  /** A pending change of gslbUp, at this time. */
  flipAt: number;
  /** Standby of an active-passive placement: promoted (serving) from then. */
  promotedAt: number;
  standby: boolean;
}

export interface ClientGroup {
  share: number;
  /** Target indexes in the order this group's answers prefer them. */
  prefer: number[];
  /** Target the clients have cached (-1: nothing useful, e.g. NODATA or a fallback page). */
  cached: number;
  /** A newer answer reaches the clients then (TTL + resolver cache after it changed). */
  switchAt: number;
  next: number;
}

export interface HostSim {
  def: TrafficHostname;
  ttlMs: number;
  detectionMs: number;
  riseMs: number;
  targets: TargetSim[];
  groups: ClientGroup[];
  chain: Segment[];
}
