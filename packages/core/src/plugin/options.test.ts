import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import {
  type OptionsSchema,
  optionsTable,
  optionsTableDrift,
  validateOptions,
  withOptionsTable,
} from './options';
import { retryOptionSchema } from './retry-schema';

const SCHEMA = {
  properties: {
    url: { type: 'string', pattern: '^https?://', description: 'where to POST' },
    batchSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'items per request' },
    mode: { enum: ['a', 'b'], default: 'a', description: 'which mode' },
    fetch: { kind: 'function', description: 'the fetch to use' },
    client: { kind: 'object', typeLabel: 'S3Client', description: 'a ready client' },
    clientConfig: { type: 'object', description: 'settings for the client' },
    token: { type: 'string', secret: true, description: 'a secret' },
    name: { type: 'string', minLength: 1, description: 'a name' },
    ids: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^\\d{3}$', patternLabel: 'a 3-digit id' },
      description: 'ids',
    },
    retry: {
      type: 'object',
      description: 'retry settings',
      properties: { attempts: { type: 'integer', minimum: 1, default: 3, description: 'tries in all' } },
      additionalProperties: false,
    },
  },
  required: ['url'],
  exclusive: [['client', 'clientConfig']],
} satisfies OptionsSchema;

type Opts = { url: string; batchSize: number; mode: string; retry?: { attempts: number } };

describe('validateOptions', () => {
  it('fills in defaults on a copy and keeps what was given', () => {
    const given = { url: 'https://x', retry: {} };
    const o = validateOptions<Opts>('mySink', SCHEMA, given);
    expect(o).toEqual({ url: 'https://x', batchSize: 100, mode: 'a', retry: { attempts: 3 } });
    expect(given).toEqual({ url: 'https://x', retry: {} });
  });

  it('names the component and the option in every error', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /^mySink: url is required$/],
      [{ url: 'ftp://x' }, /^mySink: url must match \^https\?:\/\/, got "ftp:\/\/x"$/],
      [{ url: 'https://x', batchSize: 0 }, /^mySink: batchSize must be >= 1, got 0$/],
      [{ url: 'https://x', batchSize: 2.5 }, /^mySink: batchSize must be an integer, got 2.5$/],
      [{ url: 'https://x', mode: 'c' }, /^mySink: mode must be one of "a", "b", got "c"$/],
      [{ url: 'https://x', fetch: 'no' }, /^mySink: fetch must be a function, got "no"$/],
      [{ url: 'https://x', retry: { attempts: 0 } }, /^mySink: retry.attempts must be >= 1, got 0$/],
      [{ url: 'https://x', retry: { tries: 1 } }, /^mySink: unknown option retry.tries/],
      [{ url: 'https://x', bachSize: 1 }, /^mySink: unknown option bachSize \(known: url, batchSize/],
      [{ url: 'https://x', client: {}, clientConfig: {} }, /^mySink: give client or clientConfig, not both$/],
      [null, /^mySink: options must be an object, got null$/],
      [{ url: 'https://x', token: 7 }, /^mySink: token must be a string$/],
      [{ url: 'https://x', name: '' }, /^mySink: name must be a non-empty string, got ""$/],
      [{ url: 'https://x', ids: [] }, /^mySink: ids must be a non-empty array, got \[\]$/],
      [{ url: 'https://x', ids: ['12'] }, /^mySink: ids\[0\] must be a 3-digit id, got "12"$/],
    ];
    for (const [options, message] of cases) {
      const error = (() => {
        try {
          validateOptions('mySink', SCHEMA, options);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(ConfigError.isInstance(error), JSON.stringify(options)).toBe(true);
      expect((error as Error).message, JSON.stringify(options)).toMatch(message);
    }
  });

  it('ignores members that are undefined', () => {
    expect(validateOptions<Opts>('s', SCHEMA, { url: 'http://x', batchSize: undefined }).batchSize).toBe(100);
  });
});

describe('optionsTable', () => {
  it('is the README table of the schema, and drift is detected', () => {
    const table = optionsTable(SCHEMA);
    expect(table.split('\n').slice(0, 4)).toEqual([
      '| option | type | default | meaning |',
      '|---|---|---|---|',
      '| `url` | `string` | required | where to POST |',
      '| `batchSize` | `number` | `100` | items per request |',
    ]);
    expect(table).toContain('| `client` | `S3Client` |  | a ready client |');
    expect(table).toContain('| `retry.attempts` | `number` | `3` | tries in all |');
    const readme = '# x\n\n<!-- options:start -->\nold\n<!-- options:end -->\n';
    expect(optionsTableDrift(readme, SCHEMA)).toMatch(/out of date/);
    const fixed = withOptionsTable(readme, SCHEMA);
    expect(optionsTableDrift(fixed, SCHEMA)).toBeUndefined();
    expect(optionsTableDrift('# no markers', SCHEMA)).toMatch(/no <!-- options:start -->/);
  });
});

describe('retryOptionSchema', () => {
  const schema = {
    properties: { retry: retryOptionSchema({ attempts: 8, baseMs: 200, maxMs: 10_000 }, 'calls') },
  };
  it('fills in the defaults of each field, and names a bad one', () => {
    expect(validateOptions('src', schema, {})).toEqual({
      retry: { attempts: 8, baseMs: 200, maxMs: 10_000 },
    });
    expect(validateOptions('src', schema, { retry: { attempts: 2 } })).toEqual({
      retry: { attempts: 2, baseMs: 200, maxMs: 10_000 },
    });
    expect(() => validateOptions('src', schema, { retry: { attempts: 0 } })).toThrow(
      'src: retry.attempts must be >= 1, got 0',
    );
    expect(() => validateOptions('src', schema, { retry: { tries: 2 } })).toThrow(
      /unknown option retry.tries/,
    );
  });
});

describe('option tables per block', () => {
  it('keeps several tables in one README apart', () => {
    const other = {
      properties: { queueUrl: { type: 'string', description: 'the queue' } },
    } satisfies OptionsSchema;
    let readme =
      'a\n<!-- options:start -->\n<!-- options:end -->\nb\n<!-- options:start sqs -->\n<!-- options:end sqs -->\n';
    readme = withOptionsTable(withOptionsTable(readme, SCHEMA), other, 'sqs');
    expect(optionsTableDrift(readme, SCHEMA)).toBeUndefined();
    expect(optionsTableDrift(readme, other, 'sqs')).toBeUndefined();
    expect(optionsTableDrift(readme, other)).toMatch(/out of date/);
    expect(readme).toContain('| `queueUrl` | `string` |  | the queue |');
  });
});
