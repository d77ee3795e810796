import { gunzip } from 'node:zlib';
import { createHash, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { ConfigError, parseDigest, type DigestFile } from '@trailkit/core';
import { validateOptions } from '@trailkit/core/plugin';
import { dayFolders, logKeyTime, parseDigestKey } from './digest-key';
import { hashObject } from './hash-object';
import { Limiter } from './limiter';
import { findLocations, type TrailLocation } from './locations';
import { VERIFY_TRAIL_SCHEMA, type TimeInput, type VerifyTrailOptions } from './options';
import { rsaPublicKey, stringToSign, verifySignature } from './signature';
import type { StoredSignature, TrailStore } from './trail-store';
import type {
  DigestResult,
  LogFileResult,
  Problem,
  ProblemKind,
  VerifyProgress,
  VerifyResult,
} from './types';

const gunzipAsync = promisify(gunzip);
const HOUR = 3_600_000;

/** The position saved in a checkpoint: the account/region locations finished. */
export interface VerifyPosition {
  done: string[];
}

/** What one digest's checks found, before its chain link is known. */
interface CheckedDigest {
  key: string;
  chain: string;
  time: Date;
  hash: string | undefined;
  digest: DigestFile | undefined;
  signature: StoredSignature | undefined;
  result: DigestResult | undefined;
  logs: LogFileResult[];
  problems: Problem[];
  covered: string[];
}

/** The link state of a chain: its last digest. */
interface ChainEnd {
  key: string;
  time: Date;
  endTime: string;
  hash: string | undefined;
  signature: string | undefined;
}

/**
 * Validate a CloudTrail trail's integrity over a time range, as `aws cloudtrail validate-logs` does, and
 * more: every account and region (organization trails too) in one run, digests and log files read and
 * hashed concurrently (bounded by `concurrency`), from S3 or a local tree, streamed (memory holds about a
 * day of one region), resumable per account/region with a checkpoint.
 *
 * Yields, per account and region and day: each digest (signature, own location, hash, chain link), each log
 * file it names (present, SHA-256 of the uncompressed bytes equal to `hashValue`), and each problem with its
 * kind and exact key. Problems are results, never errors.
 *
 * @throws {ConfigError} for invalid options. {@link VerifyError} when the store or the public keys cannot be
 * read at all.
 *
 * @example
 * ```ts
 * for await (const r of verifyTrail({
 *   store: s3TrailStore({ bucket: 'my-trail-bucket' }),
 *   publicKeys: cloudTrailPublicKeys(),
 *   since: '2026-11-01',
 * })) if (r.type === 'problem') console.log(r.kind, r.key);
 * ```
 */
export async function* verifyTrail(options: VerifyTrailOptions): AsyncGenerator<VerifyResult> {
  const o = validateOptions<
    VerifyTrailOptions & { concurrency: number; coverage: boolean; checkpointKey: string }
  >('verifyTrail', VERIFY_TRAIL_SCHEMA, options);
  const since = toTime('since', o.since);
  const until = o.until === undefined ? new Date() : toTime('until', o.until);
  if (since > until)
    throw new ConfigError('verifyTrail', `since (${iso(since)}) is after until (${iso(until)})`);
  const run = new VerifyRun(o, since, until);
  const position: VerifyPosition = ((await o.checkpoint?.load(o.checkpointKey)) as
    | VerifyPosition
    | undefined) ?? {
    done: [],
  };
  const done = new Set(position.done);
  const locations = await findLocations(o.store, o, o.signal);
  for (const location of locations) {
    const id = `${location.accountPrefix}${location.region}`;
    if (done.has(id)) continue;
    yield* run.location(location);
    o.signal?.throwIfAborted();
    done.add(id);
    await o.checkpoint?.save(o.checkpointKey, { done: [...done] });
  }
}

/** One run's shared state: options, range, public keys, the limiter, progress. */
class VerifyRun {
  readonly #store: TrailStore;
  readonly #limiter: Limiter;
  readonly #keys = new Map<string, Promise<Map<string, KeyObject | undefined>>>();
  readonly #progress: VerifyProgress = { digests: 0, logFiles: 0, bytes: 0 };

  constructor(
    readonly o: VerifyTrailOptions & { concurrency: number; coverage: boolean },
    readonly since: Date,
    readonly until: Date,
  ) {
    this.#store = o.store;
    this.#limiter = new Limiter(o.concurrency);
  }

  /** Every result of one account/region, day by day. */
  async *location(location: TrailLocation): AsyncGenerator<VerifyResult> {
    const digestTo = new Date(this.until.getTime() + HOUR);
    const days = dayFolders(this.since, digestTo);
    const logDays = new Set(dayFolders(this.since, this.until));
    const chains = new Map<string, ChainEnd>();
    const covered = new Map<string, Set<string>>();
    let newestDigestEnd = 0;
    const digestPrefix = `${location.accountPrefix}CloudTrail-Digest/${location.region}/`;
    const logPrefix = `${location.accountPrefix}CloudTrail/${location.region}/`;

    // the log files of a day (listing is slow on big folders: it runs while digests are checked)
    const listLogs = async (day: string): Promise<string[]> => {
      const keys: string[] = [];
      if (!logDays.has(day) || !this.o.coverage) return keys;
      for await (const key of this.#store.listKeys(`${logPrefix}${day}`, this.o.signal)) keys.push(key);
      return keys;
    };
    const uncovered = (day: string, keys: readonly string[]): Problem[] => {
      const problems: Problem[] = [];
      const named = covered.get(day) ?? new Set<string>();
      for (const key of keys) {
        const time = logKeyTime(key);
        if (!time || time < this.since || time > this.until || time.getTime() >= newestDigestEnd) continue;
        if (named.has(key)) continue;
        problems.push({
          type: 'problem',
          kind: 'not-covered',
          key,
          detail:
            'log file in the range that no digest names (delivered while validation was off, or planted)',
        });
      }
      covered.delete(day);
      return problems;
    };

    // a day's log files are listed while its digests and the next day's are checked, then compared
    let previousDayLogs: Promise<string[]> | undefined;
    for (let i = 0; i < days.length; i++) {
      const dayLogs = listLogs(days[i]!);
      dayLogs.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      const keys: string[] = [];
      for await (const key of this.#store.listKeys(`${digestPrefix}${days[i]}`, this.o.signal)) {
        const info = parseDigestKey(key);
        if (!info || info.account !== location.account || info.region !== location.region) continue;
        if (info.time < this.since || info.time > digestTo) continue;
        keys.push(key);
      }
      const checked = await Promise.all(keys.map((key) => this.#checkDigest(key)));
      checked.sort((a, b) => a.time.getTime() - b.time.getTime() || (a.key < b.key ? -1 : 1));
      const out: VerifyResult[] = [];
      for (const c of checked) {
        const linkProblems = this.#link(c, chains);
        if (c.result) {
          newestDigestEnd = Math.max(newestDigestEnd, Date.parse(c.result.endTime));
          out.push(c.result);
        }
        out.push(...c.logs, ...c.problems, ...linkProblems);
        for (const key of c.covered) {
          const day = dayOfKey(key);
          const set = covered.get(day) ?? new Set<string>();
          covered.set(day, set);
          set.add(key);
        }
      }
      yield* out;
      if (previousDayLogs) yield* uncovered(days[i - 1]!, await previousDayLogs);
      previousDayLogs = dayLogs;
    }
    const last = days.at(-1);
    if (last && previousDayLogs) yield* uncovered(last, await previousDayLogs);
  }

  /** Fetch a digest, check its own location and signature, and hash every log file it names. */
  async #checkDigest(key: string): Promise<CheckedDigest> {
    const info = parseDigestKey(key)!;
    const signal = this.o.signal;
    const c: CheckedDigest = {
      key,
      chain: `${info.trail} ${info.homeRegion}`,
      time: info.time,
      hash: undefined,
      digest: undefined,
      signature: undefined,
      result: undefined,
      logs: [],
      problems: [],
      covered: [],
    };
    const problem = (kind: ProblemKind, detail: string, extra: Partial<Problem> = {}) =>
      c.problems.push({ type: 'problem', kind, key, detail, ...extra });

    const stored = await this.#limiter.run(() => this.#store.readDigest(key, signal));
    this.#progress.digests += 1;
    if (!stored) {
      problem('digest-missing', 'digest listed but not found when read');
      return c;
    }
    this.#progress.bytes += stored.body.byteLength;
    let plain: Buffer;
    try {
      const body = Buffer.from(stored.body.buffer, stored.body.byteOffset, stored.body.byteLength);
      plain = body[0] === 0x1f && body[1] === 0x8b ? await gunzipAsync(body) : body;
    } catch {
      problem('modified', 'digest is not valid gzip');
      return c;
    }
    c.hash = createHash('sha256').update(plain).digest('hex');
    c.signature = stored.signature;
    let digest: DigestFile | undefined;
    try {
      digest = await parseDigest(plain, { name: key });
    } catch {
      digest = undefined;
    }
    const required = [
      'digestS3Bucket',
      'digestS3Object',
      'digestEndTime',
      'digestStartTime',
      'digestPublicKeyFingerprint',
    ] as const;
    if (
      !digest ||
      required.some((f) => typeof digest[f] !== 'string') ||
      !('previousDigestSignature' in digest)
    ) {
      problem('modified', 'not a CloudTrail digest file (invalid JSON or missing fields)');
      return c;
    }
    c.digest = digest;
    const bucket = digest.digestS3Bucket!;
    const s3Key = digest.digestS3Object!;
    let valid = true;
    if (!this.#store.isOwnLocation(key, bucket, s3Key)) {
      valid = false;
      problem('modified', `digest names another location: s3://${bucket}/${s3Key}`);
    }

    // signature
    c.signature ??= await this.#store.signatureOf?.(bucket, s3Key, signal);
    let signature: DigestResult['signature'] = 'unavailable';
    if (c.signature) {
      const keys = await this.#publicKeys(info.homeRegion);
      const fingerprint = digest.digestPublicKeyFingerprint!;
      const publicKey = keys.get(fingerprint);
      if (!keys.has(fingerprint)) {
        signature = 'key-unknown';
        problem(
          'key-unknown',
          `no public key with fingerprint ${fingerprint} in ${info.homeRegion} for the range`,
        );
      } else if (
        publicKey &&
        c.signature.algorithm === 'SHA256withRSA' &&
        verifySignature(publicKey, stringToSign(digest, c.hash), c.signature.signature)
      ) {
        signature = 'valid';
      } else {
        signature = 'invalid';
        problem('signature-invalid', `signature does not verify with the public key ${fingerprint}`);
      }
    }
    if (signature === 'invalid' || signature === 'key-unknown') valid = false;

    // log files
    const logFiles = Array.isArray(digest.logFiles) ? digest.logFiles : [];
    c.logs = await Promise.all(
      logFiles.map(async (log): Promise<LogFileResult> => {
        const logKey = this.#store.locate(String(log.s3Bucket), String(log.s3Object));
        c.covered.push(logKey);
        const status = await this.#limiter.run(async () => {
          const body = await this.#store.readObject(logKey, signal);
          if (!body) return 'deleted' as const;
          try {
            const { hash, bytes } = await hashObject(body);
            this.#progress.bytes += bytes;
            return hash === log.hashValue ? ('valid' as const) : ('modified' as const);
          } catch {
            return 'modified' as const;
          }
        });
        this.#progress.logFiles += 1;
        this.o.onProgress?.({ ...this.#progress });
        return { type: 'log', key: logKey, digest: key, status };
      }),
    );
    for (const l of c.logs) {
      if (l.status === 'deleted')
        problem('deleted', 'log file named in the digest is not found', { key: l.key, digest: key });
      if (l.status === 'modified')
        problem('modified', "log file's SHA-256 differs from the digest's hashValue", {
          key: l.key,
          digest: key,
        });
    }
    this.o.onProgress?.({ ...this.#progress });
    c.result = {
      type: 'digest',
      key,
      bucket,
      s3Key,
      account: info.account,
      region: info.region,
      trail: info.trail,
      startTime: digest.digestStartTime!,
      endTime: digest.digestEndTime!,
      hash: c.hash,
      signature,
      link: 'start',
      logFiles: logFiles.length,
      valid,
    };
    return c;
  }

  /** Check a digest's link to the last digest of its chain (digests arrive oldest first). */
  #link(c: CheckedDigest, chains: Map<string, ChainEnd>): Problem[] {
    const problems: Problem[] = [];
    const prev = chains.get(c.chain);
    const d = c.digest;
    chains.set(c.chain, {
      key: c.key,
      time: c.time,
      endTime: d?.digestEndTime ?? iso(c.time),
      hash: c.hash,
      signature: c.signature?.signature,
    });
    if (!d || !c.result) return problems;
    const setLink = (link: DigestResult['link']) => {
      c.result!.link = link;
      if (link === 'missing' || link === 'broken') c.result!.valid = false;
    };
    const problem = (kind: ProblemKind, key: string, detail: string, extra: Partial<Problem> = {}) =>
      problems.push({ type: 'problem', kind, key, detail, ...extra });
    const prevBucket = d.previousDigestS3Bucket;
    const prevObject = d.previousDigestS3Object;
    if (!prevBucket || !prevObject) {
      if (prev) {
        setLink('gap');
        problem(
          'gap',
          c.key,
          `no digests between ${prev.endTime} and ${d.digestStartTime}: validation or logging was off`,
          {
            from: prev.endTime,
            to: d.digestStartTime,
          },
        );
      } else setLink('start');
      return problems;
    }
    const prevKey = this.#store.locate(prevBucket, prevObject);
    const prevInfo = parseDigestKey(prevKey);
    if (!prev) {
      if (prevInfo && prevInfo.time >= this.since) {
        setLink('missing');
        problem('digest-missing', prevKey, `digest named as previous by ${c.key} is not found`, {
          digest: c.key,
        });
      } else setLink('start');
      return problems;
    }
    if (prevKey === prev.key) {
      const hashOk = d.previousDigestHashValue === prev.hash;
      const signatureOk = prev.signature === undefined || d.previousDigestSignature === prev.signature;
      if (hashOk && signatureOk) setLink('linked');
      else {
        setLink('broken');
        problem(
          'chain-broken',
          c.key,
          `previous digest ${prev.key} does not match: ${hashOk ? '' : 'previousDigestHashValue differs'}${!hashOk && !signatureOk ? ', ' : ''}${signatureOk ? '' : 'previousDigestSignature differs'}`,
          { digest: prev.key },
        );
      }
      return problems;
    }
    if (prevInfo && prevInfo.time > prev.time) {
      setLink('missing');
      problem('digest-missing', prevKey, `digest named as previous by ${c.key} is not found`, {
        digest: c.key,
      });
      return problems;
    }
    setLink('broken');
    problem('chain-broken', c.key, `previous digest is named ${prevKey}, but the one before is ${prev.key}`, {
      digest: prev.key,
    });
    return problems;
  }

  /** The public keys (fingerprint → key) of a home region over the range, loaded once. */
  #publicKeys(homeRegion: string): Promise<Map<string, KeyObject | undefined>> {
    let keys = this.#keys.get(homeRegion);
    if (!keys) {
      keys = this.o.publicKeys
        .keysFor(
          homeRegion,
          new Date(this.since.getTime() - HOUR),
          new Date(this.until.getTime() + 2 * HOUR),
          this.o.signal,
        )
        .then((list) => new Map(list.map((k) => [k.fingerprint, rsaPublicKey(k.der)])));
      this.#keys.set(homeRegion, keys);
    }
    return keys;
  }
}

/** The `YYYY/MM/DD/` folder of a log key. */
function dayOfKey(key: string): string {
  const m = /\/(\d{4}\/\d{2}\/\d{2}\/)[^/]+$/.exec(key);
  return m ? m[1]! : '';
}

function toTime(option: string, value: TimeInput): Date {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new ConfigError('verifyTrail', `${option} is not a valid time: ${String(value)}`);
  return new Date(ms);
}

function iso(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
