/** `trailkit scan --format ocsf`: OCSF NDJSON on stdout, validated against the OCSF 1.5.0 schema. */
import { describe, expect, it } from 'vitest';
import { apiActivityErrors, detectionFindingErrors } from '../../ocsf/test/ocsf-schema';
import { DAY, parseLines, run, SAMPLES, sampleRecords } from './helpers';

describe('trailkit scan --format ocsf', () => {
  it('writes every event as one API Activity record per line, nothing else', async () => {
    const { code, stdout, stderr } = await run(['scan', DAY, '--format', 'ocsf']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const records = parseLines(stdout) as Array<Record<string, any>>;
    const events = sampleRecords();
    expect(records).toHaveLength(events.length);
    expect(records.map((r) => r.metadata.uid).sort()).toEqual(events.map((e) => e.eventID).sort());
    const invalid = records.flatMap((r) => apiActivityErrors(r).map((e) => `${r.metadata.uid}: ${e}`));
    expect(invalid.slice(0, 5)).toEqual([]);
    for (const r of records) expect(r.class_uid).toBe(6003);
    // failures are Failure, with the error code: as many as the events with an errorCode
    expect(records.filter((r) => r.status === 'Failure').length).toBe(
      events.filter((e) => e.errorCode).length,
    );
  });

  it('with --rules, writes the findings as Detection Finding records (as --format ndjson writes findings)', async () => {
    const ndjson = await run(['scan', SAMPLES, '--rules', 'cis,threats', '--format', 'ndjson']);
    const { code, stdout } = await run(['scan', SAMPLES, '--rules', 'cis,threats', '--format', 'ocsf']);
    expect(code).toBe(0);
    const findings = parseLines(ndjson.stdout) as Array<Record<string, any>>;
    const records = parseLines(stdout) as Array<Record<string, any>>;
    expect(records.length).toBe(findings.length);
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((r) => r.finding_info.uid).sort()).toEqual(findings.map((f) => f.id).sort());
    const invalid = records.flatMap((r) =>
      detectionFindingErrors(r).map((e) => `${r.finding_info.uid}: ${e}`),
    );
    expect(invalid.slice(0, 5)).toEqual([]);
    for (const r of records) {
      expect(r.class_uid).toBe(2004);
      expect(r.finding_info.analytic.uid).toMatch(/^(cis|threats)\./);
    }
  });

  it('a misspelt format is a usage error (exit 2) that lists ocsf', async () => {
    const { code, stderr } = await run(['scan', DAY, '--format', 'ocfs']);
    expect(code).toBe(2);
    expect(stderr).toContain('ocsf');
  });
});
