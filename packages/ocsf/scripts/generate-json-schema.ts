/**
 * Generate the JSON Schema (draft-07) of the OCSF classes trailkit writes from a checkout of the OCSF schema
 * repository (its `dictionary.json`, `categories.json`, `events/`, `objects/`, `profiles/`), for the tests.
 *
 *   node --import tsx scripts/generate-json-schema.ts <ocsf-schema checkout> [version] > test/fixtures/ocsf-schema/ocsf-1.5.0.schema.json
 *
 * `version` names the release when the checkout's `version.json` does not (the `1.5.0` tag's says `1.6.0-dev`).
 *
 * What it compiles, as the OCSF server does: a class's attributes along its `extends` chain (child keys over
 * parent keys, enums merged), `$include`d profile attributes (kept only for the profiles applied: `cloud`
 * and `datetime`, and `host` for Detection Finding, whose `actor` comes from it; an attribute with
 * `"profile": null` is always kept), each attribute's type and
 * `is_array` from the dictionary, `requirement: "required"` as JSON Schema `required`, integer enums as
 * `enum`, the object constraints `at_least_one` (anyOf) and `just_one` (oneOf), the `datetime` profile's
 * `<name>_dt` sibling of every timestamp, the observable type ids (gathered from the `observable` numbers of
 * types, attributes and objects, as the OCSF server does), and `class_uid`/`category_uid`/`type_uid` fixed to the class's
 * values. Objects and classes are closed (`additionalProperties: false`): a misspelled or invented field
 * fails validation. Extensions are not compiled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, any>;

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: generate-json-schema.ts <ocsf-schema checkout> [version]\n');
  process.exit(2);
}
/** The classes compiled, each with the profiles trailkit applies to it (objects get `cloud` and `datetime`). */
const CLASSES: Record<string, string[]> = {
  api_activity: ['cloud', 'datetime'],
  detection_finding: ['cloud', 'datetime', 'host'],
};
const OBJECT_PROFILES = new Set(['cloud', 'datetime']);

const read = (path: string): Json => JSON.parse(readFileSync(join(root, path), 'utf8'));
const dictionary = read('dictionary.json');
const categories = read('categories.json').attributes as Json;
const version = process.argv[3] ?? (read('version.json').version as string);

function byName(dir: string): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (d: string) => {
    for (const entry of readdirSync(join(root, d), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (entry.name.endsWith('.json')) {
        const doc = read(join(d, entry.name));
        if (typeof doc.name === 'string') out.set(doc.name, doc);
      }
    }
  };
  walk(dir);
  return out;
}
const classes = byName('events');
const objects = byName('objects');

/** An item's own attributes with its `$include`d profiles merged under them (each tagged with its profile). */
function ownAttributes(item: Json): Json {
  const attrs: Json = {};
  for (const path of (item.attributes?.$include ?? []) as string[]) {
    const profile = read(path);
    for (const [k, v] of Object.entries(profile.attributes as Json))
      attrs[k] = { ...v, profile: profile.name };
  }
  for (const [k, v] of Object.entries((item.attributes ?? {}) as Json)) {
    if (k === '$include') continue;
    attrs[k] = merge(attrs[k], v);
  }
  return attrs;
}

/** Child attribute properties over the parent's; enums are merged. */
function merge(parent: Json | undefined, child: Json): Json {
  if (!parent) return { ...child };
  const out = { ...parent, ...child };
  if (parent.enum || child.enum) out.enum = { ...(parent.enum ?? {}), ...(child.enum ?? {}) };
  return out;
}

/** The attributes along the `extends` chain, and the chain's constraints (the nearest one wins). */
function resolve(item: Json, all: Map<string, Json>): { attrs: Json; constraints?: Json } {
  const parent = item.extends && item.extends !== 'object' ? all.get(item.extends) : undefined;
  if (item.extends && item.extends !== 'object' && !parent)
    throw new Error(`${item.name}: no ${item.extends}`);
  const base = parent ? resolve(parent, all) : { attrs: {} as Json };
  const attrs: Json = { ...base.attrs };
  for (const [k, v] of Object.entries(ownAttributes(item))) attrs[k] = merge(attrs[k], v);
  return { attrs, constraints: item.constraints ?? base.constraints };
}

const kept = (a: Json, profiles: Set<string>) =>
  a.profile === undefined || a.profile === null || profiles.has(a.profile);

const defs: Json = {};
const pending: string[] = [];

/** The JSON Schema of a dictionary type, or a `$ref` to an object's definition. */
function typeSchema(type: string): Json {
  // `object` is the dictionary's free-form object type (e.g. `unmapped`), not the root of the object tree
  if (type === 'object') return { type: 'object' };
  if (objects.has(type)) {
    if (!defs[type] && !pending.includes(type)) pending.push(type);
    return { $ref: `#/definitions/${type}` };
  }
  if (type === 'json_t') return {};
  const t = dictionary.types.attributes[type] as Json | undefined;
  if (!t) throw new Error(`unknown type ${type}`);
  const base =
    type === 'string_t'
      ? { type: 'string' }
      : type === 'integer_t' || type === 'long_t'
        ? { type: 'integer' }
        : type === 'float_t'
          ? { type: 'number' }
          : type === 'boolean_t'
            ? { type: 'boolean' }
            : typeSchema(t.type);
  const out: Json = { ...base };
  if (t.regex && (type === 'datetime_t' || type === 'ip_t')) out.pattern = t.regex;
  if (t.range) {
    out.minimum = t.range[0];
    out.maximum = t.range[1];
  }
  return out;
}

/** The JSON Schema of one attribute (its dictionary entry under the class's or object's definition). */
function attributeSchema(name: string, a: Json): Json {
  const d = dictionary.attributes[name] as Json | undefined;
  if (!d) throw new Error(`attribute ${name} is not in the dictionary`);
  const def = merge(d, a);
  let s = typeSchema(def.type);
  if (def.enum && (def.type === 'integer_t' || def.type === 'long_t')) {
    s = {
      ...s,
      enum: Object.keys(def.enum)
        .map(Number)
        .sort((x, y) => x - y),
    };
  }
  return def.is_array ? { type: 'array', items: s } : s;
}

function objectSchema(attrs: Json, profiles: Set<string>, constraints?: Json): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [name, a] of Object.entries(attrs).sort(([x], [y]) => x.localeCompare(y))) {
    if (!kept(a, profiles)) continue;
    properties[name] = attributeSchema(name, a);
    if (a.requirement === 'required') required.push(name);
    const d = merge(dictionary.attributes[name], a);
    if (profiles.has('datetime') && d.type === 'timestamp_t' && !d.is_array) {
      properties[`${name}_dt`] = typeSchema('datetime_t');
    }
  }
  const s: Json = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) s.required = required;
  const present = (list: string[]) => list.filter((k) => properties[k] !== undefined);
  if (constraints?.at_least_one) s.anyOf = present(constraints.at_least_one).map((k) => ({ required: [k] }));
  if (constraints?.just_one) s.oneOf = present(constraints.just_one).map((k) => ({ required: [k] }));
  return s;
}

/**
 * The observable type ids, as the OCSF server enumerates them: 0 and 99, and every `observable` number of a
 * dictionary type, a dictionary attribute, an object, or an object's or class's attribute.
 */
function observableTypeIds(): number[] {
  const ids = new Set<number>([0, 99]);
  const add = (v: Json | undefined) => typeof v?.observable === 'number' && ids.add(v.observable);
  for (const t of Object.values(dictionary.types.attributes as Json)) add(t as Json);
  for (const a of Object.values(dictionary.attributes as Json)) add(a as Json);
  for (const item of [...objects.values(), ...classes.values()]) {
    add(item);
    for (const a of Object.values((item.attributes ?? {}) as Json))
      if (a && typeof a === 'object') add(a as Json);
  }
  return [...ids].sort((x, y) => x - y);
}

const out: Json = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $comment: `OCSF ${version} classes ${Object.entries(CLASSES)
    .map(([c, p]) => `${c} (profiles ${p.join(', ')})`)
    .join(
      ', ',
    )}, generated by packages/ocsf/scripts/generate-json-schema.ts from the OCSF schema repository (Apache-2.0)`,
  definitions: defs,
};
for (const [name, profiles] of Object.entries(CLASSES)) {
  const cls = classes.get(name);
  if (!cls) throw new Error(`no class ${name}`);
  const { attrs } = resolve(cls, classes);
  const categoryName = (cls.category ?? resolveCategory(cls)) as string;
  const categoryUid = categories[categoryName].uid as number;
  const classUid = categoryUid * 1000 + (cls.uid as number);
  const s = objectSchema(attrs, new Set(profiles));
  s.properties.category_uid = { type: 'integer', const: categoryUid };
  s.properties.class_uid = { type: 'integer', const: classUid };
  const activities = (s.properties.activity_id.enum as number[]) ?? [];
  s.properties.type_uid = { type: 'integer', enum: activities.map((a) => classUid * 100 + a) };
  defs[`class_${name}`] = s;
}
while (pending.length > 0) {
  const name = pending.shift() as string;
  const { attrs, constraints } = resolve(objects.get(name) as Json, objects);
  defs[name] = objectSchema(attrs, OBJECT_PROFILES, constraints);
}
if (defs.observable) defs.observable.properties.type_id = { type: 'integer', enum: observableTypeIds() };
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);

function resolveCategory(cls: Json): string {
  let c: Json | undefined = cls;
  while (c && !c.category) c = c.extends ? classes.get(c.extends) : undefined;
  if (!c) throw new Error(`${cls.name}: no category`);
  return c.category;
}
