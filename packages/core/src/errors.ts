/**
 * Errors thrown by `@trailkit/core`. Every error has a stable `code`; use the static `isInstance` checks
 * rather than `instanceof` (they work when two copies of the package are installed).
 */

const MARKER = Symbol.for('trailkit.error');

/** Base class of every trailkit error. */
export class TrailkitError extends Error {
  /** Stable machine-readable code, e.g. `PARSE_TRUNCATED_JSON`. */
  readonly code: string;
  readonly [MARKER] = true;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrailkitError';
    this.code = code;
  }

  /** True for any trailkit error, from any copy of the package. */
  static isInstance(error: unknown): error is TrailkitError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
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
  | 'PARSE_INPUT_ERROR';

/**
 * Thrown (or reported to `onInvalid`) by the parser when input is not valid CloudTrail JSON.
 * Names the input, the byte offset (in the decompressed stream) and the record index.
 */
export class ParseError extends TrailkitError {
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
    return TrailkitError.isInstance(error) && error.name === 'ParseError';
  }
}

/** Thrown by `pattern()` when a CloudWatch Logs filter pattern does not parse. */
export class PatternSyntaxError extends TrailkitError {
  /** One-based column where the problem was found. */
  readonly column: number;
  /** What the parser expected at that column. */
  readonly expected: string;
  /** The pattern text. */
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
    return TrailkitError.isInstance(error) && error.name === 'PatternSyntaxError';
  }
}

/** Thrown when a rule (or a rules file) is invalid. `where` names the file and rule. */
export class RuleValidationError extends TrailkitError {
  readonly where: string;
  constructor(where: string, detail: string, options?: { cause?: unknown }) {
    super('RULE_INVALID', `${where}: ${detail}`, options);
    this.name = 'RuleValidationError';
    this.where = where;
  }
  /** True for a {@link RuleValidationError} from any copy of the package. */
  static override isInstance(error: unknown): error is RuleValidationError {
    return TrailkitError.isInstance(error) && error.name === 'RuleValidationError';
  }
}

/** Thrown by a factory when its options are invalid (missing, wrong type, out of range). */
export class ConfigError extends TrailkitError {
  constructor(component: string, detail: string) {
    super('CONFIG_INVALID', `${component}: ${detail}`);
    this.name = 'ConfigError';
  }
  /** True for a {@link ConfigError} from any copy of the package. */
  static override isInstance(error: unknown): error is ConfigError {
    return TrailkitError.isInstance(error) && error.name === 'ConfigError';
  }
}

/** A sink failed to write a batch after all retries. `cause` holds the last error. */
export class SinkError extends TrailkitError {
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
    return TrailkitError.isInstance(error) && error.name === 'SinkError';
  }
}

/** Thrown when a source fails for a reason other than bad input (I/O, permissions, missing objects). */
export class SourceError extends TrailkitError {
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
    return TrailkitError.isInstance(error) && error.name === 'SourceError';
  }
}

/** Thrown by a checkpoint store that cannot load or save. */
export class CheckpointError extends TrailkitError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('CHECKPOINT_FAILED', detail, options);
    this.name = 'CheckpointError';
  }
  /** True for a {@link CheckpointError} from any copy of the package. */
  static override isInstance(error: unknown): error is CheckpointError {
    return TrailkitError.isInstance(error) && error.name === 'CheckpointError';
  }
}
