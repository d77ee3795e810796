import type { PatternNode, PatternSelector, PatternValue } from './pattern-ast';

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
      return (v) => {
        for (const p of parts) if (!p(v)) return false;
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
  // Group plain exact-string equalities on the same selector into one Set lookup.
  const groups = new Map<string, { selector: PatternSelector; values: Set<string> }>();
  const rest: PatternNode[] = [];
  for (const op of operands) {
    const exact = exactString(op);
    if (exact) {
      const g = groups.get(exact.selector.text) ?? { selector: exact.selector, values: new Set<string>() };
      g.values.add(exact.value);
      groups.set(exact.selector.text, g);
    } else rest.push(op);
  }
  const parts: CompiledPattern[] = [];
  for (const g of groups.values()) {
    const get = compileGetter(g.selector);
    const set = g.values;
    if (set.size === 1) {
      const only = [...set][0]!;
      parts.push((v) => textOf(get(v)) === only);
    } else parts.push((v) => set.has(textOf(get(v)) as string));
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

function exactString(node: PatternNode): { selector: PatternSelector; value: string } | undefined {
  if (node.type !== 'compare' || node.op !== '=') return undefined;
  const value = node.value;
  if (value.kind !== 'string' || value.leading || value.trailing) return undefined;
  return { selector: node.selector, value: value.value };
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
      const re = new RegExp(value.source);
      return (x) => {
        const t = textOf(x);
        return t !== undefined && re.test(t);
      };
    }
    case 'string': {
      const s = value.value;
      let match: (t: string) => boolean;
      if (value.leading && value.trailing) match = (t) => t.includes(s);
      else if (value.leading) match = (t) => t.endsWith(s);
      else if (value.trailing) match = (t) => t.startsWith(s);
      else return (x) => textOf(x) === s;
      return (x) => {
        const t = textOf(x);
        return t !== undefined && match(t);
      };
    }
  }
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
