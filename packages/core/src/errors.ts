/**
 * Errors thrown by `@trailkit/core`. Every error has a stable `code`; use the static `isInstance` checks
 * rather than `instanceof` (they work when two copies of the package are installed).
 */

const KINDS = Symbol.for('trailkit.error.kinds');

/** True when `error` is a trailkit error whose class is, or extends, the class with this `kind`. */
function hasKind(error: unknown, kind: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const kinds = (error as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** Base class of every trailkit error. */
export class TrailkitError extends Error {
  /**
   * The class's kind, checked by `isInstance` across copies of a package. A subclass that wants its own
   * `isInstance` defines its own `static override readonly kind`; subclasses inherit their parents' kinds,
   * so `SourceError.isInstance()` holds for every error class that extends `SourceError`.
   */
  static readonly kind: string = 'TrailkitError';
  /** Stable machine-readable code, e.g. `PARSE_TRUNCATED_JSON`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrailkitError';
    this.code = code;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'kind')) kinds.push((c as unknown as { kind: string }).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
  }

  /** True for any trailkit error, from any copy of the package. */
  static isInstance(error: unknown): error is TrailkitError {
    return hasKind(error, 'TrailkitError');
  }
}

/** Codes of {@link ParseError}. */
export type ParseErrorCode =
  | 'PARSE_EMPTY_INPUT'
  | 'PARSE_TRUNCATED_GZIP'
  | 'PARSE_BAD_GZIP'
  | 'PARSE_TRUNCATED_JSON'
  | 'PARSE_INVALID_JSON'
  | 'PARSE_NOT_AN_OBJECT'
  | 'PARSE_UNKNOWN_SHAPE'
  | 'PARSE_RECORD_TOO_LARGE'
  | 'PARSE_NOT_CLOUDTRAIL'
  | 'PARSE_TOO_DEEP'
  | 'PARSE_TOO_MANY_KEYS'
  | 'PARSE_INPUT_ERROR';

/**
 * Thrown (or reported to `onInvalid`) by the parser when input is not valid CloudTrail JSON.
 * Names the input, the byte offset (in the decompressed stream) and the record index.
 */
export class ParseError extends TrailkitError {
  static override readonly kind: string = 'ParseError';
  declare readonly code: ParseErrorCode;
  /** The input's name (file path, `s3://bucket/key`, ...). */
  readonly input: string;
  /** Byte offset in the decompressed input where the problem was found. */
  readonly offset: number;
  /** Index of the record being read (records before it were delivered). */
  readonly recordIndex: number;

  constructor(
    code: ParseErrorCode,
    detail: string,
    where: { input: string; offset: number; recordIndex: number },
    options?: { cause?: unknown },
  ) {
    super(code, `${where.input}: ${detail} (byte ${where.offset}, record ${where.recordIndex})`, options);
    this.name = 'ParseError';
    this.input = where.input;
    this.offset = where.offset;
    this.recordIndex = where.recordIndex;
  }

  /** True for a {@link ParseError} from any copy of the package. */
  static override isInstance(error: unknown): error is ParseError {
    return hasKind(error, 'ParseError');
  }
}

/**
 * Thrown by `pattern()` when a CloudWatch Logs filter pattern does not parse, uses a regular expression
 * outside CloudWatch Logs' syntax, or is over one of its limits (`maxLength`, `maxDepth`, `maxRegexSize`).
 */
export class PatternSyntaxError extends TrailkitError {
  static override readonly kind: string = 'PatternSyntaxError';
  /** One-based column where the problem was found. */
  readonly column: number;
  /** What the parser expected at that column. */
  readonly expected: string;
  /** The pattern text (for a pattern over `maxLength`, its first `maxLength` characters). */
  readonly pattern: string;

  constructor(pattern: string, column: number, expected: string, found: string) {
    super('PATTERN_SYNTAX', `filter pattern: expected ${expected} at column ${column}, found ${found}`);
    this.name = 'PatternSyntaxError';
    this.column = column;
    this.expected = expected;
    this.pattern = pattern;
  }

  /** True for a {@link PatternSyntaxError} from any copy of the package. */
  static override isInstance(error: unknown): error is PatternSyntaxError {
    return hasKind(error, 'PatternSyntaxError');
  }
}

/** Thrown when a rule (or a rules file) is invalid. `where` names the file and rule. */
export class RuleValidationError extends TrailkitError {
  static override readonly kind: string = 'RuleValidationError';
  readonly where: string;
  constructor(where: string, detail: string, options?: { cause?: unknown }) {
    super('RULE_INVALID', `${where}: ${detail}`, options);
    this.name = 'RuleValidationError';
    this.where = where;
  }
  /** True for a {@link RuleValidationError} from any copy of the package. */
  static override isInstance(error: unknown): error is RuleValidationError {
    return hasKind(error, 'RuleValidationError');
  }
}

/** Thrown by a factory when its options are invalid (missing, wrong type, out of range). */
export class ConfigError extends TrailkitError {
  static override readonly kind: string = 'ConfigError';
  constructor(component: string, detail: string) {
    super('CONFIG_INVALID', `${component}: ${detail}`);
    this.name = 'ConfigError';
  }
  /** True for a {@link ConfigError} from any copy of the package. */
  static override isInstance(error: unknown): error is ConfigError {
    return hasKind(error, 'ConfigError');
  }
}

/** A sink failed to write a batch after all retries. `cause` holds the last error. */
export class SinkError extends TrailkitError {
  static override readonly kind: string = 'SinkError';
  readonly sink: string;
  readonly attempts: number;
  constructor(sink: string, attempts: number, options?: { cause?: unknown }) {
    const why = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'unknown');
    super('SINK_FAILED', `sink ${sink}: write failed after ${attempts} attempt(s): ${why}`, options);
    this.name = 'SinkError';
    this.sink = sink;
    this.attempts = attempts;
  }
  /** True for a {@link SinkError} from any copy of the package. */
  static override isInstance(error: unknown): error is SinkError {
    return hasKind(error, 'SinkError');
  }
}

/** Thrown when a source fails for a reason other than bad input (I/O, permissions, missing objects). */
export class SourceError extends TrailkitError {
  static override readonly kind: string = 'SourceError';
  readonly source: string;
  /** The object (file, key, stream) involved, when known. */
  readonly object: string | undefined;
  constructor(
    code: string,
    source: string,
    object: string | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, `source ${source}${object ? ` (${object})` : ''}: ${detail}`, options);
    this.name = 'SourceError';
    this.source = source;
    this.object = object;
  }
  /** True for a {@link SourceError} from any copy of the package. */
  static override isInstance(error: unknown): error is SourceError {
    return hasKind(error, 'SourceError');
  }
}

/** Thrown by a checkpoint store that cannot load or save. */
export class CheckpointError extends TrailkitError {
  static override readonly kind: string = 'CheckpointError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('CHECKPOINT_FAILED', detail, options);
    this.name = 'CheckpointError';
  }
  /** True for a {@link CheckpointError} from any copy of the package. */
  static override isInstance(error: unknown): error is CheckpointError {
    return hasKind(error, 'CheckpointError');
  }
}
