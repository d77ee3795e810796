/**
 * `LookupEvents` over records held in memory, as CloudTrail's event history answers it: management events
 * newest first, one lookup attribute at most, `StartTime`/`EndTime` (inclusive), `MaxResults` ≤ 50 and an
 * opaque `NextToken` bound to the request it came from.
 */
import { AwsJsonError } from '../http/json-protocol-server';

/** The lookup attribute keys `LookupEvents` accepts. */
export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;

/** One stored event of one region. */
export interface StoredLookupEvent {
  record: Record<string, unknown>;
  /** Epoch milliseconds of `eventTime`. */
  time: number;
  /** The record's JSON, as `CloudTrailEvent` carries it. */
  json: string;
}

type Attribute = { key: string; value: string };

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function identity(record: Record<string, unknown>): Record<string, unknown> {
  const id = record.userIdentity;
  return typeof id === 'object' && id !== null ? (id as Record<string, unknown>) : {};
}

/** The user name event history shows: `userName`, or the session name of an assumed role. */
export function lookupUsername(record: Record<string, unknown>): string | undefined {
  const id = identity(record);
  if (typeof id.userName === 'string') return id.userName;
  const arn = str(id.arn);
  if (id.type === 'AssumedRole' && arn) return arn.slice(arn.lastIndexOf('/') + 1);
  return undefined;
}

/** The resources event history lists for an event: the record's `resources` (type and ARN). */
export function lookupResources(
  record: Record<string, unknown>,
): Array<{ ResourceType?: string; ResourceName?: string }> {
  const list = Array.isArray(record.resources) ? record.resources : [];
  return list
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({ ResourceType: str(r.type), ResourceName: str(r.ARN) }));
}

function matches(event: StoredLookupEvent, attribute: Attribute | undefined): boolean {
  if (!attribute) return true;
  const r = event.record;
  switch (attribute.key) {
    case 'EventId':
      return r.eventID === attribute.value;
    case 'EventName':
      return r.eventName === attribute.value;
    case 'EventSource':
      return r.eventSource === attribute.value;
    case 'ReadOnly':
      return String(r.readOnly === true) === attribute.value;
    case 'Username':
      return lookupUsername(r) === attribute.value;
    case 'AccessKeyId':
      return identity(r).accessKeyId === attribute.value;
    case 'ResourceType':
      return lookupResources(r).some((x) => x.ResourceType === attribute.value);
    case 'ResourceName':
      return lookupResources(r).some((x) => x.ResourceName === attribute.value);
    default:
      return false;
  }
}

function attributeOf(input: Record<string, unknown>): Attribute | undefined {
  const list = input.LookupAttributes;
  if (list === undefined) return undefined;
  if (!Array.isArray(list))
    throw new AwsJsonError('InvalidLookupAttributesException', 'LookupAttributes must be a list');
  if (list.length === 0) return undefined;
  if (list.length > 1) {
    throw new AwsJsonError(
      'InvalidLookupAttributesException',
      'You cannot specify more than one lookup attribute.',
    );
  }
  const { AttributeKey: key, AttributeValue: value } = list[0] as Record<string, unknown>;
  if (typeof key !== 'string' || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw new AwsJsonError('InvalidLookupAttributesException', `Invalid attribute key: ${String(key)}`);
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsJsonError('InvalidLookupAttributesException', 'AttributeValue must not be empty');
  }
  return { key, value };
}

/** `StartTime`/`EndTime` as the JSON 1.1 protocol sends them: epoch seconds (a number). */
function timeOf(input: Record<string, unknown>, member: string): number | undefined {
  const value = input[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'number')
    throw new AwsJsonError('InvalidTimeRangeException', `${member} must be a timestamp`);
  return value * 1000;
}

/** The request a token belongs to: a token used with other parameters is refused, as CloudTrail does. */
function fingerprint(region: string, input: Record<string, unknown>): string {
  return JSON.stringify([
    region,
    input.LookupAttributes ?? [],
    input.StartTime ?? null,
    input.EndTime ?? null,
  ]);
}

/** Answer one `LookupEvents` call over one region's events (sorted newest first). */
export function lookupEvents(
  region: string,
  events: readonly StoredLookupEvent[],
  input: Record<string, unknown>,
): Record<string, unknown> {
  const attribute = attributeOf(input);
  const start = timeOf(input, 'StartTime');
  const end = timeOf(input, 'EndTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsJsonError('InvalidTimeRangeException', 'StartTime must be before EndTime');
  }
  const max = input.MaxResults ?? 50;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50) {
    throw new AwsJsonError('InvalidMaxResultsException', 'MaxResults must be from 1 to 50');
  }
  const print = fingerprint(region, input);
  let offset = 0;
  if (input.NextToken !== undefined) {
    let token: { print?: string; offset?: number } = {};
    try {
      token = JSON.parse(Buffer.from(String(input.NextToken), 'base64url').toString('utf8'));
    } catch {
      token = {};
    }
    if (token.print !== print || typeof token.offset !== 'number') {
      throw new AwsJsonError('InvalidNextTokenException', 'Invalid NextToken');
    }
    offset = token.offset;
  }
  const selected = events.filter(
    (e) =>
      (start === undefined || e.time >= start) &&
      (end === undefined || e.time <= end) &&
      matches(e, attribute),
  );
  const page = selected.slice(offset, offset + max);
  const next = offset + max < selected.length ? offset + max : undefined;
  return {
    Events: page.map((e) => ({
      EventId: e.record.eventID,
      EventName: e.record.eventName,
      ReadOnly: String(e.record.readOnly === true),
      AccessKeyId: identity(e.record).accessKeyId,
      EventTime: e.time / 1000,
      EventSource: e.record.eventSource,
      Username: lookupUsername(e.record),
      Resources: lookupResources(e.record),
      CloudTrailEvent: e.json,
    })),
    ...(next === undefined
      ? {}
      : { NextToken: Buffer.from(JSON.stringify({ print, offset: next })).toString('base64url') }),
  };
}
