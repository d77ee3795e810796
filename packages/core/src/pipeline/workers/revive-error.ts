import { ParseError, TrailkitError } from '../../errors';
import type { SentError } from './protocol';

/** An error as data, to post from a worker: its class, code, message and origin (file, byte, record). */
export function sendError(error: unknown): SentError {
  if (ParseError.isInstance(error)) {
    return {
      kind: 'ParseError',
      code: error.code,
      message: error.message,
      input: error.input,
      offset: error.offset,
      recordIndex: error.recordIndex,
    };
  }
  if (TrailkitError.isInstance(error))
    return { kind: 'TrailkitError', code: error.code, message: error.message };
  return { kind: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/** The error a worker sent, rebuilt with the same class, code, message and origin. */
export function reviveError(sent: SentError): Error {
  let error: Error;
  if (sent.kind === 'ParseError') {
    error = new ParseError(sent.code as ParseError['code'], '', {
      input: sent.input ?? '',
      offset: sent.offset ?? 0,
      recordIndex: sent.recordIndex ?? 0,
    });
  } else if (sent.kind === 'TrailkitError') error = new TrailkitError(sent.code ?? 'UNKNOWN', '');
  else error = new Error('');
  // the message as the worker's error had it (the constructors above would compose it again)
  Object.defineProperty(error, 'message', { value: sent.message, writable: true, configurable: true });
  return error;
}
