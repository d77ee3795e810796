import type { CheckpointStore } from '@trailkit/core';
import type { OptionsSchema } from '@trailkit/core/plugin';
import type { PublicKeySource } from './public-keys';
import type { TrailStore } from './trail-store';
import type { VerifyProgress } from './types';

/** A time bound: a `Date`, an ISO-8601 string or epoch milliseconds. */
export type TimeInput = Date | string | number;

/** Options of `verifyTrail`. */
export interface VerifyTrailOptions {
  /** Where the trail is: `s3TrailStore({ bucket, prefix })` or `localTrailStore({ dir })`. */
  store: TrailStore;
  /** Where public keys come from: `cloudTrailPublicKeys()` or `publicKeysFromFile(path)`. */
  publicKeys: PublicKeySource;
  /** Validate log files delivered at or after this time. */
  since: TimeInput;
  /** ... and at or before this time (default now). */
  until?: TimeInput;
  /** Only these accounts. */
  accounts?: string[];
  /** Only these regions. */
  regions?: string[];
  /** Only these organizations (`o-...`): organization trails' folders only. */
  organizationIds?: string[];
  /** Objects (digests and log files) read and hashed at once. */
  concurrency?: number;
  /** Also list the log folders and report log files no digest names (`not-covered`). */
  coverage?: boolean;
  /** Save progress here (one position per finished account/region) and resume from it. */
  checkpoint?: CheckpointStore;
  /** The key of the position in `checkpoint`. */
  checkpointKey?: string;
  /** Stops the run. */
  signal?: AbortSignal;
  /** Called as digests and log files are done. */
  onProgress?: (progress: VerifyProgress) => void;
}

const ACCOUNT = '^\\d{12}$';
const REGION = '^[a-z]{2}(-[a-z]+)+-\\d+$';
const TIME = {
  anyOf: [{ type: 'string' as const }, { type: 'number' as const }, { kind: 'object' as const }],
  typeLabel: 'Date \\| string \\| number',
};

/** The schema of {@link VerifyTrailOptions} (validation, defaults, the README table). */
export const VERIFY_TRAIL_SCHEMA = {
  properties: {
    store: {
      kind: 'object',
      typeLabel: 'TrailStore',
      description: 'where the trail is: `s3TrailStore({ bucket, prefix })` or `localTrailStore({ dir })`',
    },
    publicKeys: {
      kind: 'object',
      typeLabel: 'PublicKeySource',
      description:
        'where public keys come from: `cloudTrailPublicKeys()` (ListPublicKeys) or `publicKeysFromFile(path)`',
    },
    since: { ...TIME, description: 'validate log files delivered at or after this time' },
    until: { ...TIME, description: 'and at or before this time (default: now)' },
    accounts: {
      type: 'array',
      items: { type: 'string', pattern: ACCOUNT },
      minItems: 1,
      description: 'only these accounts',
    },
    regions: {
      type: 'array',
      items: { type: 'string', pattern: REGION },
      minItems: 1,
      description: 'only these regions',
    },
    organizationIds: {
      type: 'array',
      items: { type: 'string', pattern: '^o-[a-z0-9]{10,32}$' },
      minItems: 1,
      description: 'only these organizations (organization trails)',
    },
    concurrency: {
      type: 'integer',
      minimum: 1,
      maximum: 1024,
      default: 16,
      description: 'digests and log files read and hashed at once',
    },
    coverage: {
      type: 'boolean',
      default: true,
      description: 'also list the log folders and report log files that no digest names (`not-covered`)',
    },
    checkpoint: {
      kind: 'object',
      typeLabel: 'CheckpointStore',
      description: 'save progress (each finished account and region) and resume from it',
    },
    checkpointKey: {
      type: 'string',
      minLength: 1,
      default: 'verify',
      description: 'the key of the position in `checkpoint`',
    },
    signal: { kind: 'signal', description: 'stops the run' },
    onProgress: {
      kind: 'function',
      description: 'called with `{ digests, logFiles, bytes }` as work finishes',
    },
  },
  required: ['store', 'publicKeys', 'since'],
} satisfies OptionsSchema;
