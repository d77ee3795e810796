import { ConfigError } from '@trailkit/core';

/** A time bound: a `Date`, an ISO-8601 string (`2026-11-01` or `2026-11-01T10:00:00Z`) or epoch milliseconds. */
export type TimeInput = Date | string | number;

/** Parse a time option, or throw `ConfigError` naming the option. */
export function parseTime(
  component: string,
  option: string,
  value: TimeInput | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new ConfigError(component, `${option} is not a valid time: ${String(value)}`);
  return ms;
}

/** Check a positive integer option (or undefined), returning it or the default. */
export function positiveInteger(component: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(component, `${option} must be a positive integer (got ${String(value)})`);
  }
  return value;
}

/** Check a non-empty string option. */
export function requiredString(component: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(component, `${option} is required and must be a non-empty string`);
  }
  return value;
}

/** Check a list of strings matching `pattern`. */
export function stringList(
  component: string,
  option: string,
  value: unknown,
  pattern: RegExp,
  what: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(component, `${option} must be a non-empty array of ${what}`);
  }
  for (const item of value) {
    if (typeof item !== 'string' || !pattern.test(item)) {
      throw new ConfigError(component, `${option}: ${JSON.stringify(item)} is not ${what}`);
    }
  }
  return [...value] as string[];
}
