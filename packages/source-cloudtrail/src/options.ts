import type { OptionsSchema } from '@trailkit/core/plugin';

const FILTERS = {
  type: 'object',
  kind: 'object',
  typeLabel: 'CloudTrailFilters',
  description:
    'time range (`since`, `until`), a filter `pattern` and `where` criteria; pushed down where the API can, the rest run locally',
  default: {},
} as const;

const CLIENT = {
  kind: 'object',
  typeLabel: 'CloudTrailClient',
  description: 'a ready CloudTrail client (its region is the one read); not with `clientConfig`',
} as const;

const CLIENT_CONFIG = {
  type: 'object',
  typeLabel: 'CloudTrailClientConfig',
  description: 'settings for the clients this source builds (one per region, `region` set for each)',
} as const;

/** The options of `lookupEventsSource`, their defaults and the README table. */
export const LOOKUP_EVENTS_SOURCE_SCHEMA = {
  properties: {
    regions: {
      anyOf: [
        { type: 'array', items: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d+$' }, minItems: 1 },
        { kind: 'function' },
      ],
      typeLabel: 'string[] or () => Promise<string[]>',
      description:
        "regions to read, all at once, or a function that lists them when the read starts (e.g. `enabledRegions()`); default: the client's region",
    },
    filters: FILTERS,
    lookupAttribute: {
      type: 'object',
      typeLabel: 'LookupAttribute',
      properties: {
        key: {
          type: 'string',
          enum: [
            'EventId',
            'EventName',
            'ReadOnly',
            'Username',
            'ResourceType',
            'ResourceName',
            'EventSource',
            'AccessKeyId',
          ],
          description: 'attribute key',
        },
        value: { type: 'string', minLength: 1, description: 'attribute value' },
      },
      required: ['key', 'value'],
      additionalProperties: false,
      description: 'the lookup attribute to send, instead of the one derived from `filters`',
    },
    callsPerSecond: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 2,
      description: 'LookupEvents calls per second per region (AWS allows 2 per account and region)',
    },
    maxResults: {
      type: 'integer',
      minimum: 1,
      maximum: 50,
      default: 50,
      description: 'events per LookupEvents page (at most 50)',
    },
    attempts: {
      type: 'integer',
      minimum: 1,
      default: 8,
      description: 'attempts for each call on throttling and 5xx errors',
    },
    client: CLIENT,
    clientConfig: CLIENT_CONFIG,
    name: {
      type: 'string',
      minLength: 1,
      default: 'lookup-events',
      description: 'source name, also the checkpoint key',
    },
  },
  exclusive: [['client', 'clientConfig']],
} satisfies OptionsSchema;

/** The options of `cloudTrailLakeSource`, their defaults and the README table. */
export const CLOUDTRAIL_LAKE_SOURCE_SCHEMA = {
  properties: {
    eventDataStore: {
      type: 'string',
      pattern: '^[a-zA-Z0-9._/:-]{3,256}$',
      description: 'the event data store: its ARN or ID',
    },
    filters: FILTERS,
    pollInterval: {
      type: 'integer',
      minimum: 1,
      default: 500,
      description: 'first wait between DescribeQuery polls in ms (grows ×1.5 up to `maxPollInterval`)',
    },
    maxPollInterval: {
      type: 'integer',
      minimum: 1,
      default: 5000,
      description: 'longest wait between polls in ms',
    },
    pageSize: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 1000,
      description: 'rows per GetQueryResults page (at most 1000)',
    },
    attempts: {
      type: 'integer',
      minimum: 1,
      default: 6,
      description: 'attempts for each call on throttling and 5xx errors',
    },
    client: {
      kind: 'object',
      typeLabel: 'CloudTrailClient',
      description: "a ready CloudTrail client (the event data store's region); not with `clientConfig`",
    },
    clientConfig: {
      type: 'object',
      typeLabel: 'CloudTrailClientConfig',
      description: 'settings for the client this source builds',
    },
    name: {
      type: 'string',
      minLength: 1,
      default: 'cloudtrail-lake',
      description: 'source name, also the checkpoint key',
    },
  },
  required: ['eventDataStore'],
  exclusive: [['client', 'clientConfig']],
} satisfies OptionsSchema;
