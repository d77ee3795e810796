import type { TrailEvent } from '@trailkit/core';

/** How a Lake result value becomes a record value. */
type Kind = 'text' | 'boolean' | 'time' | 'json';

/** The Lake columns (and struct fields) a query selects, and how each maps back into the record. */
export const LAKE_FIELDS: ReadonlyArray<{ path: readonly string[]; kind: Kind }> = [
  ...(
    [
      'eventVersion',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'errorCode',
      'errorMessage',
      'requestID',
      'eventID',
      'eventType',
      'apiVersion',
      'recipientAccountId',
      'sharedEventID',
      'vpcEndpointId',
      'eventCategory',
      'sessionCredentialFromConsole',
    ] as const
  ).map((name) => ({ path: [name], kind: 'text' as const })),
  { path: ['eventTime'], kind: 'time' },
  { path: ['readOnly'], kind: 'boolean' },
  { path: ['requestParameters'], kind: 'json' },
  { path: ['responseElements'], kind: 'json' },
  { path: ['additionalEventData'], kind: 'json' },
  { path: ['serviceEventDetails'], kind: 'json' },
  ...(['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy'] as const).map(
    (name) => ({ path: ['userIdentity', name], kind: 'text' as const }),
  ),
  { path: ['userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'], kind: 'text' },
  { path: ['userIdentity', 'sessionContext', 'attributes', 'creationDate'], kind: 'text' },
  ...(['type', 'principalId', 'arn', 'accountId', 'userName'] as const).map((name) => ({
    path: ['userIdentity', 'sessionContext', 'sessionIssuer', name],
    kind: 'text' as const,
  })),
  ...(['tlsVersion', 'cipherSuite', 'clientProvidedHostHeader'] as const).map((name) => ({
    path: ['tlsDetails', name],
    kind: 'text' as const,
  })),
];

/** The alias of the i-th selected field (`c0`, `c1`, ...). */
export const alias = (i: number): string => `c${i}`;

/** Lake's `eventTime` (`2023-07-10 12:00:00.000`) as CloudTrail writes it (`2023-07-10T12:00:00Z`). */
export function isoEventTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?$/.exec(text);
  return m ? `${m[1]}T${m[2]}Z` : text;
}

function value(text: string, kind: Kind): unknown {
  switch (kind) {
    case 'text':
      return text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'time':
      return isoEventTime(text);
    case 'json':
      // JSON text is parsed; anything else (a map Lake rendered as `{k=v}`) is kept as its text
      if (!text.startsWith('{') && !text.startsWith('[')) return text;
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
  }
}

/**
 * One `GetQueryResults` row (a list of `{alias: value}` cells; NULL cells absent) as a CloudTrail record:
 * each selected field put back at its path, nested objects made as needed.
 */
export function lakeRowToRecord(row: ReadonlyArray<Record<string, string>>): TrailEvent {
  const cells = new Map<string, string>();
  for (const cell of row) for (const [k, v] of Object.entries(cell)) cells.set(k, v);
  const record: Record<string, unknown> = {};
  LAKE_FIELDS.forEach((field, i) => {
    const text = cells.get(alias(i));
    if (text === undefined) return;
    let target = record;
    for (const step of field.path.slice(0, -1)) {
      target[step] ??= {};
      target = target[step] as Record<string, unknown>;
    }
    target[field.path.at(-1) as string] = value(text, field.kind);
  });
  return record as TrailEvent;
}
