import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, SAMPLES, sampleRecords, stratusRecords } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'trailkit-cli-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const total = sampleRecords().length + stratusRecords().length;

describe('trailkit report', () => {
  it('writes a self-contained HTML report, format from the extension', async () => {
    const out = join(dir, 'report.html');
    const r = await run(['report', SAMPLES, '--rules', 'cis,threats', '--out', out]);
    expect(r.stderr).toContain(`wrote ${out} (html,`);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<span data-metric="events">${total.toLocaleString('en-US')}</span>`);
    expect(html).not.toMatch(/<script|<link|src="http/i);
    expect(html.match(/<figure class="chart"/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('writes Markdown for .md and JSON to stdout with --format json', async () => {
    const md = join(dir, 'report.md');
    expect((await run(['report', SAMPLES, '--out', md, '--since', '2024-01-01T00:00:00Z'])).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^# CloudTrail audit report\n/);
    const stratus = stratusRecords().filter((e) => String(e.eventTime) >= '2024-01-01T00:00:00Z').length;
    const r = await run([
      'report',
      SAMPLES,
      '--format',
      'json',
      '--since',
      '2024-01-01T00:00:00Z',
      '--top',
      '3',
    ]);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model.scope.events).toBe(stratus);
    expect(model.scope.filters.since).toBe('2024-01-01T00:00:00.000Z');
    expect(model.top.principals.rows).toHaveLength(3);
    expect(model.findings.total).toBe(0);
  });

  it('includes an integrity summary and exits 1 with --fail-on', async () => {
    const integrity = join(dir, 'integrity.json');
    writeFileSync(integrity, JSON.stringify({ digests: 4, validFiles: 50, invalidFiles: 1, gaps: 0 }));
    const out = join(dir, 'with-integrity.json');
    const r = await run([
      'report',
      SAMPLES,
      '--rules',
      'cis',
      '--fail-on',
      'high',
      '--integrity',
      integrity,
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    const model = JSON.parse(readFileSync(out, 'utf8'));
    expect(model.integrity).toEqual({ digests: 4, validFiles: 50, invalidFiles: 1, gaps: 0 });
    expect(model.findings.bySeverity.high).toBeGreaterThan(0);
  });

  it('exits 2 on usage errors', async () => {
    const noFormat = await run(['report', SAMPLES, '--out', join(dir, 'report.txt')]);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('cannot tell the format');
    expect((await run(['report', SAMPLES])).code).toBe(2);
    expect((await run(['report', SAMPLES, '--format', 'pdf'])).code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"digests": -1}');
    const r = await run(['report', SAMPLES, '--format', 'md', '--integrity', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('digests must be a non-negative integer');
  });
});
