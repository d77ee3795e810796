/**
 * The SigmaHQ CloudTrail rules (fixtures/sigma, DRL 1.1, unmodified) through trailkit's Sigma loader: every
 * rule loads, and each rule whose event the real fixtures contain is tested on that real record (true
 * positive) and on a near miss of it (true negative).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../src/event/trail-event';
import { pattern } from '../../src/filters/pattern';
import { indexDetectors } from '../../src/rules/detector-index';
import { loadRules } from '../../src/rules/rule-pack';
import type { SigmaDetector } from '../../src/rules/sigma/sigma-rule';
import type { Detector } from '../../src/rules/types';

const HERE = import.meta.dirname;
const SIGMA = join(HERE, '..', 'fixtures', 'sigma', 'rules');
const REAL = join(HERE, '..', 'fixtures', 'real');

function realRecords(): Array<{ file: string; event: TrailEvent }> {
  const out: Array<{ file: string; event: TrailEvent }> = [];
  for (const dir of ['invictus-aws-dataset', 'stratus-red-team', 'trailscraper']) {
    for (const f of readdirSync(join(REAL, dir)).sort()) {
      if (!f.endsWith('.json')) continue;
      const j = JSON.parse(readFileSync(join(REAL, dir, f), 'utf8')) as
        | TrailEvent[]
        | { Records: TrailEvent[] };
      for (const event of Array.isArray(j) ? j : j.Records) out.push({ file: `${dir}/${f}`, event });
    }
  }
  return out;
}

type Mutate = (e: Record<string, unknown>) => void;
const renameEvent: Mutate = (e) => {
  e.eventName = `${String(e.eventName)}Preview`;
};

/**
 * Rules whose event is in the real fixtures: the rule file, the eventName of the first real record it must
 * match, and a near miss (a copy of that record changed in the one field the rule keys on).
 */
const REAL_CASES: Array<{ rule: string; eventName: string; nearMiss: Mutate }> = [
  {
    rule: 'aws_cloudtrail_bucket_deleted.yml',
    eventName: 'DeleteBucket',
    nearMiss: (e) => {
      e.errorCode = 'AccessDenied';
    },
  },
  {
    rule: 'aws_cloudtrail_console_login_success_without_mfa.yml',
    eventName: 'ConsoleLogin',
    nearMiss: (e) => {
      (e.additionalEventData as Record<string, unknown>).MFAUsed = 'Yes';
    },
  },
  {
    rule: 'aws_cloudtrail_disable_logging.yml',
    eventName: 'StopLogging',
    nearMiss: (e) => {
      e.eventSource = 'cloudtrail-data.amazonaws.com';
    },
  },
  { rule: 'aws_cloudtrail_new_route_added.yml', eventName: 'CreateRoute', nearMiss: renameEvent },
  {
    rule: 'aws_cloudtrail_security_group_change_ingress_egress.yml',
    eventName: 'AuthorizeSecurityGroupEgress',
    nearMiss: renameEvent,
  },
  {
    rule: 'aws_cloudtrail_ssm_malicious_usage.yml',
    eventName: 'SendCommand',
    nearMiss: (e) => {
      e.errorCode = 'ThrottlingException';
    },
  },
  {
    rule: 'aws_cloudtrail_vpc_flow_logs_deleted.yml',
    eventName: 'DeleteFlowLogs',
    nearMiss: (e) => {
      e.errorCode = 'UnauthorizedOperation';
    },
  },
  {
    rule: 'aws_enum_buckets.yml',
    eventName: 'ListBuckets',
    nearMiss: (e) => {
      e.eventSource = 'ec2.amazonaws.com';
    },
  },
  { rule: 'aws_iam_backdoor_users_keys.yml', eventName: 'CreateAccessKey', nearMiss: renameEvent },
  {
    rule: 'aws_new_lambda_layer_attached.yml',
    eventName: 'UpdateFunctionConfiguration20150331v2',
    nearMiss: (e) => {
      (e.requestParameters as Record<string, unknown>).layers = undefined;
    },
  },
  {
    rule: 'aws_snapshot_backup_exfiltration.yml',
    eventName: 'ModifySnapshotAttribute',
    nearMiss: (e) => {
      e.eventSource = 'rds.amazonaws.com';
    },
  },
  {
    rule: 'aws_sts_assumerole_misuse.yml',
    eventName: 'GetPasswordData',
    nearMiss: (e) => {
      (e.userIdentity as Record<string, unknown>).type = 'IAMUser';
    },
  },
  {
    rule: 'aws_update_login_profile.yml',
    eventName: 'UpdateLoginProfile',
    // the filter: a user changing their own login profile is not reported
    nearMiss: (e) => {
      const identity = e.userIdentity as Record<string, unknown>;
      (e.requestParameters as Record<string, unknown>).userName = identity.arn;
    },
  },
];

describe('SigmaHQ rules/cloud/aws/cloudtrail (57 rules at 8eaafff)', async () => {
  const files = readdirSync(SIGMA)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const skipped: string[] = [];
  const rules = (await loadRules(SIGMA, { onSkipped: (e) => skipped.push(e.message) })) as SigmaDetector[];
  const byFile = new Map(rules.map((r) => [r.meta.source!.replace(/^.*[\\/]/, ''), r]));
  const records = realRecords();

  it('loads every rule, with its metadata and the candidates of the index', () => {
    expect(files).toHaveLength(57);
    expect(skipped).toEqual([]);
    expect(rules).toHaveLength(57);
    for (const r of rules) {
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.meta.author).toBeTruthy();
      expect(['low', 'medium', 'high']).toContain(r.meta.severity);
    }
    // all but the four rules without an eventName / eventSource condition take the index's fast path
    expect(rules.filter((r) => r.eventNames === undefined && r.eventSources === undefined)).toHaveLength(4);
    const disable = byFile.get('aws_cloudtrail_disable_logging.yml')!;
    expect(disable.eventNames).toEqual(['stoplogging', 'updatetrail', 'deletetrail']);
    expect(disable.meta.attack?.techniques).toEqual(['T1685.002']);
    expect(disable.meta.falsePositives).toEqual(['Valid change in a Trail']);
  });

  for (const c of REAL_CASES) {
    it(`${c.rule}: true positive on the real ${c.eventName} record, true negative on a near miss`, () => {
      const rule = byFile.get(c.rule)!;
      const hit = records.find(
        ({ event }) => event.eventName === c.eventName && rule.process(event) !== undefined,
      );
      expect(hit, `a real ${c.eventName} record matches`).toBeDefined();
      const [finding] = rule.process(hit!.event)!;
      expect(finding!.rule.id).toBe(rule.id);
      const miss = structuredClone(hit!.event) as Record<string, unknown>;
      c.nearMiss(miss);
      expect(rule.process(miss as TrailEvent)).toBeUndefined();
    });
  }

  it('pushdown: where a rule has a filter pattern, the pattern matches exactly the same events', () => {
    const pushable = rules.filter((r) => r.pattern !== undefined);
    expect(pushable.length).toBe(34);
    // variants a case-insensitive rule still matches (and a case-sensitive pattern would not)
    const variants = (e: TrailEvent): TrailEvent[] => [
      e,
      { ...e, eventName: String(e.eventName).toLowerCase() },
      { ...e, eventSource: String(e.eventSource).toUpperCase() },
      { ...e, errorCode: null as unknown as string },
      { ...e, errorCode: 'Success' },
      { ...e, eventName: `x${String(e.eventName)}` },
    ];
    let agreedMatches = 0;
    for (const r of pushable) {
      const f = pattern(r.pattern!);
      for (const { event } of records) {
        for (const v of variants(event)) {
          const want = r.matches(v);
          if (f.test(v) !== want)
            throw new Error(`${r.meta.source}: ${r.pattern} differs on ${JSON.stringify(v).slice(0, 300)}`);
          if (want) agreedMatches++;
        }
      }
    }
    expect(agreedMatches).toBeGreaterThan(50);
    const disable = byFile.get('aws_cloudtrail_disable_logging.yml')!;
    expect(disable.pattern).toContain('$.eventName = %^[Ss][Tt][Oo][Pp][Ll][Oo][Gg][Gg][Ii][Nn][Gg]$|');
  });

  it('finds the same on every real record through the index as rule by rule', () => {
    const index = indexDetectors(rules as Detector[]);
    let viaIndex = 0;
    let direct = 0;
    for (const { event } of records) {
      viaIndex += index.process(event)?.length ?? 0;
      for (const r of rules) direct += r.process(event)?.length ?? 0;
    }
    expect(viaIndex).toBe(direct);
    expect(viaIndex).toBeGreaterThan(REAL_CASES.length);
    // the index skips most rules for a typical event
    const candidates = records.reduce((n, { event }) => n + index.candidates(event).length, 0);
    expect(candidates / records.length).toBeLessThan(6);
  });
});
