/** The OCSF release trailkit writes, and what every record's `metadata` says about it. */

/** The OCSF schema version of every record trailkit writes (`metadata.version`). */
export const OCSF_VERSION = '1.5.0';

/** The OCSF profiles of API Activity records (`metadata.profiles`): cloud context and RFC 3339 `*_dt` times. */
export const OCSF_PROFILES: readonly string[] = ['cloud', 'datetime'];

/** The OCSF profiles of Detection Finding records: {@link OCSF_PROFILES} and `host`, which brings `actor`. */
export const OCSF_FINDING_PROFILES: readonly string[] = ['cloud', 'datetime', 'host'];
