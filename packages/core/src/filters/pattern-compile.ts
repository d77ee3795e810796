import { PatternSyntaxError } from '../errors';
import type { PatternNode, PatternSelector, PatternValue } from './pattern-ast';
import { compileRe2, type RegexTest } from './regex-engine';
import { checkRegex } from './regex-syntax';

/** A compiled pattern: true when the (parsed JSON) value matches. */
export type CompiledPattern = (root: unknown) => boolean;

type Getter = (root: unknown) => unknown;

/**
 * Compile a pattern AST to a closure, once. Property lookups are specialised by path length, string
 * comparisons by wildcard position, and `a = x || a = y || ...` on one property becomes a `Set` lookup.
 */
export function compilePattern(node: PatternNode): CompiledPattern {
  switch (node.type) {
    case 'all':
      return () => true;
    case 'and': {
      const parts = node.operands.map(compilePattern);
      if (parts.length === 2) {
        const [a, b] = parts as [CompiledPattern, CompiledPattern];
        return (v) => a(v) && b(v);
      }
      if (parts.length === 3) {
        const [a, b, c] = parts as [CompiledPattern, CompiledPattern, CompiledPattern];
        return (v) => a(v) && b(v) && c(v);
      }
      return (v) => {
        for (let i = 0; i < parts.length; i++) if (!(parts[i] as CompiledPattern)(v)) return false;
        return true;
      };
    }
    case 'or':
      return compileOr(node.operands);
    case 'compare': {
      const get = compileGetter(node.selector);
      const test = compileValueTest(node.value);
      if (node.op === '=') return (v) => test(get(v));
      // `!=`: the property must hold a scalar (not missing, null, object or array) that does not match.
      return (v) => {
        const x = get(v);
        return isComparableScalar(x) && !test(x);
      };
    }
    case 'numeric': {
      const get = compileGetter(node.selector);
      const n = node.value;
      switch (node.op) {
        case '<':
          return (v) => {
            const x = get(v);
            return typeof x === 'number' && x < n;
          };
        case '<=':
          return (v) => {
            const x = get(v);
            return typeof x === 'number' && x <= n;
          };
        case '>':
          return (v) => {
            const x = get(v);
            return typeof x === 'number' && x > n;
          };
        case '>=':
          return (v) => {
            const x = get(v);
            return typeof x === 'number' && x >= n;
          };
      }
      break;
    }
    case 'term':
    case 'not':
    case 'delimited':
      throw new Error(`a ${node.type} node has no place in a JSON pattern`);
    case 'check': {
      const get = compileGetter(node.selector);
      switch (node.check) {
        case 'isTrue':
          return (v) => get(v) === true;
        case 'isFalse':
          return (v) => get(v) === false;
        case 'isNull':
          return (v) => get(v) === null;
        case 'notExists':
          return (v) => get(v) === undefined;
      }
    }
  }
  throw new Error(`unknown pattern node ${(node as { type: string }).type}`);
}

function compileOr(operands: readonly PatternNode[]): CompiledPattern {
  // Group string equalities on the same selector (exact ones into a Set, wildcard ones as a list of
  // matchers): the property is read and turned into text once for all of them.
  const groups = new Map<
    string,
    { selector: PatternSelector; values: Set<string>; matchers: Array<(t: string) => boolean> }
  >();
  const rest: PatternNode[] = [];
  for (const op of operands) {
    const eq = stringEquality(op);
    if (eq) {
      const g = groups.get(eq.selector.text) ?? {
        selector: eq.selector,
        values: new Set<string>(),
        matchers: [],
      };
      const matcher = wildcardMatcher(eq.value);
      if (matcher) g.matchers.push(matcher);
      else g.values.add(eq.value.value);
      groups.set(eq.selector.text, g);
    } else rest.push(op);
  }
  const parts: CompiledPattern[] = [];
  for (const g of groups.values()) {
    const get = compileGetter(g.selector);
    const set = g.values;
    const matchers = g.matchers;
    if (matchers.length === 0) {
      if (set.size === 1) {
        const only = [...set][0]!;
        parts.push((v) => textOf(get(v)) === only);
      } else parts.push((v) => set.has(textOf(get(v)) as string));
      continue;
    }
    parts.push((v) => {
      const t = textOf(get(v));
      if (t === undefined) return false;
      if (set.size > 0 && set.has(t)) return true;
      for (let i = 0; i < matchers.length; i++) if ((matchers[i] as (t: string) => boolean)(t)) return true;
      return false;
    });
  }
  for (const op of rest) parts.push(compilePattern(op));
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [a, b] = parts as [CompiledPattern, CompiledPattern];
    return (v) => a(v) || b(v);
  }
  return (v) => {
    for (const p of parts) if (p(v)) return true;
    return false;
  };
}

type StringValue = Extract<PatternValue, { kind: 'string' }>;

/** `sel = "text"` (with or without wildcards). */
function stringEquality(node: PatternNode): { selector: PatternSelector; value: StringValue } | undefined {
  if (node.type !== 'compare' || node.op !== '=' || node.value.kind !== 'string') return undefined;
  return { selector: node.selector, value: node.value };
}

/** The matcher of a string value with wildcards, or undefined for an exact value. */
function wildcardMatcher(value: StringValue): ((t: string) => boolean) | undefined {
  const s = value.value;
  if (value.leading && value.trailing) return (t) => t.includes(s);
  if (value.leading) return (t) => t.endsWith(s);
  if (value.trailing) return (t) => t.startsWith(s);
  return undefined;
}

function isComparableScalar(x: unknown): boolean {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
}

/** The text a scalar compares as (numbers and booleans as JSON text); undefined for anything else. */
function textOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return undefined;
}

/** Test for `=` (and the inner test of `!=`): false for missing, null, objects and arrays. */
function compileValueTest(value: PatternValue): (x: unknown) => boolean {
  switch (value.kind) {
    case 'any':
      return isComparableScalar;
    case 'number': {
      const n = value.value;
      const raw = value.raw;
      return (x) =>
        typeof x === 'number'
          ? x === n
          : typeof x === 'string'
            ? x === raw
            : x === true || x === false
              ? String(x) === raw
              : false;
    }
    case 'regex': {
      const test = compileRegexSource(value.source);
      return (x) => {
        const t = textOf(x);
        return t !== undefined && test(t);
      };
    }
    case 'string': {
      const s = value.value;
      const match = wildcardMatcher(value);
      if (!match) return (x) => textOf(x) === s;
      return (x) => {
        const t = textOf(x);
        return t !== undefined && match(t);
      };
    }
  }
}

/**
 * A `%regex%` value as a linear-time matcher (RE2 semantics through re2js, never `RegExp`).
 * @throws PatternSyntaxError (column within the regex) for a source outside CloudWatch Logs' syntax, as in
 * a hand-built AST; `parsePattern` has already checked every source it produces.
 */
export function compileRegexSource(source: string): RegexTest {
  const checked = checkRegex(source);
  if (!checked.ok) {
    throw new PatternSyntaxError(
      source,
      checked.offset + 1,
      `a regular expression in CloudWatch Logs syntax: ${checked.expected}`,
      JSON.stringify(source.slice(checked.offset, checked.offset + 12)),
    );
  }
  return compileRe2(checked.re2);
}

/** Own-property lookup of a name that also exists on `Object.prototype` (`constructor`, `__proto__`, ...). */
function ownProp(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) && Object.hasOwn(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;
}

function step(key: string | number): Getter {
  if (typeof key === 'number') return (o) => (Array.isArray(o) ? o[key] : undefined);
  if (key in Object.prototype) return (o) => ownProp(o, key);
  return (o) =>
    typeof o === 'object' && o !== null && !Array.isArray(o)
      ? (o as Record<string, unknown>)[key]
      : undefined;
}

/** A getter for a selector; returns `undefined` when any step is missing. Specialised for short paths. */
export function compileGetter(selector: PatternSelector): Getter {
  const path = selector.path;
  const simple = path.every((k) => typeof k === 'string' && !(k in Object.prototype));
  if (simple && path.length === 1) {
    const a = path[0] as string;
    return (o) => (isObj(o) ? o[a] : undefined);
  }
  if (simple && path.length === 2) {
    const [a, b] = path as [string, string];
    return (o) => {
      if (!isObj(o)) return undefined;
      const x = o[a];
      return isObj(x) ? x[b] : undefined;
    };
  }
  if (simple && path.length === 3) {
    const [a, b, c] = path as [string, string, string];
    return (o) => {
      if (!isObj(o)) return undefined;
      const x = o[a];
      if (!isObj(x)) return undefined;
      const y = x[b];
      return isObj(y) ? y[c] : undefined;
    };
  }
  const steps = path.map(step);
  return (o) => {
    let cur: unknown = o;
    for (const s of steps) {
      cur = s(cur);
      if (cur === undefined) return undefined;
    }
    return cur;
  };
}

function isObj(o: unknown): o is Record<string, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}
