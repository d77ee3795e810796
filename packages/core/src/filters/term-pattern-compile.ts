import type { PatternNode, PatternTerm } from './pattern-ast';
import { compileRegexSource } from './pattern-compile';

/** A compiled term pattern: true when the log event's message matches. */
export type MessageTest = (message: string) => boolean;

/**
 * Compile a term pattern's AST (`term`, `not`, `and`, `or` nodes, see `parseTermPattern`) to a test on the
 * message text. Terms match case-sensitively anywhere in the message; regex terms run on the linear-time
 * engine.
 * @throws Error for a node that has no place in a term pattern (a JSON comparison, a delimited pattern).
 */
export function compileTermPattern(node: PatternNode): MessageTest {
  switch (node.type) {
    case 'all':
      return () => true;
    case 'term':
      return compileTerm(node);
    case 'not': {
      const inner = compileTerm(node.operand);
      return (m) => !inner(m);
    }
    case 'and': {
      const parts = node.operands.map(compileTermPattern);
      return (m) => {
        for (const p of parts) if (!p(m)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.operands.map(compileTermPattern);
      return (m) => {
        for (const p of parts) if (p(m)) return true;
        return false;
      };
    }
    default:
      throw new Error(`a ${node.type} node has no place in a term pattern`);
  }
}

function compileTerm(term: PatternTerm): MessageTest {
  if (term.match === 'regex') return compileRegexSource(term.value);
  const value = term.value;
  if (term.quoted && value.trim() === '') return () => true;
  return (m) => m.includes(value);
}
