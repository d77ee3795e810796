import { SigmaUnsupportedError } from './sigma-errors';
import { parseWildcards, wildcardMatcher } from './sigma-wildcard';

/** A parsed Sigma condition. */
export type ConditionNode =
  | { kind: 'id'; name: string }
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'of'; quantifier: 'one' | 'all'; names: string[] };

type Token = { type: 'word'; text: string } | { type: '(' } | { type: ')' };

function tokenize(text: string, where: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) break;
    i = re.lastIndex;
    if (m[1]) tokens.push({ type: '(' });
    else if (m[2]) tokens.push({ type: ')' });
    else if (m[3]) {
      if (m[3].includes('|')) {
        throw new SigmaUnsupportedError(
          where,
          `aggregation in the condition ("${text}"; use a correlation rule)`,
        );
      }
      tokens.push({ type: 'word', text: m[3] });
    }
  }
  if (text.slice(i).trim() !== '') throw new SigmaUnsupportedError(where, `condition syntax "${text}"`);
  return tokens;
}

/**
 * Parse a condition: search identifiers, `and`, `or`, `not`, parentheses, `1 of x*`, `any of x*`,
 * `all of x*`, `1 of them`, `all of them` (precedence: `not`, then `and`, then `or`). Identifiers in
 * `x of` may use `*` wildcards and are resolved against `names` (the detection's search identifiers).
 * @throws SigmaUnsupportedError on a syntax error or an unknown identifier.
 */
export function parseCondition(text: string, names: readonly string[], where: string): ConditionNode {
  const tokens = tokenize(text, where);
  let pos = 0;
  const fail = (why: string): never => {
    throw new SigmaUnsupportedError(where, `condition "${text}": ${why}`);
  };
  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t?.type === 'word' ? t.text.toLowerCase() : undefined;
  };

  function parseOr(): ConditionNode {
    let left = parseAnd();
    while (peekWord() === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): ConditionNode {
    let left = parseNot();
    while (peekWord() === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  }
  function parseNot(): ConditionNode {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', operand: parseNot() };
    }
    return parseAtom();
  }
  function parseAtom(): ConditionNode {
    const t = tokens[pos];
    if (t === undefined) return fail('ends too early');
    if (t.type === '(') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.type !== ')') fail('a "(" is not closed');
      pos++;
      return inner;
    }
    if (t.type === ')') return fail('unexpected ")"');
    const word = t.text.toLowerCase();
    const next = tokens[pos + 1];
    if (
      (word === '1' || word === 'all' || word === 'any') &&
      next?.type === 'word' &&
      next.text.toLowerCase() === 'of'
    ) {
      const target = tokens[pos + 2];
      if (target?.type !== 'word') return fail(`"${t.text} of" needs a name pattern or "them"`);
      pos += 3;
      const matched =
        target.text.toLowerCase() === 'them'
          ? names.filter((n) => !n.startsWith('_'))
          : names.filter(wildcardMatcher(parseWildcards(target.text)));
      if (matched.length === 0) fail(`"${target.text}" matches no search identifier`);
      return { kind: 'of', quantifier: word === 'all' ? 'all' : 'one', names: matched };
    }
    if (/^\d+$/.test(word) && next?.type === 'word' && next.text.toLowerCase() === 'of') {
      return fail(`"${t.text} of" (only "1 of", "any of" and "all of" are supported)`);
    }
    if (['and', 'or', 'not', 'of', 'them'].includes(word)) return fail(`unexpected "${t.text}"`);
    if (!names.includes(t.text)) fail(`unknown search identifier "${t.text}"`);
    pos++;
    return { kind: 'id', name: t.text };
  }

  const node = parseOr();
  if (pos !== tokens.length) fail('unexpected text after the end');
  return node;
}
