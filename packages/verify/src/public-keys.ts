import { readFile } from 'node:fs/promises';
import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  paginateListPublicKeys,
} from '@aws-sdk/client-cloudtrail';
import { VerifyError } from './errors';

/** A CloudTrail public key: the DER of a PKCS#1 RSA public key, named by its fingerprint. */
export interface PublicKeyEntry {
  fingerprint: string;
  der: Uint8Array;
  validFrom?: Date;
  validUntil?: Date;
}

/**
 * Where public keys come from. `keysFor` returns the keys valid at some time in `[from, to]` for a trail's
 * home region (CloudTrail signs with keys of the trail's home region).
 */
export interface PublicKeySource {
  keysFor(homeRegion: string, from: Date, to: Date, signal?: AbortSignal): Promise<PublicKeyEntry[]>;
}

/**
 * Public keys from a file holding the output of `aws cloudtrail list-public-keys` (`{"PublicKeyList":
 * [{"Value": base64, "Fingerprint", "ValidityStartTime", "ValidityEndTime"}]}`): validation offline, or of a
 * trail that no longer exists. Read once, on first use.
 *
 * @throws {VerifyError} `VERIFY_PUBLIC_KEYS_INVALID` when the file cannot be read or has another shape.
 */
export function publicKeysFromFile(path: string): PublicKeySource {
  let loaded: Promise<PublicKeyEntry[]> | undefined;
  return {
    keysFor(_homeRegion, from, to) {
      loaded ??= readFile(path, 'utf8').then(
        (text) => parsePublicKeyList(text, path),
        (cause: unknown) => {
          throw new VerifyError('VERIFY_PUBLIC_KEYS_INVALID', `cannot read ${path}: ${String(cause)}`, {
            cause,
          });
        },
      );
      return loaded.then((keys) => keys.filter((k) => overlaps(k, from, to)));
    },
  };
}

/** Parse `aws cloudtrail list-public-keys` output. */
export function parsePublicKeyList(text: string, name = '<input>'): PublicKeyEntry[] {
  const bad = (why: string) =>
    new VerifyError('VERIFY_PUBLIC_KEYS_INVALID', `${name} is not list-public-keys output: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw bad(`not JSON (${String(cause)})`);
  }
  const list = (parsed as { PublicKeyList?: unknown })?.PublicKeyList;
  if (!Array.isArray(list)) throw bad('no PublicKeyList array');
  return list.map((item: unknown, i) => {
    const k = item as Record<string, unknown>;
    if (typeof k.Fingerprint !== 'string' || typeof k.Value !== 'string') {
      throw bad(`PublicKeyList[${i}] has no Fingerprint or Value`);
    }
    return {
      fingerprint: k.Fingerprint,
      der: new Uint8Array(Buffer.from(k.Value, 'base64')),
      validFrom: time(k.ValidityStartTime),
      validUntil: time(k.ValidityEndTime),
    };
  });
}

/** Options of {@link cloudTrailPublicKeys}. */
export interface CloudTrailPublicKeysOptions {
  /** A ready client (used for every home region). */
  client?: CloudTrailClient;
  /** Settings for the clients built otherwise, one per home region (`region` is set to it). */
  clientConfig?: CloudTrailClientConfig;
}

/**
 * Public keys from the CloudTrail API (`ListPublicKeys` over the range, all pages), called once per home
 * region and range and cached.
 *
 * @throws {VerifyError} `VERIFY_PUBLIC_KEYS_FAILED` when the call fails.
 */
export function cloudTrailPublicKeys(options: CloudTrailPublicKeysOptions = {}): PublicKeySource {
  if (options.client && options.clientConfig) {
    throw new VerifyError('VERIFY_PUBLIC_KEYS_FAILED', 'give client or clientConfig, not both');
  }
  const clients = new Map<string, CloudTrailClient>();
  const cache = new Map<string, Promise<PublicKeyEntry[]>>();
  const clientFor = (region: string) => {
    if (options.client) return options.client;
    let c = clients.get(region);
    if (!c) {
      c = new CloudTrailClient({ ...options.clientConfig, region });
      clients.set(region, c);
    }
    return c;
  };
  return {
    keysFor(homeRegion, from, to, signal) {
      const id = `${homeRegion} ${from.getTime()} ${to.getTime()}`;
      let keys = cache.get(id);
      if (!keys) {
        keys = (async () => {
          const found: PublicKeyEntry[] = [];
          try {
            for await (const page of paginateListPublicKeys(
              { client: clientFor(homeRegion) },
              { StartTime: from, EndTime: to },
            )) {
              signal?.throwIfAborted();
              for (const k of page.PublicKeyList ?? []) {
                if (!k.Fingerprint || !k.Value) continue;
                found.push({
                  fingerprint: k.Fingerprint,
                  der: k.Value,
                  validFrom: k.ValidityStartTime,
                  validUntil: k.ValidityEndTime,
                });
              }
            }
          } catch (cause) {
            cache.delete(id);
            throw new VerifyError(
              'VERIFY_PUBLIC_KEYS_FAILED',
              `ListPublicKeys in ${homeRegion} failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
              { cause },
            );
          }
          return found;
        })();
        cache.set(id, keys);
      }
      return keys;
    },
  };
}

function overlaps(k: PublicKeyEntry, from: Date, to: Date): boolean {
  return (!k.validFrom || k.validFrom <= to) && (!k.validUntil || k.validUntil >= from);
}

function time(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return new Date(value);
  return undefined;
}
