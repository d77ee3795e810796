/**
 * Athena's request limits (API reference, `StartQueryExecution`), checked before a query is sent, so that a
 * query Athena would refuse fails at build time with a typed error instead of at the first call.
 */
import { ConfigError } from '@trailkit/core';
import { AthenaLimitError, previewValue } from './errors';

/** Longest execution parameter Athena accepts (`ExecutionParameters` members: 1 to 1,024 characters). */
export const MAX_PARAMETER_LENGTH = 1024;

/** Longest query string Athena accepts (`QueryString`: 1 to 262,144 characters). */
export const MAX_QUERY_LENGTH = 262_144;

/**
 * Check every execution parameter: a string of 1 to 1,024 characters. Lengths are counted in Unicode code
 * points, as AWS counts them; the literals the query builder makes are printable ASCII, so for them this is
 * the text length.
 *
 * @param option The option named in the error, e.g. `executionParameters`; the index is appended.
 * @param hint Appended to the error message (what to do instead).
 * @throws AthenaLimitError (`ATHENA_PARAMETER_TOO_LONG`) for a parameter over the limit.
 * @throws ConfigError for a parameter that is not a non-empty string.
 */
export function checkExecutionParameters(
  component: string,
  option: string,
  parameters: readonly unknown[],
  hint: string,
): void {
  for (const [index, parameter] of parameters.entries()) {
    const name = `${option}[${index}]`;
    if (typeof parameter !== 'string' || parameter === '') {
      throw new ConfigError(component, `${name} must be a non-empty string, got ${previewValue(parameter)}`);
    }
    const length = codePoints(parameter);
    if (length > MAX_PARAMETER_LENGTH) {
      throw new AthenaLimitError(
        'ATHENA_PARAMETER_TOO_LONG',
        component,
        name,
        length,
        MAX_PARAMETER_LENGTH,
        `${previewValue(parameter)}${hint ? `; ${hint}` : ''}`,
      );
    }
  }
}

/**
 * Check a query string's length (at most 262,144 characters).
 *
 * @throws AthenaLimitError (`ATHENA_QUERY_TOO_LONG`) when it is longer.
 */
export function checkQueryLength(component: string, option: string, query: string): void {
  const length = codePoints(query);
  if (length > MAX_QUERY_LENGTH) {
    throw new AthenaLimitError(
      'ATHENA_QUERY_TOO_LONG',
      component,
      option,
      length,
      MAX_QUERY_LENGTH,
      'shorten the value lists or split the query',
    );
  }
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
