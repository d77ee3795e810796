import { type ConditionNode, parseCondition } from './sigma-condition';
import { SigmaUnsupportedError } from './sigma-errors';
import { type CompiledField, compileField, type SigmaRecord } from './sigma-field';
import { joinPatterns } from './sigma-pattern';
import { parseWildcards, wildcardMatcher } from './sigma-wildcard';

/** A compiled `detection:` section. */
export interface CompiledDetection {
  test(record: SigmaRecord): boolean;
  /** Lower-cased `eventName` texts a matching record must have (one of), or undefined: no such condition. */
  eventNames?: ReadonlySet<string>;
  /** Lower-cased `eventSource` texts a matching record must have (one of), or undefined. */
  eventSources?: ReadonlySet<string>;
  /** The fields the detection reads (for `rules list` and pushdown). */
  fields: ReadonlySet<string>;
  /** The equal CloudWatch Logs filter pattern expression (without braces), when there is one. */
  pattern?: string;
}

interface Search {
  test(record: SigmaRecord): boolean;
  names?: ReadonlySet<string>;
  sources?: ReadonlySet<string>;
  pattern?: string;
}

function withPattern<S extends Search>(search: S, pattern: string | undefined): S {
  if (pattern !== undefined) search.pattern = pattern;
  return search;
}

type Hint = ReadonlySet<string> | undefined;

function intersect(a: Hint, b: Hint): Hint {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function union(a: Hint, b: Hint): Hint {
  if (a === undefined || b === undefined) return undefined;
  return new Set([...a, ...b]);
}

/** Every string leaf of a record (keyword search looks at all of them). */
function someString(v: unknown, test: (s: string) => boolean, depth = 0): boolean {
  if (typeof v === 'string') return test(v);
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => someString(x, test, depth + 1));
  for (const k in v) if (someString((v as Record<string, unknown>)[k], test, depth + 1)) return true;
  return false;
}

function keywordSearch(values: readonly unknown[], where: string, name: string): Search {
  const matchers = values.map((v) => {
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new SigmaUnsupportedError(where, `keyword "${name}" with a value that is not text`);
    }
    return wildcardMatcher(['*', ...parseWildcards(String(v).toLowerCase()), '*']);
  });
  return {
    test: (r) =>
      someString(r, (s) => {
        const lower = s.toLowerCase();
        return matchers.some((m) => m(lower));
      }),
  };
}

function mapSearch(map: Record<string, unknown>, where: string, name: string, fields: Set<string>): Search {
  const compiled: CompiledField[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (key === '' || key.startsWith('|')) {
      throw new SigmaUnsupportedError(where, `a keyword with modifiers in selection "${name}" ("${key}")`);
    }
    const c = compileField(key, value, `${where} (selection "${name}")`);
    fields.add(c.field);
    compiled.push(c);
  }
  let names: Hint;
  let sources: Hint;
  for (const c of compiled) {
    if (c.exact === undefined) continue;
    const lower = new Set([...c.exact].map((x) => x.toLowerCase()));
    if (c.field === 'eventName') names = intersect(names, lower);
    if (c.field === 'eventSource') sources = intersect(sources, lower);
  }
  const tests = compiled.map((c) => c.test);
  const test =
    tests.length === 1
      ? (tests[0] as Search['test'])
      : (r: SigmaRecord) => {
          for (const t of tests) if (!t(r)) return false;
          return true;
        };
  return withPattern(
    { test, ...(names && { names }), ...(sources && { sources }) },
    joinPatterns(
      compiled.map((c) => c.pattern),
      '&&',
    ),
  );
}

function compileSearch(value: unknown, where: string, name: string, fields: Set<string>): Search {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return mapSearch(value as Record<string, unknown>, where, name, fields);
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 0 && list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) {
    // a list of maps: OR
    const searches = list.map((m) => mapSearch(m as Record<string, unknown>, where, name, fields));
    let names: Hint = searches[0]?.names;
    let sources: Hint = searches[0]?.sources;
    for (const s of searches.slice(1)) {
      names = union(names, s.names);
      sources = union(sources, s.sources);
    }
    const tests = searches.map((s) => s.test);
    return withPattern(
      {
        test: (r) => tests.some((t) => t(r)),
        ...(names && { names }),
        ...(sources && { sources }),
      },
      joinPatterns(
        searches.map((x) => x.pattern),
        '||',
      ),
    );
  }
  if (list.some((x) => x !== null && typeof x === 'object')) {
    throw new SigmaUnsupportedError(where, `selection "${name}" mixes keywords and field maps`);
  }
  return keywordSearch(list, where, name);
}

/**
 * Compile a Sigma `detection:` section: search identifiers (maps are AND, lists of maps OR, lists of
 * values keywords) and the `condition` (a text or a list of texts, OR). `timeframe` belongs to the
 * deprecated aggregations and is refused.
 * @throws SigmaUnsupportedError naming the construct.
 */
export function compileDetection(detection: unknown, where: string): CompiledDetection {
  if (detection === null || typeof detection !== 'object' || Array.isArray(detection)) {
    throw new SigmaUnsupportedError(where, '"detection" that is not a map');
  }
  const d = detection as Record<string, unknown>;
  if (d.timeframe !== undefined) {
    throw new SigmaUnsupportedError(where, '"detection.timeframe" (use a correlation rule)');
  }
  const fields = new Set<string>();
  const searches = new Map<string, Search>();
  for (const [name, value] of Object.entries(d)) {
    if (name === 'condition') continue;
    searches.set(name, compileSearch(value, where, name, fields));
  }
  const conditions = Array.isArray(d.condition) ? d.condition : [d.condition];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string')) {
    throw new SigmaUnsupportedError(where, '"detection.condition" that is not a text or a list of texts');
  }
  const names = [...searches.keys()];
  const compiled = (conditions as string[]).map((c) =>
    compileNode(parseCondition(c, names, where), searches),
  );
  const pattern = joinPatterns(
    compiled.map((c) => c.pattern),
    '||',
  );
  if (compiled.length === 1) {
    const one = compiled[0] as Search;
    return {
      test: one.test,
      ...(one.names && { eventNames: one.names }),
      ...(one.sources && { eventSources: one.sources }),
      fields,
      ...(pattern !== undefined && { pattern }),
    };
  }
  let eventNames: Hint = compiled[0]?.names;
  let eventSources: Hint = compiled[0]?.sources;
  for (const s of compiled.slice(1)) {
    eventNames = union(eventNames, s.names);
    eventSources = union(eventSources, s.sources);
  }
  const tests = compiled.map((s) => s.test);
  return {
    test: (r) => tests.some((t) => t(r)),
    ...(eventNames && { eventNames }),
    ...(eventSources && { eventSources }),
    fields,
    ...(pattern !== undefined && { pattern }),
  };
}

function compileNode(node: ConditionNode, searches: ReadonlyMap<string, Search>): Search {
  switch (node.kind) {
    case 'id':
      return searches.get(node.name) as Search;
    case 'not': {
      const inner = compileNode(node.operand, searches);
      return { test: (r) => !inner.test(r) };
    }
    case 'and':
    case 'or': {
      const a = compileNode(node.left, searches);
      const b = compileNode(node.right, searches);
      const pattern = joinPatterns([a.pattern, b.pattern], node.kind === 'and' ? '&&' : '||');
      if (node.kind === 'and') {
        const names = intersect(a.names, b.names);
        const sources = intersect(a.sources, b.sources);
        return withPattern(
          { test: (r) => a.test(r) && b.test(r), ...(names && { names }), ...(sources && { sources }) },
          pattern,
        );
      }
      const names = union(a.names, b.names);
      const sources = union(a.sources, b.sources);
      return withPattern(
        { test: (r) => a.test(r) || b.test(r), ...(names && { names }), ...(sources && { sources }) },
        pattern,
      );
    }
    case 'of': {
      const parts = node.names.map((n) => searches.get(n) as Search);
      let names: Hint = parts[0]?.names;
      let sources: Hint = parts[0]?.sources;
      for (const p of parts.slice(1)) {
        names = node.quantifier === 'all' ? intersect(names, p.names) : union(names, p.names);
        sources = node.quantifier === 'all' ? intersect(sources, p.sources) : union(sources, p.sources);
      }
      const tests = parts.map((p) => p.test);
      const test =
        node.quantifier === 'all'
          ? (r: SigmaRecord) => tests.every((t) => t(r))
          : (r: SigmaRecord) => tests.some((t) => t(r));
      return withPattern(
        { test, ...(names && { names }), ...(sources && { sources }) },
        joinPatterns(
          parts.map((p) => p.pattern),
          node.quantifier === 'all' ? '&&' : '||',
        ),
      );
    }
  }
}
