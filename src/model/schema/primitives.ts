/**
 * Scalar building blocks of the Fleet schema. Each carries a human error message that says what
 * was expected, because zod's defaults ("Invalid input") are not something a user can act on.
 * @module
 */
import * as z from "zod";
import { DURATION_PATTERN, QUANTITY_PATTERN } from "../units.js";

/** A DNS-1123 name, as Kubernetes uses for object and label-value-like names. */
export const name = () =>
  z
    .string({ error: "expected a name (lower-case letters, digits, '-' and '.')" })
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
      error: "expected a DNS-1123 name: lower-case letters, digits, '-' and '.', starting and ending alphanumeric",
    })
    .max(253);

/** A duration like `30s`, `5m`, `1h30m`, `500ms` or `0`. */
export const duration = () =>
  z
    .string({ error: 'expected a duration string such as "30s", "5m" or "1h30m"' })
    .regex(new RegExp(DURATION_PATTERN), {
      error: 'expected a duration such as "500ms", "30s", "5m", "1h30m" or "0" (units ms, s, m, h, d)',
    });

/** A Kubernetes resource quantity: `500m`, `4`, `32Gi`. */
export const quantity = () =>
  z.union([
    z.number().nonnegative(),
    z.string().regex(new RegExp(QUANTITY_PATTERN), {
      error: 'expected a Kubernetes quantity such as "500m", "4" or "32Gi"',
    }),
  ], { error: 'expected a Kubernetes quantity such as "500m", "4" or "32Gi"' });

/**
 * A Kubernetes minor version. YAML reads an unquoted `1.30` as the number 1.3, so only strings
 * are accepted and the error says why.
 */
export const kubernetesVersion = () =>
  z
    .string({ error: 'expected a quoted Kubernetes version such as "1.31" (unquoted 1.30 is read by YAML as the number 1.3)' })
    .regex(/^v?1\.[0-9]{1,2}(\.[0-9]+)?$/, { error: 'expected a Kubernetes version such as "1.31" or "v1.32.2"' });

/** An IPv4 or IPv6 CIDR block. */
export const cidr = () =>
  z
    .string({ error: 'expected a CIDR block such as "10.244.0.0/16"' })
    .regex(/^(([0-9]{1,3}\.){3}[0-9]{1,3}\/[0-9]{1,2}|[0-9a-fA-F:]+\/[0-9]{1,3})$/, {
      error: 'expected a CIDR block such as "10.244.0.0/16" or "fd00::/48"',
    });

/** An IPv4 or IPv6 address. */
export const ipAddress = () =>
  z.union([z.ipv4(), z.ipv6()], { error: 'expected an IP address such as "203.0.113.10" or "2001:db8::10"' });

/** An ISO date `YYYY-MM-DD`. */
export const isoDate = () =>
  z.iso.date({ error: 'expected a date in the form YYYY-MM-DD, e.g. "2026-10-01"' });

/** Label map (`key: value`). */
export const labels = () =>
  z.record(z.string(), z.string({ error: "expected a string label value (quote numbers and booleans)" }));

/** A Kubernetes taint. */
export const taint = () =>
  z.strictObject({
    key: z.string().meta({ description: "Taint key.", examples: ["dedicated"] }),
    value: z.string().optional().meta({ description: "Taint value.", examples: ["storage"] }),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).meta({ description: "Taint effect.", examples: ["NoSchedule"] }),
  });
