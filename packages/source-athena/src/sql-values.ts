import { sqlString } from './sql-text';

const MARK = '\u0000';

/**
 * Collects the values of a statement being built. Each value becomes a marker in the SQL text; `finish`
 * turns the markers into escaped literals (`inline`) or into `?` placeholders with the literals as Athena
 * `ExecutionParameters` (`parameters`), in the order they appear in the final text.
 */
export class SqlValues {
  readonly #values: string[] = [];

  /** A marker standing for `value` in the SQL text. */
  value(value: string): string {
    this.#values.push(value);
    return `${MARK}${this.#values.length - 1}${MARK}`;
  }

  /** A marker list `(a, b, c)` for an IN list. */
  list(values: readonly string[]): string {
    return `(${values.map((v) => this.value(v)).join(', ')})`;
  }

  /** The final SQL text and, in `parameters` mode, the execution parameters. */
  finish(sql: string, mode: 'inline' | 'parameters'): { sql: string; executionParameters: string[] } {
    const executionParameters: string[] = [];
    const text = sql.replace(/\u0000(\d+)\u0000/g, (_m, index: string) => {
      const literal = sqlString(this.#values[Number(index)] as string);
      if (mode === 'inline') return literal;
      executionParameters.push(literal);
      return '?';
    });
    return { sql: text, executionParameters };
  }
}
