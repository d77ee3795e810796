import { MAX_THRESHOLD_COUNT, MAX_THRESHOLD_KEYS, MAX_WINDOW_SECONDS } from './rule-limits';

const stringCondition = {
  anyOf: [
    { type: 'string' },
    { type: 'array', items: { type: 'string' }, minItems: 1 },
    {
      type: 'object',
      properties: {
        not: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
      },
      required: ['not'],
      additionalProperties: false,
    },
  ],
};

const whereSchema = {
  type: 'object',
  properties: {
    eventSource: stringCondition,
    eventName: stringCondition,
    eventType: stringCondition,
    eventCategory: stringCondition,
    errorCode: stringCondition,
    errorMessage: stringCondition,
    userIdentityType: stringCondition,
    userName: stringCondition,
    principal: stringCondition,
    accessKeyId: stringCondition,
    accountId: stringCondition,
    region: stringCondition,
    sourceIPAddress: stringCondition,
    userAgent: stringCondition,
    since: { type: 'string' },
    until: { type: 'string' },
    readOnly: { type: 'boolean' },
    managementEvent: { type: 'boolean' },
    hasError: { type: 'boolean' },
    fields: { type: 'object', additionalProperties: stringCondition },
  },
  additionalProperties: false,
};

/**
 * JSON Schema of one rule in a rules file. Exactly one of `pattern` / `where` is checked separately, and so
 * is a `threshold.window` text's value (at most `MAX_WINDOW_SECONDS`, like a number of seconds).
 * `threshold.count` is an integer from 1 to `MAX_THRESHOLD_COUNT`, `threshold.maxKeys` from 1 to
 * `MAX_THRESHOLD_KEYS`.
 */
export const RULE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9_.:-]+$' },
    title: { type: 'string', minLength: 1 },
    severity: { enum: ['info', 'low', 'medium', 'high', 'critical'] },
    description: { type: 'string' },
    references: { type: 'array', items: { type: 'string' } },
    tags: { type: 'array', items: { type: 'string' } },
    attack: {
      type: 'object',
      properties: {
        tactics: { type: 'array', items: { type: 'string' } },
        techniques: { type: 'array', items: { type: 'string', pattern: '^T\\d{4}(\\.\\d{3})?$' } },
      },
      required: ['tactics', 'techniques'],
      additionalProperties: false,
    },
    tests: { type: 'array' },
    pattern: { type: 'string' },
    where: whereSchema,
    threshold: {
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 1, maximum: MAX_THRESHOLD_COUNT },
        window: {
          anyOf: [
            { type: 'number', exclusiveMinimum: 0, maximum: MAX_WINDOW_SECONDS },
            { type: 'string', pattern: '^\\d{1,9}(\\.\\d{1,9})?\\s*(s|m|h)$' },
          ],
        },
        groupBy: { enum: ['principal', 'userName', 'sourceIPAddress', 'account', 'action'] },
        maxKeys: { type: 'integer', minimum: 1, maximum: MAX_THRESHOLD_KEYS },
      },
      required: ['count', 'window'],
      additionalProperties: false,
    },
  },
  required: ['id', 'title', 'severity'],
  additionalProperties: false,
} as const;
