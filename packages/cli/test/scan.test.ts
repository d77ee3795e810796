import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SEVERITIES, type TrailEvent } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, parseLines, run, SAMPLES, STRATUS, sampleRecords, stratusRecords } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailkit-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const allRecords = () => [...sampleRecords(), ...stratusRecords()];

describe('trailkit scan (in-process)', () => {
  it('prints every event of the samples as NDJSON, and nothing else', async () => {
    const { code, stdout, stderr } = await run(['scan', SAMPLES, '--format', 'ndjson']);
    // samples/README.md is skipped, and said so
    expect(stderr).toBe(
      'trailkit: skipped 1 path: not .json, .jsonl or .ndjson (optionally .gz) (--verbose names them)\n',
    );
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    const expected = allRecords();
    expect(lines).toHaveLength(expected.length);
    expect(new Set(lines.map((l) => l.eventID))).toEqual(new Set(expected.map((e) => e.eventID)));
  });

  it('filters with a CloudWatch Logs pattern', async () => {
    const { code, stdout } = await run([
      'scan',
      SAMPLES,
      '--format',
      'ndjson',
      '--pattern',
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    ]);
    expect(code).toBe(0);
    const expected = allRecords().filter(
      (e) => e.errorCode?.endsWith('UnauthorizedOperation') || e.errorCode?.startsWith('AccessDenied'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(
      parseLines(stdout)
        .map((l) => l.eventID)
        .sort(),
    ).toEqual(expected.map((e) => e.eventID).sort());
  });

  it('reports a bad pattern with its column, exit 2, no stack trace', async () => {
    const { code, stdout, stderr } = await run(['scan', SAMPLES, '--pattern', '{ $.eventName = }']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^trailkit: filter pattern: expected .* at column \d+/);
    expect(stderr).toContain('{ $.eventName = }');
    expect(stderr).toMatch(/\n\s+\^\n$/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('scopes by account, region and time (repeatable and comma lists)', async () => {
    // pick real values: the most common account and region of the Stratus Red Team logs, and a time window
    const stratus = stratusRecords();
    const top = (values: string[]) =>
      [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())].sort(
        (a, b) => b[1] - a[1],
      )[0]![0];
    const region = top(stratus.map((e) => e.awsRegion!).filter((r) => /^[a-z]{2}(-[a-z0-9]+)+$/.test(r)));
    const account = top(stratus.filter((e) => e.awsRegion === region).map((e) => e.recipientAccountId!));
    const times = stratus
      .filter((e) => e.recipientAccountId === account && e.awsRegion === region)
      .map((e) => e.eventTime!)
      .sort();
    const since = times[Math.floor(times.length / 4)]!;
    const until = times.at(-1)!;
    const regions = [region, 'us-east-1'];
    const { code, stdout } = await run([
      'scan',
      SAMPLES,
      '-f',
      'ndjson',
      '--region',
      region,
      '--region',
      `us-east-1,${region}`,
      '--account',
      account,
      '--since',
      since,
      '--until',
      until,
    ]);
    expect(code).toBe(0);
    const expected = allRecords().filter(
      (e) =>
        regions.includes(e.awsRegion!) &&
        (e.recipientAccountId ?? e.userIdentity?.accountId) === account &&
        Date.parse(e.eventTime!) >= Date.parse(since) &&
        Date.parse(e.eventTime!) < Date.parse(until),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(times.length);
    expect(
      parseLines(stdout)
        .map((l) => l.eventID)
        .sort(),
    ).toEqual(expected.map((e) => e.eventID).sort());
    // inside the AWSLogs/ layout the account is the folder's (this anonymised tree: 218007301253)
    const byFolder = await run(['scan', SAMPLES, '-f', 'ndjson', '--account', '218007301253']);
    expect(parseLines(byFolder.stdout)).toHaveLength(2474);
  });

  it('detects with the built-in packs: findings as NDJSON', async () => {
    const { code, stdout } = await run(['scan', SAMPLES, '--rules', 'cis,threats', '--format', 'ndjson']);
    expect(code).toBe(0);
    const findings = parseLines(stdout);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.kind).toBe('finding');
      expect(SEVERITIES).toContain(f.severity);
      expect(String((f.rule as { id: string }).id)).toMatch(/^(cis|threats)\./);
    }
    // the Stratus "cloudtrail-stop" detonation is a CloudTrail configuration change (CIS)
    const stop = JSON.parse(
      readFileSync(join(STRATUS, 'aws.defense-evasion.cloudtrail-stop.json'), 'utf8'),
    ).find((e: TrailEvent) => e.eventName === 'StopLogging') as TrailEvent;
    const hit = findings.filter((f) => (f.events as TrailEvent[]).some((e) => e.eventID === stop.eventID));
    expect(hit.map((f) => (f.rule as { id: string }).id).some((id) => id.startsWith('cis.'))).toBe(true);
  });

  it('prints a findings table sorted by severity with a summary line', async () => {
    const { code, stdout } = await run(['scan', SAMPLES, '--rules', 'cis,threats']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+ATT&CK\s+WHO\s+WHAT\s+WHEN\s+WHERE(\s+COUNT)?$/);
    const end = lines.findIndex((l) => l.startsWith('… '));
    const rows = lines
      .slice(1, end === -1 ? undefined : end)
      .filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO)\s/.test(l));
    // identical findings share a row with their COUNT: the rows shown and the hidden ones add up to the total
    const total = Number(/(\d+) findings?/.exec(lines.at(-1)!)![1]);
    const counted = /COUNT$/.test(lines[0]!);
    const shownCount = rows.reduce((n, r) => n + (counted ? Number(r.split(/\s+/).at(-1)) : 1), 0);
    const hidden = end === -1 ? 0 : Number(/^… (\d+) more/.exec(lines[end]!)![1]);
    expect(shownCount + hidden).toBe(total);
    expect(rows.length).toBeLessThanOrEqual(100);
    expect(rows.length).toBeGreaterThan(0);
    const ranks = rows.map((r) => SEVERITIES.indexOf(r.split(/\s+/)[0]!.toLowerCase() as never));
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    // hidden rows: a per-rule breakdown follows
    if (end !== -1) expect(lines[end + 2]).toMatch(/^SEVERITY\s+RULE\s+COUNT\s+ATT&CK\s+TITLE$/);
    const summary = lines.at(-1)!;
    const objects = 52 + readdirSync(STRATUS).filter((f) => f.endsWith('.json')).length;
    expect(summary).toMatch(
      new RegExp(
        `^${objects} objects, ${allRecords().length} events read, \\d+ passed, 0 invalid \\| \\d+ findings?: `,
      ),
    );
  });

  it('prints a compact events table capped with "N more"', async () => {
    const { code, stdout } = await run(['scan', DAY, '--max-rows', '5']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    // identical events of the same second are one row, counted
    expect(lines[0]).toMatch(/^TIME\s+SOURCE:NAME\s+WHO\s+REGION\s+IP\s+ERROR\s+COUNT$/);
    expect(lines.slice(1, 6).every((l) => /^2023-07-10T\d\d:\d\d:\d\dZ\s.*\s\d+$/.test(l))).toBe(true);
    const shown = lines.slice(1, 6).reduce((n, l) => n + Number(l.split(/\s+/).at(-1)), 0);
    expect(shown).toBeGreaterThan(5);
    expect(lines[6]).toBe(`… ${2474 - shown} more events (use --format ndjson or --out to get them all)`);
    expect(lines.at(-1)).toBe('52 objects, 2474 events read, 2474 passed, 0 invalid');
  });

  it('runs your own YAML rules next to a built-in pack', async () => {
    const rules = join(dir, 'my-rules.yaml');
    writeFileSync(
      rules,
      [
        'rules:',
        '  - id: my.secrets-read',
        '    title: Secrets Manager secret read',
        '    severity: medium',
        '    pattern: \'{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") }\'',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await run(['scan', DAY, '--rules', `cis,${rules}`, '-f', 'ndjson']);
    expect(code).toBe(0);
    const mine = parseLines(stdout).filter((f) => (f.rule as { id: string }).id === 'my.secrets-read');
    const expected = sampleRecords().filter(
      (e) => e.eventSource === 'secretsmanager.amazonaws.com' && e.eventName === 'GetSecretValue',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(mine.map((f) => (f.events as TrailEvent[])[0]!.eventID).sort()).toEqual(
      expected.map((e) => e.eventID).sort(),
    );
    expect(mine.every((f) => f.severity === 'medium')).toBe(true);
  });

  it('prints one JSON document with --format json', async () => {
    const { code, stdout } = await run(['scan', STRATUS, '--format', 'json', '--rules', 'threats']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      summary: { events: { read: number }; findings: { total: number } };
      findings: unknown[];
    };
    expect(doc.summary.events.read).toBe(stratusRecords().length);
    expect(doc.findings).toHaveLength(doc.summary.findings.total);
  });

  it('--fail-on: exit 1 when findings at or above the severity exist, else 0', async () => {
    const json = await run(['scan', SAMPLES, '--rules', 'cis,threats', '--format', 'json']);
    const bySeverity = (
      JSON.parse(json.stdout) as { summary: { findings: { bySeverity: Record<string, number> } } }
    ).summary.findings.bySeverity;
    for (const severity of SEVERITIES) {
      const atOrAbove = SEVERITIES.slice(SEVERITIES.indexOf(severity)).reduce(
        (n, s) => n + (bySeverity[s] ?? 0),
        0,
      );
      const { code } = await run([
        'scan',
        SAMPLES,
        '--rules',
        'cis,threats',
        '--fail-on',
        severity,
        '-f',
        'ndjson',
      ]);
      expect(code, severity).toBe(atOrAbove > 0 ? 1 : 0);
    }
    // nothing matches this pattern: no findings, exit 0 even with --fail-on info
    const none = await run([
      'scan',
      SAMPLES,
      '--rules',
      'cis',
      '--fail-on',
      'info',
      '--pattern',
      '{ $.eventName = "NoSuchCall" }',
    ]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No findings.');
  });

  it('writes --out files with sink-file, partitioned by account/region/date', async () => {
    const out = join(dir, 'out');
    const { code, stdout } = await run(['scan', DAY, '--out', out, '--gzip', '-f', 'ndjson']);
    expect(code).toBe(0);
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    const lines: unknown[] = [];
    for (const f of files) {
      // partitioned by the records' own account (the anonymised records say 123837392027, the key 218007301253)
      expect(join(f.parentPath, f.name)).toContain(
        join(out, '123837392027', 'us-east-1', '2023', '07', '10'),
      );
      expect(f.name).toMatch(/\.ndjson\.gz$/);
      lines.push(...parseLines(gunzipSync(readFileSync(join(f.parentPath, f.name))).toString()));
    }
    expect(lines).toHaveLength(2474);
    expect(parseLines(stdout)).toHaveLength(2474);
  });

  it('writes --out <file>.ndjson as one file', async () => {
    const out = join(dir, 'findings.ndjson');
    const { code } = await run(['scan', STRATUS, '--rules', 'threats', '--out', out, '--format', 'json']);
    expect(code).toBe(0);
    for (const f of parseLines(readFileSync(out, 'utf8'))) expect(f.kind).toBe('finding');
  });

  it('resumes from --checkpoint: a second run reads nothing new', async () => {
    const checkpoint = join(dir, 'state.json');
    const first = await run(['scan', DAY, '--checkpoint', checkpoint, '--summary', '-f', 'ndjson']);
    expect(first.code).toBe(0);
    expect(parseLines(first.stdout)).toHaveLength(2474);
    const second = await run(['scan', DAY, '--checkpoint', checkpoint, '--summary', '-f', 'ndjson']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    const [resumed, summary] = second.stderr.trimEnd().split('\n');
    expect(resumed).toBe(`trailkit: resuming from ${checkpoint}: what earlier runs read is not read again`);
    expect(JSON.parse(summary!).events.read).toBe(0);
    // the table's summary line says so too
    const table = await run(['scan', DAY, '--checkpoint', checkpoint]);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(
      `0 objects, 0 events read, 0 passed, 0 invalid | resumed from ${checkpoint}: nothing new`,
    );
  });

  describe('bad input', () => {
    const prepare = () => {
      const logs = join(dir, 'logs');
      mkdirSync(logs);
      const good = readFileSync(join(STRATUS, 'aws.defense-evasion.cloudtrail-stop.json'));
      writeFileSync(join(logs, 'a-good.json'), good);
      writeFileSync(
        join(logs, 'b-bad.json'),
        '{"Records":[{"eventVersion":"1.08","eventID":"b-1","eventTime":"2023-07-10T12:00:00Z","eventName":"A"},{"eventName":',
      );
      return { logs, goodCount: (JSON.parse(good.toString()) as unknown[]).length };
    };

    it('--on-invalid skip (default): counts it, warns on stderr, keeps the rest, exit 0', async () => {
      const { logs, goodCount } = prepare();
      const { code, stdout, stderr } = await run(['scan', logs, '-f', 'ndjson', '--summary']);
      expect(code).toBe(0);
      // the good file and the record before the break in the bad one
      expect(parseLines(stdout)).toHaveLength(goodCount + 1);
      const [warning, named, summary] = stderr.trimEnd().split('\n');
      expect(warning).toMatch(/^trailkit: warning: skipped 1 invalid record \(PARSE_TRUNCATED_JSON: 1\)$/);
      // the bad record named: file, byte offset, record index
      expect(named).toMatch(/^ {2}\S*b-bad\.json: .* \(byte \d+, record 1\)$/);
      expect(JSON.parse(summary!).events.invalid).toBe(1);
    });

    it('--on-invalid fail: exit 2 naming the file, byte and record', async () => {
      const { logs } = prepare();
      const { code, stderr } = await run(['scan', logs, '-f', 'ndjson', '--on-invalid', 'fail']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^trailkit: .*b-bad\.json.*byte \d+, record 1\)/);
      expect(stderr).not.toContain('    at ');
    });
  });

  describe('usage errors exit 2 with a clear message', () => {
    it.each([
      [['scan'], /missing required argument 'input'/],
      [['scan', SAMPLES, '--bogus'], /unknown option '--bogus'/],
      [['scan', join(SAMPLES, 'does-not-exist')], /does-not-exist/],
      [['scan', SAMPLES, '--format', 'xml'], /--format: "xml" is not a format/],
      [['scan', SAMPLES, '--since', 'last tuesday'], /--since: "last tuesday" is not a date/],
      [['scan', SAMPLES, '--since', '1d', '--until', '2d'], /--since .* is after --until/],
      [['scan', SAMPLES, '--fail-on', 'high'], /--fail-on needs --rules/],
      [['scan', SAMPLES, '--rules', 'nosuchpack'], /nosuchpack/],
      [['scan', 'gs://bucket'], /unknown input scheme "gs:\/\/"/],
      [['scan', 's3://bucket', 'samples'], /one remote input/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ])('%j', async (args, message) => {
      const { code, stderr } = await run(args as string[]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^trailkit: /);
      expect(stderr).toMatch(message);
      expect(stderr).not.toContain('    at ');
    });

    it('a pattern error inside a rules file names the file and the rule', async () => {
      const rules = join(dir, 'broken-pattern.yaml');
      writeFileSync(
        rules,
        'rules:\n  - id: my.broken\n    title: Broken\n    severity: low\n    pattern: "{ $.eventName = }"\n',
      );
      const { code, stderr } = await run(['scan', SAMPLES, '--rules', rules]);
      expect(code).toBe(2);
      expect(stderr).toContain('broken-pattern.yaml');
      expect(stderr).toContain('my.broken');
    });

    it('a bad rules file names the file', async () => {
      const rules = join(dir, 'bad-rules.yaml');
      writeFileSync(rules, 'rules:\n  - id: x\n    severity: catastrophic\n');
      const { code, stderr } = await run(['scan', SAMPLES, '--rules', rules]);
      expect(code).toBe(2);
      expect(stderr).toContain('bad-rules.yaml');
    });
  });

  it('--help shows options and examples; --version prints the version', async () => {
    const help = await run(['scan', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['--pattern', '--rules', '--fail-on', '--checkpoint', 'Examples:', 'Exit codes:']) {
      expect(help.stdout).toContain(text);
    }
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(pkg.version);
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('scan');
  });
});
