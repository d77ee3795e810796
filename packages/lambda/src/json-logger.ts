import type { Logger } from '@trailkit/core';

/** Log levels of {@link jsonLogger}, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@link jsonLogger}. */
export interface JsonLoggerOptions {
  /** Lowest level written (default `info`, or `AWS_LAMBDA_LOG_LEVEL` lower-cased when Lambda sets it). */
  level?: LogLevel;
  /** Fields added to every line (e.g. `{ function: 'trail-worker' }`). */
  fields?: Record<string, unknown>;
  /** Where each line goes (default: `process.stdout`, which Lambda sends to CloudWatch Logs). */
  write?: (line: string) => void;
}

/** A {@link Logger} that can make a child with more fields on every line. */
export interface JsonLogger extends Logger {
  /** A logger writing the same way with `fields` added (e.g. the invocation's `requestId`). */
  child(fields: Record<string, unknown>): JsonLogger;
}

/**
 * Structured logs for Lambda: one JSON object per line, `{ "time", "level", "message", ...fields }`, which
 * CloudWatch Logs Insights reads without a parse step. Errors in fields are written as their message.
 *
 * @example
 * ```ts
 * const log = jsonLogger({ fields: { function: 'trail-worker' } });
 * log.info('invocation done', { events: 12 });
 * // {"time":"2026-12-01T10:00:00.000Z","level":"info","message":"invocation done","function":"trail-worker","events":12}
 * ```
 */
export function jsonLogger(options: JsonLoggerOptions = {}): JsonLogger {
  const envLevel = process.env.AWS_LAMBDA_LOG_LEVEL?.toLowerCase();
  const level: LogLevel =
    options.level ?? (envLevel !== undefined && envLevel in LEVELS ? (envLevel as LogLevel) : 'info');
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return make(LEVELS[level], options.fields ?? {}, write);
}

function make(min: number, base: Record<string, unknown>, write: (line: string) => void): JsonLogger {
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const line = { time: new Date().toISOString(), level, message, ...base, ...fields };
    write(JSON.stringify(line, (_key, value: unknown) => (value instanceof Error ? value.message : value)));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => make(min, { ...base, ...fields }, write),
  };
}
