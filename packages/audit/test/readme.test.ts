import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import { COLLECT_POSTURE_SCHEMA, checksTable, POSTURE_CHECKS, RUN_AUDIT_SCHEMA } from '../src/index';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const RUN = README.indexOf('## `runAudit` options');

describe('README', () => {
  it('has the generated option tables', () => {
    expect(RUN).toBeGreaterThan(0);
    expect(optionsTableDrift(README.slice(0, RUN), COLLECT_POSTURE_SCHEMA)).toBeUndefined();
    expect(optionsTableDrift(README.slice(RUN), RUN_AUDIT_SCHEMA)).toBeUndefined();
  });
  it('has the generated checks table', () => {
    const block = README.slice(
      README.indexOf('<!-- checks:start -->') + 21,
      README.indexOf('<!-- checks:end -->'),
    );
    expect(block.trim()).toBe(checksTable(POSTURE_CHECKS));
    const cis = POSTURE_CHECKS.filter((c) => c.cis).length;
    expect(README).toContain(
      `${POSTURE_CHECKS.length} checks: ${cis} CIS controls and ${POSTURE_CHECKS.length - cis} of trailkit's own`,
    );
  });
});
