/**
 * Plugin options from a schema: one JSON Schema per plugin (with `default` and `description` on each
 * option) validates what the user passed, fills in the defaults, and generates the README's option table.
 * Modelled on middy's `defaults` + `optionSchema` per package.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors';

/** A non-JSON value an option may hold: a function, an object with methods (a client), an AbortSignal. */
export type OptionKind = 'function' | 'object' | 'signal';

/**
 * The schema of one option: JSON Schema (draft 7 keywords that ajv knows) plus `kind` for values JSON
 * Schema cannot describe, and `description` (required: it is the README's "meaning" column).
 */
export interface OptionSchema {
  description: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  kind?: OptionKind;
  default?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** What a value matching `pattern` is, for error messages: `a 12-digit account id`. */
  patternLabel?: string;
  items?: Omit<OptionSchema, 'description'> & { description?: string };
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, OptionSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | (Omit<OptionSchema, 'description'> & { description?: string });
  anyOf?: ReadonlyArray<Omit<OptionSchema, 'description'> & { description?: string }>;
  /** How the README shows the type, when the schema's own type would say too little (e.g. `S3Client`). */
  typeLabel?: string;
  /** A secret (a token, a signing key, header values): error messages never quote its value. */
  secret?: boolean;
}

/** The options of one plugin: each option's schema, which are required, and which exclude each other. */
export interface OptionsSchema {
  properties: Record<string, OptionSchema>;
  required?: readonly string[];
  /** Pairs (or groups) of options of which at most one may be given, e.g. `['client', 'clientConfig']`. */
  exclusive?: ReadonlyArray<readonly string[]>;
}

const compiled = new WeakMap<OptionsSchema, ValidateFunction>();
/**
 * One Ajv for every options schema (made on first use): an instance costs about as much as compiling two or
 * three schemas, and a process validates a handful (a pipeline, its source, its sinks), so sharing it keeps
 * start-up short (a Lambda cold start, a CLI run). The schemas compiled here have no `$id`, so they cannot
 * clash in it.
 */
let sharedAjv: Ajv | undefined;

function optionsAjv(): Ajv {
  if (sharedAjv) return sharedAjv;
  sharedAjv = new Ajv({ allErrors: false, strict: false, useDefaults: true, verbose: true });
  sharedAjv.addKeyword({
    keyword: 'kind',
    schemaType: 'string',
    errors: false,
    validate: (kind: OptionKind, data: unknown) =>
      kind === 'function'
        ? typeof data === 'function'
        : kind === 'signal'
          ? data instanceof AbortSignal
          : typeof data === 'object' && data !== null,
  });
  return sharedAjv;
}

function compile(schema: OptionsSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const ajv = optionsAjv();
    const whole = {
      type: 'object',
      properties: schema.properties,
      required: [...(schema.required ?? [])],
      additionalProperties: false,
    };
    validate = ajv.compile(whole);
    // the function is kept here (by schema); the shared instance keeps nothing of it
    ajv.removeSchema(whole);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Check `options` against `schema` and return a copy with every default filled in. Throws `ConfigError`
 * (`CONFIG_INVALID`) whose message names the component and the option (`webhookSink: batchSize must be >= 1,
 * got 0`), for an unknown option too (with the known ones listed).
 *
 * @example
 * ```ts
 * const SCHEMA = {
 *   properties: {
 *     url: { type: 'string', pattern: '^https?://', description: 'where to POST' },
 *     batchSize: { type: 'integer', minimum: 1, default: 100, description: 'items per request' },
 *   },
 *   required: ['url'],
 * } satisfies OptionsSchema;
 * const o = validateOptions<{ url: string; batchSize: number }>('mySink', SCHEMA, options);
 * ```
 */
export function validateOptions<T>(component: string, schema: OptionsSchema, options: unknown): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(component, `options must be an object, got ${describe(options)}`);
  }
  // Own, defined members only, plain objects copied: defaults never land on the caller's objects.
  const copy = copyPlain(options) as Record<string, unknown>;
  for (const group of schema.exclusive ?? []) {
    const given = group.filter((k) => copy[k] !== undefined);
    if (given.length > 1) throw new ConfigError(component, `give ${given.join(' or ')}, not both`);
  }
  const validate = compile(schema);
  if (!validate(copy)) throw new ConfigError(component, explain(validate.errors?.[0], schema, copy));
  return copy as T;
}

/** A copy of plain objects and arrays (without `undefined` members); anything else is kept as it is. */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // a client, a signal, a Date, ...
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = copyPlain(v);
  return out;
}

/** One ajv error as a sentence about the option. */
function explain(
  error: ErrorObject | undefined,
  schema: OptionsSchema,
  options: Record<string, unknown>,
): string {
  if (!error) return 'invalid options';
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const value = path === '' ? options : valueAt(options, error.instancePath);
  const top = error.instancePath.split('/')[1] ?? '';
  const got = schema.properties[top]?.secret ? '' : `, got ${describe(value)}`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown option ${path ? `${path}.` : ''}${String(p.additionalProperty)} (known: ${Object.keys(schema.properties).join(', ')})`;
    case 'required':
      return `${path ? `${path}.` : ''}${String(p.missingProperty)} is required`;
    case 'type':
      return `${path} must be ${article(String(p.type))}${got}`;
    case 'kind':
      return `${path} must be ${article(String(error.schema))}${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return `${path} must be ${String(p.comparison)} ${String(p.limit)}${got}`;
    case 'enum':
      return `${path} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'pattern': {
      const label = (error.parentSchema as OptionSchema | undefined)?.patternLabel;
      return `${path} must ${label ? `be ${label}` : `match ${String(p.pattern)}`}${got}`;
    }
    case 'minLength':
      return p.limit === 1
        ? `${path} must be a non-empty string${got}`
        : `${path} must be at least ${String(p.limit)} characters${got}`;
    case 'minItems':
      return p.limit === 1
        ? `${path} must be a non-empty array${got}`
        : `${path} must have at least ${String(p.limit)} items${got}`;
    case 'maxItems':
      return `${path} must have at most ${String(p.limit)} items${got}`;
    default:
      return `${path} ${error.message ?? 'is invalid'}${got}`;
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let value: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value instanceof AbortSignal) return 'an AbortSignal';
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return typeof value;
  }
}

/**
 * The README table of a plugin's options (`| option | type | default | meaning |`), generated from its
 * schema, so that docs and validation cannot drift apart: keep it between `<!-- options:start -->` and
 * `<!-- options:end -->` and check it with {@link optionsTableDrift} in a test.
 */
export function optionsTable(schema: OptionsSchema): string {
  const rows = ['| option | type | default | meaning |', '|---|---|---|---|'];
  const required = new Set(schema.required ?? []);
  const add = (name: string, o: OptionSchema) => {
    const def =
      o.default === undefined ? (required.has(name) ? 'required' : '') : `\`${JSON.stringify(o.default)}\``;
    rows.push(`| \`${name}\` | ${typeLabel(o)} | ${def} | ${o.description.replace(/\|/g, '\\|')} |`);
    if (o.type === 'object' && o.properties) {
      for (const [sub, s] of Object.entries(o.properties)) add(`${name}.${sub}`, s);
    }
  };
  for (const [name, o] of Object.entries(schema.properties)) add(name, o);
  return rows.join('\n');
}

function typeLabel(o: Omit<OptionSchema, 'description'>): string {
  if (o.typeLabel) return `\`${o.typeLabel.replace(/\|/g, '\\|')}\``; // `|` would end the cell
  if (o.enum) return o.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (o.kind) return `\`${o.kind === 'signal' ? 'AbortSignal' : o.kind}\``;
  if (o.anyOf) return o.anyOf.map(typeLabel).join(' \\| ');
  if (o.type === 'array') return `${o.items ? typeLabel(o.items).replace(/`$/, '[]`') : '`array`'}`;
  return `\`${o.type === 'integer' ? 'number' : (o.type ?? 'unknown')}\``;
}

/** The markers of a README's option table; `block` names one when a README holds several. */
function markers(block?: string): [string, string] {
  const name = block ? ` ${block}` : '';
  return [`<!-- options:start${name} -->`, `<!-- options:end${name} -->`];
}

/**
 * `undefined` when `readme` holds exactly {@link optionsTable}(schema) between the option markers
 * (`<!-- options:start -->` ... `<!-- options:end -->`, or `<!-- options:start <block> -->` ...
 * `<!-- options:end <block> -->` for a README with several tables); else a message saying what to do.
 * For a test: `expect(optionsTableDrift(readme, SCHEMA)).toBeUndefined()`.
 */
export function optionsTableDrift(readme: string, schema: OptionsSchema, block?: string): string | undefined {
  const [START, END] = markers(block);
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) return `the README has no ${START} ... ${END} block`;
  const current = readme.slice(start + START.length, end).trim();
  const wanted = optionsTable(schema);
  return current === wanted
    ? undefined
    : `the README's option table is out of date; it should be:\n${wanted}`;
}

/** `readme` with the table between the option markers (of `block`) replaced by {@link optionsTable}(schema). */
export function withOptionsTable(readme: string, schema: OptionsSchema, block?: string): string {
  const [START, END] = markers(block);
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`no ${START} ... ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${optionsTable(schema)}\n${readme.slice(end)}`;
}
