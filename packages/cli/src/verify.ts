/** `trailkit verify`: CloudTrail log file integrity validation over S3 or a local tree. */
import { fileCheckpoint } from '@trailkit/core';
import type { Problem, PublicKeySource, TrailStore, VerifySummary } from '@trailkit/verify';
import { EXIT, UsageError } from './errors';
import { clientConfig, envCredentials } from './inputs';
import { type CliIo, writeText } from './io';
import { parseTime } from './options';

/** Output formats of `trailkit verify`. */
export const VERIFY_FORMATS = ['table', 'json'] as const;

/** Options of `trailkit verify`, as parsed from the command line. */
export interface VerifyOptions {
  since?: string;
  until?: string;
  account?: string[];
  region?: string[];
  orgId?: string;
  endpoint?: string;
  cloudtrailEndpoint?: string;
  awsRegion?: string;
  publicKeys?: string;
  format: string;
  concurrency?: number;
  checkpoint?: string;
  progress: boolean;
}

/** Help text after the options. */
export const VERIFY_HELP = `
Checks, for each digest in the range: its signature (SHA256withRSA, public key by fingerprint), its own
location, its link to the previous digest; and for each log file it names: present, SHA-256 as recorded.
Reports log files no digest names, missing digests and gaps. Signatures live in S3 object metadata: for a
local tree they are read from <digest>.metadata.json sidecars when present (and the summary says so).

Examples:
  $ trailkit verify s3://my-trail-bucket --since 2026-11-01 --until 2026-11-02
  $ trailkit verify s3://my-trail-bucket/logs --since 7d --org-id o-a1b2c3d4e5 --account 111122223333
  $ aws cloudtrail list-public-keys --start-time 2026-11-01 > keys.json
  $ trailkit verify ./downloaded --since 2026-11-01 --public-keys keys.json --format json

Exit codes: 0 everything in range valid, 1 problems found, 2 usage or input error, 3 unexpected error.`;

/** Run a verification; resolves with the exit code. */
export async function verify(input: string, o: VerifyOptions, io: CliIo): Promise<number> {
  const now = io.now?.() ?? Date.now();
  if (!(['table', 'json'] as const).includes(o.format as 'table')) {
    throw new UsageError(`--format: "${o.format}" is not a format (one of ${VERIFY_FORMATS.join(', ')})`);
  }
  if (o.since === undefined)
    throw new UsageError('verify needs --since (the start of the range to validate)');
  const since = parseTime('--since', o.since, now);
  const until = o.until === undefined ? new Date(now) : parseTime('--until', o.until, now);
  if (since > until) {
    throw new UsageError(`--since (${iso(since)}) is after --until (${iso(until)})`);
  }
  const lib = await import('@trailkit/verify');
  const settings = {
    awsRegion: o.awsRegion ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint: o.endpoint,
    env: io.env,
  };
  const store = await storeFor(input, settings, lib);
  const publicKeys: PublicKeySource = o.publicKeys
    ? lib.publicKeysFromFile(o.publicKeys)
    : lib.cloudTrailPublicKeys({
        clientConfig: cloudTrailConfig({ ...settings, endpoint: o.cloudtrailEndpoint }),
      });

  // a bad keys file is an input error even when no signature needs it (a local tree without sidecars)
  if (o.publicKeys) await publicKeys.keysFor(settings.awsRegion, since, until);
  const summary = lib.verifySummary({ since, until });
  const problems: Problem[] = [];
  const progress = await createVerifyProgress(io, o.progress);
  try {
    for await (const result of lib.verifyTrail({
      store,
      publicKeys,
      since,
      until,
      ...(o.account ? { accounts: o.account } : {}),
      ...(o.region ? { regions: o.region } : {}),
      ...(o.orgId ? { organizationIds: [o.orgId] } : {}),
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
      ...(o.checkpoint ? { checkpoint: fileCheckpoint(o.checkpoint) } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (p) => progress.update(p.digests, p.logFiles),
    })) {
      summary.add(result);
      if (result.type !== 'problem') continue;
      if (o.format === 'json') problems.push(result);
      else {
        progress.pause();
        await writeText(io.stdout, `${problemLine(store, result)}\n`);
      }
    }
  } finally {
    progress.stop();
  }
  const s = summary.summary();
  if (o.format === 'json') {
    await writeText(
      io.stdout,
      `${JSON.stringify({ location: store.name, requested: { from: iso(since), to: iso(until) }, ...s, problems }, null, 2)}\n`,
    );
  } else {
    await writeText(io.stdout, summaryText(store, s, since, until));
  }
  return s.ok ? EXIT.OK : EXIT.FINDINGS;
}

async function storeFor(
  input: string,
  s: { awsRegion: string; endpoint?: string; env: Record<string, string | undefined> },
  lib: typeof import('@trailkit/verify'),
): Promise<TrailStore> {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(input);
  if (m) {
    const { S3Client } = await import('@aws-sdk/client-s3');
    return lib.s3TrailStore({
      bucket: m[1]!,
      ...(m[2] ? { prefix: m[2].replace(/\/+$/, '') } : {}),
      client: new S3Client({
        ...clientConfig(s),
        ...(s.endpoint ? { forcePathStyle: true } : {}),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    });
  }
  if (/^[a-z0-9]+:\/\//.test(input))
    throw new UsageError(`${input}: verify reads s3://bucket[/prefix] or a directory`);
  const { stat } = await import('node:fs/promises');
  const info = await stat(input).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${input}: no such directory`);
  return lib.localTrailStore({ dir: input });
}

function cloudTrailConfig(s: {
  awsRegion: string;
  endpoint?: string;
  env: Record<string, string | undefined>;
}) {
  const credentials = envCredentials(s.env);
  return {
    region: s.awsRegion,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** One problem as a line: `KIND<TAB>location<TAB>detail`, like aws-cli's `Log file<TAB>s3://...<TAB>INVALID`. */
function problemLine(store: TrailStore, p: Problem): string {
  return `${p.kind.toUpperCase()}\t${where(store, p.key)}\t${p.detail}`;
}

function where(store: TrailStore, key: string): string {
  if (key.startsWith('s3://')) return key;
  return store.name.startsWith('s3://') ? `s3://${store.name.slice(5).split('/')[0]}/${key}` : key;
}

/** The closing summary, after aws-cli's. */
export function summaryText(store: TrailStore, s: VerifySummary, since: Date, until: Date): string {
  const lines = ['', `Results requested for ${iso(since)} to ${iso(until)} in ${store.name}`];
  if (s.digests.total === 0) lines.push('No digests found');
  else if (!s.found) lines.push('No valid digests found in range');
  else lines.push(`Results found for ${s.found.from} to ${s.found.to}:`);
  lines.push('');
  const ratio = (valid: number, total: number, name: string) =>
    `${valid}/${total} ${name} files valid${total > valid ? `, ${total - valid}/${total} ${name} files INVALID` : ''}`;
  if (s.digests.total > 0) lines.push(ratio(s.digests.valid, s.digests.total, 'digest'));
  if (s.logFiles.total > 0) lines.push(ratio(s.logFiles.valid, s.logFiles.total, 'log'));
  for (const g of s.gaps)
    lines.push(`No log files were delivered by CloudTrail between ${g.from} and ${g.to}`);
  if (s.problems['not-covered'] > 0) {
    lines.push(`${s.problems['not-covered']} log file(s) in the range are named by no digest`);
  }
  const { checked, unavailable } = s.signatures;
  if (unavailable > 0) {
    lines.push(
      `Signatures checked for ${checked} digest(s), NOT checked for ${unavailable} (no signature available: ` +
        `S3 metadata is lost on download; keep <digest>.metadata.json sidecars)`,
    );
  } else if (checked > 0) lines.push(`Signatures checked for all ${checked} digest(s)`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

/** A progress bar on stderr (terminal only): digests and log files checked. */
async function createVerifyProgress(io: CliIo, enabled: boolean) {
  if (!enabled || !io.stderr.isTTY || io.env.CI || io.env.TRAILKIT_NO_PROGRESS) {
    return { update: (_d: number, _l: number) => undefined, pause: () => undefined, stop: () => undefined };
  }
  // loaded only when a bar is shown (a terminal)
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: 'trailkit verify | {digests} digests | {logs} log files',
      clearOnComplete: true,
      hideCursor: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(digests: number, logs: number) {
      if (!started) bar.start(0, 0, { digests, logs });
      started = true;
      bar.update(0, { digests, logs });
    },
    pause() {
      if (started) bar.stop();
      started = false;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function iso(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
