import type { PatternNode } from './pattern-ast';

/**
 * A necessary condition of a pattern on one property: the exact texts the property must have for the pattern
 * to match, or `undefined` when the pattern does not confine the property to a finite set of exact strings.
 *
 * `{ $.eventSource = "s3.amazonaws.com" && ($.eventName = "PutBucketAcl" || $.eventName = "PutBucketPolicy") }`
 * gives `{PutBucketAcl, PutBucketPolicy}` for `['eventName']`: no event whose `eventName` is another text can
 * match. Only `=` with a string value without wildcards counts (quoted or not); `!=`, wildcards, numbers,
 * regexes and checks give no condition. An AND takes the intersection of its operands' conditions, an OR the
 * union (and gives none when one operand has none). The texts compare like the pattern does: a number or
 * boolean property compares as its JSON text, so callers should test such a property's text, or not skip.
 *
 * Used to index rules by `eventName` / `eventSource` (see `indexDetectors`).
 */
export function requiredValues(
  node: PatternNode,
  path: ReadonlyArray<string | number>,
): ReadonlySet<string> | undefined {
  switch (node.type) {
    case 'compare': {
      if (node.op !== '=' || !samePath(node.selector.path, path)) return undefined;
      const v = node.value;
      if (v.kind !== 'string' || v.leading || v.trailing) return undefined;
      return new Set([v.value]);
    }
    case 'and': {
      let acc: Set<string> | undefined;
      for (const op of node.operands) {
        const s = requiredValues(op, path);
        if (s === undefined) continue;
        acc = acc === undefined ? new Set(s) : new Set([...acc].filter((x) => s.has(x)));
      }
      return acc;
    }
    case 'or': {
      const acc = new Set<string>();
      for (const op of node.operands) {
        const s = requiredValues(op, path);
        if (s === undefined) return undefined;
        for (const x of s) acc.add(x);
      }
      return acc;
    }
    default:
      return undefined;
  }
}

function samePath(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * True when the pattern can only match an event in which the property is present (not `undefined`): every
 * branch of the pattern compares it or checks it (`=`, `!=`, `<`..., `IS TRUE`, `IS FALSE`, `IS NULL` all
 * fail on a missing property; `NOT EXISTS` and the empty pattern do not require it).
 */
export function requiresPresence(node: PatternNode, path: ReadonlyArray<string | number>): boolean {
  switch (node.type) {
    case 'compare':
    case 'numeric':
      return samePath(node.selector.path, path);
    case 'check':
      return node.check !== 'notExists' && samePath(node.selector.path, path);
    case 'and':
      return node.operands.some((op) => requiresPresence(op, path));
    case 'or':
      return node.operands.every((op) => requiresPresence(op, path));
    default:
      return false;
  }
}
