import type { Logger } from '../contracts';

/** A {@link Logger} that drops everything: the default when a run is given no `log`. */
export const noopLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
