/** The CLI's version (kept in step with package.json by the release process). */
import pkg from '../package.json' with { type: 'json' };

/** `trailkit --version`. */
export const VERSION: string = pkg.version;
