/** The key under which `TrailkitError` keeps its class kinds (a global symbol: shared by every copy). */
const KINDS = Symbol.for('trailkit.error.kinds');

/**
 * True when `error` is a trailkit error whose class is, or extends, the class with this `kind`. This is
 * what a plugin's `static isInstance` calls: it works when two copies of a package are installed, where
 * `instanceof` does not.
 *
 * @example
 * ```ts
 * class WebhookError extends HttpCallError {
 *   static override readonly kind: string = 'WebhookError';
 *   static override isInstance(error: unknown): error is WebhookError {
 *     return hasErrorKind(error, 'WebhookError');
 *   }
 * }
 * ```
 */
export function hasErrorKind(error: unknown, kind: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const kinds = (error as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}
