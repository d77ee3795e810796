/** Options of the OCSF mapping and their validation. */
import { type OptionsSchema, validateOptions } from '@trailkit/core/plugin';

/** Options of `ocsfMapper()` (and of `toApiActivity` / `toDetectionFinding`). */
export interface OcsfOptions {
  /** Add the source record as JSON text in `raw_data` (and its size in `raw_data_size`). Default `false`. */
  rawData?: boolean;
  /** Keep the fields no OCSF attribute holds in `unmapped`. Default `true`. */
  unmapped?: boolean;
}

/** {@link OcsfOptions} with the defaults filled in. */
export interface ResolvedOcsfOptions {
  rawData: boolean;
  unmapped: boolean;
}

/** The schema of {@link OcsfOptions}: validation, defaults and the README's option table. */
export const OCSF_OPTIONS = {
  properties: {
    rawData: {
      type: 'boolean',
      default: false,
      description:
        'add the source record as JSON text in `raw_data` (and its length in `raw_data_size`): the original event, byte for byte as re-serialised, at about twice the size',
    },
    unmapped: {
      type: 'boolean',
      default: true,
      description:
        'keep the CloudTrail fields no OCSF attribute holds (`readOnly`, `additionalEventData`, `tlsDetails`, the rest of `userIdentity`, ...) in `unmapped`, under their CloudTrail names',
    },
  },
} satisfies OptionsSchema;

/** Validate OCSF options; throws core's `ConfigError` naming the bad option. */
export function resolveOcsfOptions(options: OcsfOptions = {}): ResolvedOcsfOptions {
  return validateOptions<ResolvedOcsfOptions>('ocsf', OCSF_OPTIONS, options);
}
