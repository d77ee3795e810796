import { ConfigError } from '../errors';
import type { FilterPattern as CompiledFilterPattern } from './pattern';

/**
 * A filter pattern's text, as the AWS CDK's `IFilterPattern`: pass it to `pattern()`, a source's `pattern`
 * option, or the CDK (`FilterPattern.literal(p.logPatternString)`).
 */
export interface LogPattern {
  readonly logPatternString: string;
}

/** A JSON pattern (`{ ... }`) that `FilterPattern.all` / `any` can combine, as the CDK's `JsonPattern`. */
export class JsonPattern implements LogPattern {
  /** The expression without the surrounding braces, e.g. `$.eventName = "ConsoleLogin"`. */
  readonly jsonPatternString: string;
  constructor(jsonPatternString: string) {
    this.jsonPatternString = jsonPatternString;
  }
  /** The pattern text: the expression in braces, `{ $.eventName = "ConsoleLogin" }`. */
  get logPatternString(): string {
    return `{ ${this.jsonPatternString} }`;
  }
}

const COMPONENT = 'FilterPattern';
const STRING_OPERATORS = ['=', '!='];
const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>='];
const ELLIPSIS = '...';

/**
 * Quote a term or value the way the CDK does: always in double quotes, `\` and `"` escaped with `\`.
 */
function quoteTerm(term: string): string {
  return `"${term.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function textPattern(groups: readonly (readonly string[])[]): LogPattern {
  const clauses = groups.map((terms) => terms.map(quoteTerm).join(' '));
  return { logPatternString: clauses.length === 1 ? clauses[0]! : clauses.map((c) => `?${c}`).join(' ') };
}

function operator(op: string, allowed: readonly string[]): string {
  const normalized = op === '==' ? '=' : op;
  if (!allowed.includes(normalized)) {
    throw new ConfigError(
      COMPONENT,
      `comparison must be one of ${allowed.join(', ')}, got ${JSON.stringify(op)}`,
    );
  }
  return normalized;
}

function aggregate(op: '&&' | '||', patterns: readonly JsonPattern[]): JsonPattern {
  if (patterns.length === 0) {
    throw new ConfigError(COMPONENT, `${op === '&&' ? 'all' : 'any'}() needs at least one pattern`);
  }
  if (patterns.length === 1) return patterns[0]!;
  return new JsonPattern(patterns.map((p) => `(${p.jsonPatternString})`).join(` ${op} `));
}

/** A restriction on a column of a {@link SpaceDelimitedTextPattern}. */
interface ColumnRestriction {
  readonly comparison: string;
  readonly value: { readonly text: string } | { readonly number: number };
}

/**
 * A space-delimited pattern under construction, as the CDK's `SpaceDelimitedTextPattern`: columns, then
 * `whereString` / `whereNumber` restrictions (each returns a new pattern).
 */
export class SpaceDelimitedTextPattern implements LogPattern {
  private constructor(
    private readonly columns: readonly string[],
    private readonly restrictions: ReadonlyMap<string, readonly ColumnRestriction[]>,
  ) {}

  /**
   * A pattern over these columns (`...` at most once).
   * @throws ConfigError for a column name other than letters, digits, `_`, `-`, or a second `...`.
   */
  static construct(columns: readonly string[]): SpaceDelimitedTextPattern {
    for (const column of columns) {
      if (column !== ELLIPSIS && !/^[a-zA-Z0-9_-]+$/.test(column)) {
        throw new ConfigError(COMPONENT, `invalid column name ${JSON.stringify(column)}`);
      }
    }
    if (columns.filter((c) => c === ELLIPSIS).length > 1) {
      throw new ConfigError(COMPONENT, "at most one '...' column");
    }
    return new SpaceDelimitedTextPattern([...columns], new Map());
  }

  /** Restrict a column to a string comparison (`=` or `!=`; `*` wildcards at either end). */
  whereString(columnName: string, comparison: string, value: string): SpaceDelimitedTextPattern {
    return this.restrict(columnName, {
      comparison: operator(comparison, STRING_OPERATORS),
      value: { text: value },
    });
  }

  /** Restrict a column to a numeric comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`). */
  whereNumber(columnName: string, comparison: string, value: number): SpaceDelimitedTextPattern {
    return this.restrict(columnName, {
      comparison: operator(comparison, NUMBER_OPERATORS),
      value: { number: value },
    });
  }

  /** The pattern text, e.g. `[time, component, ..., result_code != 200, latency]`. */
  get logPatternString(): string {
    const column = (name: string) => {
      const list = this.restrictions.get(name);
      if (!list) return name;
      return list
        .map((r) =>
          'number' in r.value
            ? `${name} ${r.comparison} ${r.value.number}`
            : `${name} ${r.comparison} ${quoteTerm(r.value.text)}`,
        )
        .join(' && ');
    };
    return `[${this.columns.map(column).join(', ')}]`;
  }

  private restrict(columnName: string, restriction: ColumnRestriction): SpaceDelimitedTextPattern {
    if (columnName === ELLIPSIS) throw new ConfigError(COMPONENT, "can't use '...' in a restriction");
    if (!this.columns.includes(columnName)) {
      throw new ConfigError(COMPONENT, `column in restrictions that is not in columns: ${columnName}`);
    }
    const next = new Map(this.restrictions);
    next.set(columnName, [...(next.get(columnName) ?? []), restriction]);
    return new SpaceDelimitedTextPattern(this.columns, next);
  }
}

/**
 * The type `FilterPattern` is a parsed and compiled pattern, what `pattern()` returns (the name is shared
 * with the builder below, as a type and a value).
 */
export type FilterPattern = CompiledFilterPattern;

/**
 * Build filter-pattern text with the names and output of the AWS CDK's `aws_logs.FilterPattern`, so that a
 * pattern moves between infrastructure code and trailkit unchanged:
 *
 * ```ts
 * FilterPattern.allTerms('ERROR', 'MainThread').logPatternString     // '"ERROR" "MainThread"'
 * FilterPattern.anyTermGroup(['ERROR', 'MainThread'], ['WARN', 'Deadlock']).logPatternString
 *                                                    // '?"ERROR" "MainThread" ?"WARN" "Deadlock"'
 * FilterPattern.all(
 *   FilterPattern.stringValue('$.eventName', '=', 'ConsoleLogin'),
 *   FilterPattern.stringValue('$.additionalEventData.MFAUsed', '!=', 'Yes'),
 * ).logPatternString  // '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'
 * ```
 *
 * Every result can be given to `pattern()` directly. Methods that validate throw `ConfigError`.
 */
export const FilterPattern = {
  /** Use the given text as the pattern. */
  literal(logPatternString: string): LogPattern {
    return { logPatternString };
  },
  /** The pattern that matches every event (`""`). */
  allEvents(): LogPattern {
    return { logPatternString: '' };
  },
  /** Matches when all the terms appear in the event: `"ERROR" "MainThread"`. */
  allTerms(...terms: string[]): LogPattern {
    return textPattern([terms]);
  },
  /** Matches when any of the terms appears in the event: `?"ERROR" ?"WARN"`. */
  anyTerm(...terms: string[]): LogPattern {
    return textPattern(terms.map((t) => [t]));
  },
  /** Matches when all the terms of any one group appear: `?"ERROR" "MainThread" ?"WARN" "Deadlock"`. */
  anyTermGroup(...termGroups: string[][]): LogPattern {
    return textPattern(termGroups);
  },
  /** `{ field = "value" }` / `!=`; `*` at either end of the value is a wildcard. */
  stringValue(jsonField: string, comparison: string, value: string): JsonPattern {
    return new JsonPattern(`${jsonField} ${operator(comparison, STRING_OPERATORS)} ${quoteTerm(value)}`);
  },
  /** `{ field op number }` with op one of `=`, `!=`, `<`, `<=`, `>`, `>=`. */
  numberValue(jsonField: string, comparison: string, value: number): JsonPattern {
    return new JsonPattern(`${jsonField} ${operator(comparison, NUMBER_OPERATORS)} ${value}`);
  },
  /** `{ field = %regex% }` / `!=` (not validated here; `pattern()` checks the regex). */
  regexValue(jsonField: string, comparison: string, value: string): JsonPattern {
    return new JsonPattern(`${jsonField} ${comparison} %${value}%`);
  },
  /** `{ field IS NULL }`: the field exists and is null. */
  isNull(jsonField: string): JsonPattern {
    return new JsonPattern(`${jsonField} IS NULL`);
  },
  /** `{ field NOT EXISTS }`. */
  notExists(jsonField: string): JsonPattern {
    return new JsonPattern(`${jsonField} NOT EXISTS`);
  },
  /** `{ field = "*" }`: the field exists (and holds a value). */
  exists(jsonField: string): JsonPattern {
    return new JsonPattern(`${jsonField} = ${quoteTerm('*')}`);
  },
  /** `{ field IS TRUE }` / `IS FALSE`. */
  booleanValue(jsonField: string, value: boolean): JsonPattern {
    return new JsonPattern(`${jsonField} ${value ? 'IS TRUE' : 'IS FALSE'}`);
  },
  /** All the JSON patterns: `(a) && (b)`; one pattern is returned as it is. */
  all(...patterns: JsonPattern[]): JsonPattern {
    return aggregate('&&', patterns);
  },
  /** Any of the JSON patterns: `(a) || (b)`; one pattern is returned as it is. */
  any(...patterns: JsonPattern[]): JsonPattern {
    return aggregate('||', patterns);
  },
  /** A space-delimited pattern over these columns; add conditions with `whereString` / `whereNumber`. */
  spaceDelimited(...columns: string[]): SpaceDelimitedTextPattern {
    return SpaceDelimitedTextPattern.construct(columns);
  },
} as const;
