/** The OCSF release trailkit writes, and what every record's `metadata` says about it. */

/** The OCSF schema version of every record trailkit writes (`metadata.version`). */
export const OCSF_VERSION = '1.5.0';

/** The OCSF profiles applied to every record (`metadata.profiles`): cloud context and RFC 3339 `*_dt` times. */
export const OCSF_PROFILES: readonly string[] = ['cloud', 'datetime'];
