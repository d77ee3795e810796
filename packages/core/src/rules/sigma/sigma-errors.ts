import { RuleValidationError } from '../../errors';

/**
 * Thrown when a Sigma rule uses something trailkit does not implement (a value modifier, an aggregation
 * in the condition, a correlation type, a log source other than CloudTrail, ...). `where` names the file
 * and the rule; `construct` is the unsupported part. Code `SIGMA_UNSUPPORTED`. A RuleValidationError, so
 * whatever handles invalid rules handles it too.
 */
export class SigmaUnsupportedError extends RuleValidationError {
  static override readonly kind: string = 'SigmaUnsupportedError';
  /** What the rule uses that is not supported, e.g. `value modifier "expand"`. */
  readonly construct: string;
  constructor(where: string, construct: string, options?: { cause?: unknown }) {
    super(where, `unsupported Sigma construct: ${construct}`, options);
    this.name = 'SigmaUnsupportedError';
    (this as { code: string }).code = 'SIGMA_UNSUPPORTED';
    this.construct = construct;
  }
  /** True for a {@link SigmaUnsupportedError} from any copy of the package. */
  static override isInstance(error: unknown): error is SigmaUnsupportedError {
    return (
      RuleValidationError.isInstance(error) && (error as { code?: unknown }).code === 'SIGMA_UNSUPPORTED'
    );
  }
}
