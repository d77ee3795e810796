/**
 * Issue 21, the everyday CLI: what was skipped is said, bad records are named, options for another input
 * are refused, --out says what it writes, the table fits the terminal.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, parseLines, run, SAMPLES, STRATUS } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-everyday-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const EVENT = (id: string) =>
  JSON.stringify({ eventVersion: '1.08', eventID: id, eventTime: '2023-07-10T12:00:00Z', eventName: 'A' });

describe('1. skipped files are said', () => {
  it('a folder of .log and .txt files: exit 2 naming the reason; --allow-empty accepts it', async () => {
    writeFileSync(join(dir, 'a.log'), EVENT('1'));
    writeFileSync(join(dir, 'b.txt'), EVENT('2'));
    const refused = await run(['scan', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'trailkit: skipped 2 paths: not .json, .jsonl or .ndjson (optionally .gz) (--verbose names them)',
    );
    expect(refused.stderr).toMatch(/trailkit: nothing to read: .*--allow-empty/);
    const verbose = await run(['scan', dir, '--verbose']);
    expect(verbose.stderr).toContain(`  ${join(dir, 'a.log')}\n  ${join(dir, 'b.txt')}\n`);
    const allowed = await run(['scan', dir, '--allow-empty']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('No events.');
  });

  it('an empty folder and a glob matching nothing: exit 2', async () => {
    const empty = await run(['scan', dir]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('skipped 1 path: empty folder');
    const glob = await run(['scan', join(dir, '**/*.json.gz')]);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain('skipped 1 path: glob matched nothing');
  });

  it('a digest file is named as holding no events; the log files next to it are read', async () => {
    const digest = join(
      dir,
      '123456789012_CloudTrail-Digest_us-east-1_trail_us-east-1_20230710T000000Z.json.gz',
    );
    writeFileSync(digest, '{}');
    const only = await run(['scan', digest]);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('skipped 1 path: digest file (holds hashes, no events)');
    const log = readdirSync(DAY).find((f) => f.endsWith('.json.gz'))!;
    copyFileSync(join(DAY, log), join(dir, log));
    const both = await run(['scan', digest, join(dir, log), '-f', 'ndjson']);
    expect(both.code).toBe(0);
    expect(parseLines(both.stdout).length).toBeGreaterThan(0);
    expect(both.stderr).toContain('digest file');
  });
});

describe('1. files read that hold no events are said', () => {
  it('a digest file under another name, and an empty log: named by reason, exit 2 unless --allow-empty', async () => {
    const digest = join(dir, 'd.json');
    writeFileSync(
      digest,
      JSON.stringify({
        awsAccountId: '123456789012',
        digestStartTime: '2020-09-11T18:36:49Z',
        digestEndTime: '2020-09-11T19:36:49Z',
        logFiles: [],
      }),
    );
    writeFileSync(join(dir, 'e.json'), '{"Records":[]}');
    const refused = await run(['scan', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'trailkit: read 1 file holding no events: digest file (holds hashes, no events) (--verbose names them)',
    );
    expect(refused.stderr).toContain('trailkit: read 1 file holding no events: no CloudTrail records in it');
    expect(refused.stderr).toContain('nothing to read (--allow-empty');
    const allowed = await run(['scan', dir, '--allow-empty', '-v']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain(`  ${digest}\n`);
    // a window that leaves nothing is an answer, not an empty input
    const windowed = await run(['scan', DAY, '--since', '2d']);
    expect(windowed.code).toBe(0);
  });
});

describe('2. bad records are named on stderr in every format', () => {
  const bad = () => {
    const lines = [
      EVENT('ok-1'),
      ...Array.from({ length: 8 }, (_, i) => `"not an event ${i}"`),
      EVENT('ok-2'),
    ];
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };

  for (const format of ['table', 'ndjson', 'json']) {
    it(`--format ${format}: the first five, then "N more"; --verbose names all`, async () => {
      const file = bad();
      const { code, stderr } = await run(['scan', file, '-f', format]);
      expect(code).toBe(0);
      const named = stderr.split('\n').filter((l) => l.startsWith(`  ${file}: `));
      expect(named).toHaveLength(5);
      expect(named[0]).toMatch(/\(byte \d+, record 1\)$/);
      expect(stderr).toContain('  … 3 more (--verbose for all)');
      const all = await run(['scan', file, '-f', format, '-v']);
      expect(all.stderr.split('\n').filter((l) => l.startsWith(`  ${file}: `))).toHaveLength(8);
    });
  }
});

describe('3. options for another input are refused', () => {
  for (const [args, message] of [
    [['--follow'], '--follow applies to cwl:// inputs only, not to local paths'],
    [['--stop-when-empty'], '--stop-when-empty applies to sqs:// inputs only, not to local paths'],
    [['--workgroup', 'w'], '--workgroup applies to athena:// inputs only, not to local paths'],
    [['--org-id', 'o-abcdefghij'], '--org-id applies to s3:// inputs only, not to local paths'],
    [['--gzip'], '--gzip compresses what --out writes'],
    [['--external-id', 'x1'], '--external-id goes with --assume-role'],
  ] as const) {
    it(`${args[0]} on a local path: exit 2`, async () => {
      const { code, stderr, stdout } = await run(['scan', STRATUS, ...args]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stdout).toBe('');
    });
  }

  it('--workgroup on s3://: exit 2 before any request', async () => {
    const { code, stderr } = await run(['scan', 's3://bucket', '--workgroup', 'w']);
    expect(code).toBe(2);
    expect(stderr).toContain('--workgroup applies to athena:// inputs only, not to s3://');
  });
});

describe('4. --out says what it writes', () => {
  it('refuses an extension it cannot write instead of making a folder named o1.xlsx', async () => {
    const out = join(dir, 'o1.xlsx');
    const { code, stderr } = await run(['scan', STRATUS, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot write ".xlsx" files');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('5. the table', () => {
  it('fits $COLUMNS; --wide keeps every column whole', async () => {
    const fitted = await run(['scan', SAMPLES, '-r', 'cis,threats', '--max-rows', '20'], { COLUMNS: '100' });
    expect(fitted.code).toBe(0);
    const lines = fitted.stdout.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) expect(line.length).toBeLessThanOrEqual(100);
    // the time column keeps its 20 characters
    expect(lines[1]).toMatch(/\s2023-07-10T\d\d:\d\d:\d\dZ\s/);
    const wide = await run(['scan', SAMPLES, '-r', 'cis,threats', '--max-rows', '20', '--wide'], {
      COLUMNS: '100',
    });
    expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(100);
  });

  it('the events table: identical events grouped with a COUNT, fitted to $COLUMNS, --wide for everything', async () => {
    for (const copy of ['a', 'b', 'c']) {
      mkdirSync(join(dir, copy));
      for (const f of readdirSync(STRATUS)) copyFileSync(join(STRATUS, f), join(dir, copy, f));
    }
    const fitted = await run(['scan', dir, '--max-rows', '10'], { COLUMNS: '90' });
    expect(fitted.code).toBe(0);
    const lines = fitted.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SOURCE:NAME\s+WHO\s+REGION\s+IP\s+ERROR\s+COUNT$/);
    const rows = lines.slice(1, 11);
    for (const line of lines.slice(0, -1)) expect(line.length).toBeLessThanOrEqual(90);
    // three copies of every event: each row stands for (a multiple of) three identical events
    const counts = rows.map((r) => Number(r.split(/\s+/).at(-1)));
    expect(counts.every((c) => c >= 3 && c % 3 === 0)).toBe(true);
    const read = Number(/(\d+) events read/.exec(lines.at(-1)!)![1]);
    const shown = counts.reduce((a, b) => a + b, 0);
    expect(lines[11]).toBe(`… ${read - shown} more events (use --format ndjson or --out to get them all)`);
    const wide = await run(['scan', dir, '--max-rows', '10', '--wide'], { COLUMNS: '90' });
    const wideRows = wide.stdout.split('\n').slice(1, 11);
    expect(Math.max(...wideRows.map((l) => l.length))).toBeGreaterThan(90);
    expect(wideRows.some((l) => l.includes('…'))).toBe(false);
    // --dedupe: the copies are dropped, every row is one event
    const deduped = await run(['scan', dir, '--max-rows', '10', '--dedupe', '--wide']);
    expect(deduped.stdout.split('\n')[0]).not.toContain('COUNT');
    expect(deduped.stdout.trimEnd().split('\n').at(-1)).toMatch(/, (\d+) duplicates$/);
  });

  it('groups identical findings into one row with a COUNT; --dedupe drops copies of the logs', async () => {
    for (const copy of ['a', 'b']) {
      mkdirSync(join(dir, copy));
      for (const f of readdirSync(STRATUS)) copyFileSync(join(STRATUS, f), join(dir, copy, f));
    }
    const doubled = await run(['scan', dir, '-r', 'threats', '--wide']);
    const header = doubled.stdout.split('\n')[0]!;
    expect(header).toMatch(/COUNT$/);
    const rows = doubled.stdout.split('\n').filter((l) => /^(HIGH|MEDIUM|LOW|INFO|CRITICAL)\s/.test(l));
    // every finding comes (at least) twice, from the two copies: grouped, no row stands alone
    const counts = rows.map((r) => Number(r.split(/\s+/).at(-1)));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.filter((c) => c >= 2).length).toBeGreaterThan(counts.length / 2);
    const deduped = await run(['scan', dir, '-r', 'threats', '--dedupe', '--summary', '-f', 'ndjson']);
    const summary = JSON.parse(deduped.stderr.trimEnd().split('\n').at(-1)!);
    expect(summary.events.duplicates).toBe(summary.events.read / 2);
    expect(summary.findings.total * 2).toBe(
      Number(/(\d+) findings?/.exec(doubled.stdout.trimEnd().split('\n').at(-1)!)![1]),
    );
  });
});

describe('7. smaller ones', () => {
  it('--fail-on help lists the severities; --client-region is there, --aws-region still works', async () => {
    const help = await run(['scan', '--help']);
    expect(help.stdout).toContain('critical, high, medium, low, info');
    expect(help.stdout).toContain('--client-region');
    expect(help.stdout).toContain('-v, --verbose');
    const old = await run(['scan', STRATUS, '--aws-region', 'eu-west-1']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('--aws-region applies to s3://');
  });

  it('"1 event read", and an IdentityCenterUser by its user id', async () => {
    const file = join(dir, 'one.json');
    writeFileSync(
      file,
      JSON.stringify({
        Records: [
          {
            eventVersion: '1.09',
            eventID: 'ic-1',
            eventTime: '2024-05-01T10:00:00Z',
            eventSource: 'sso.amazonaws.com',
            eventName: 'ListApplications',
            awsRegion: 'us-east-1',
            userIdentity: {
              type: 'IdentityCenterUser',
              accountId: '111122223333',
              onBehalfOf: {
                userId: 'a1b2c3d4-5678',
                identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1',
              },
              credentialId: 'c-1',
            },
          },
        ],
      }),
    );
    const { code, stdout } = await run(['scan', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('IdentityCenterUser:a1b2c3d4-5678');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^1 object, 1 event read, 1 passed/);
  });

  it('errors name the option, not the internal component; a missing rules file is said once', async () => {
    const account = await run(['scan', STRATUS, '-a', '12']);
    expect(account.code).toBe(2);
    expect(account.stderr).toBe('trailkit: --account: "12" is not a 12-digit account id\n');
    const region = await run(['scan', STRATUS, '--region', 'useast']);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/^trailkit: --region: "useast" is not a region/);
    const org = await run(['scan', 's3://bucket', '--org-id', 'o-x', '--endpoint', 'http://127.0.0.1:9']);
    expect(org.code).toBe(2);
    expect(org.stderr).toMatch(/^trailkit: --org-id: .*"o-x"/);
    expect(org.stderr).not.toContain('s3Source');
    const rules = await run(['scan', STRATUS, '-r', join(dir, 'nope.yaml')]);
    expect(rules.code).toBe(2);
    expect(rules.stderr.split(join(dir, 'nope.yaml')).length - 1).toBe(1);
  });

  it('--since on old data names the window', async () => {
    const { code, stderr } = await run(['scan', DAY, '--since', '2d'], {});
    expect(code).toBe(0);
    expect(stderr).toMatch(/no file or object in the selection \(events from \d{4}-\S+Z to now\)\n/);
    // files not named by time are read, and their events are all outside the window
    const old = await run(['scan', STRATUS, '--since', '7d']);
    expect(old.code).toBe(0);
    expect(old.stderr).toMatch(/^trailkit: no event in the selection \(events from \d{4}-\S+Z to now\)\n$/);
    const region = await run(['scan', STRATUS, '--region', 'us-east-7']);
    expect(region.stderr).toBe('trailkit: no event in the selection (regions us-east-7)\n');
  });
});

describe('--format csv and --out <file>.csv', () => {
  it('stdout: one header, one RFC 4180 record per event, every eventID in order', async () => {
    const { parse } = await import('csv-parse/sync');
    const { code, stdout } = await run(['scan', STRATUS, '-f', 'csv']);
    expect(code).toBe(0);
    const rows = parse(stdout) as string[][];
    const ndjson = parseLines((await run(['scan', STRATUS, '-f', 'ndjson'])).stdout);
    expect(rows[0]!.slice(0, 3)).toEqual(['eventTime', 'eventSource', 'eventName']);
    const id = rows[0]!.indexOf('eventID');
    expect(rows.slice(1).map((r) => r[id])).toEqual(ndjson.map((e) => e.eventID));
    const agent = rows[0]!.indexOf('userAgent');
    expect(rows.slice(1).map((r) => r[agent])).toEqual(ndjson.map((e) => e.userAgent ?? ''));
  });

  it('findings as CSV to a .csv.gz file', async () => {
    const { parse } = await import('csv-parse/sync');
    const { gunzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const out = join(dir, 'findings.csv.gz');
    const { code, stdout } = await run(['scan', STRATUS, '-r', 'threats', '--out', out, '-f', 'ndjson']);
    expect(code).toBe(0);
    const findings = parseLines(stdout);
    const rows = parse(gunzipSync(readFileSync(out))) as string[][];
    expect(rows[0]!.slice(0, 3)).toEqual(['time', 'severity', 'rule.id']);
    expect(rows.slice(1).map((r) => r[2])).toEqual(findings.map((f) => (f.rule as { id: string }).id));
  });
});
