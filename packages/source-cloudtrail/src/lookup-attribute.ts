import type { CompiledFilters } from './filters';

/** The lookup attribute keys `LookupEvents` accepts (one attribute per call). */
export type LookupAttributeKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'ResourceType'
  | 'ResourceName'
  | 'EventSource'
  | 'AccessKeyId';

/** One lookup attribute: `LookupEvents` returns only the events that have this value. */
export interface LookupAttribute {
  key: LookupAttributeKey;
  value: string;
}

function single(values: ReadonlySet<string> | undefined): string | undefined {
  return values?.size === 1 ? [...values][0] : undefined;
}

/**
 * The one attribute to push down into `LookupEvents`, from what the filter requires exactly, most selective
 * first: an access key, an event name, an event source, then read-only. Only values that every passing event
 * must have are pushed (so the events fetched are a superset of those that pass); `undefined` when none is.
 * `Username` is not derived from `where({ userName })`: event history's user name (the session name of an
 * assumed role) is not the same field. Give `lookupAttribute` for it, or for `ResourceType`/`ResourceName`/`EventId`.
 */
export function lookupAttributeFor(filters: CompiledFilters): LookupAttribute | undefined {
  const accessKeyId = single(filters.exact.accessKeyId);
  if (accessKeyId) return { key: 'AccessKeyId', value: accessKeyId };
  const eventName = single(filters.exact.eventName);
  if (eventName) return { key: 'EventName', value: eventName };
  const eventSource = single(filters.exact.eventSource);
  if (eventSource) return { key: 'EventSource', value: eventSource };
  if (filters.readOnly !== undefined) return { key: 'ReadOnly', value: String(filters.readOnly) };
  return undefined;
}
