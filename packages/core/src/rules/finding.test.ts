import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derive, stratus } from '../../test/rules/fixtures';
import { findingId, makeFinding } from './finding';

const rule = { id: 'r.1', title: 'T', severity: 'high' as const, tags: ['x'] };

describe('makeFinding', () => {
  it('summarises who did what, where, from which IP (real StopLogging)', () => {
    const [e] = stratus('aws.defense-evasion.cloudtrail-stop');
    const f = makeFinding(rule, [e!]);
    expect(f.summary).toBe(
      `IAMUser christophe called cloudtrail:StopLogging in ${e!.awsRegion} from ${e!.sourceIPAddress}`,
    );
    expect(f.kind).toBe('finding');
    expect(f.rule).toEqual(rule);
    expect(f.events).toEqual([e]);
    expect(f.principal).toBe(e!.userIdentity!.arn);
    expect(f.action).toBe('cloudtrail.amazonaws.com:StopLogging');
    expect(f.time).toBe(e!.eventTime);
    expect(f.account).toBe(e!.recipientAccountId);
  });

  it('names assumed roles, root and failed calls', () => {
    const [e] = stratus('aws.discovery.ec2-download-user-data');
    const f = makeFinding(rule, [e!]);
    expect(f.summary).toMatch(
      /^AssumedRole stratus-red-team-get-usr-data-role\/\S+ called ec2:DescribeInstanceAttribute in \S+ from \S+ \(failed: Client.UnauthorizedOperation\)$/,
    );
    const root = derive(e!, (x) => {
      x.userIdentity = { type: 'Root', accountId: '111122223333' };
    });
    expect(makeFinding(rule, [root]).summary).toMatch(/^Root account 111122223333 called/);
    expect(makeFinding(rule, [{}]).summary).toBe('unknown principal called ?:? in ? from ?');
  });

  it('has a stable id from the rule id and eventIDs', () => {
    const events = stratus('aws.persistence.iam-create-admin-user');
    const a = makeFinding(rule, events);
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    expect(makeFinding(rule, structuredClone(events)).id).toBe(a.id);
    expect(makeFinding({ ...rule, id: 'r.2' }, events).id).not.toBe(a.id);
    expect(makeFinding(rule, events.slice(1)).id).not.toBe(a.id);
    expect(findingId('r', [{ eventName: 'x' }])).toBe(findingId('r', [{ eventName: 'x' }]));
    expect(findingId('r', [{ eventName: 'x' }])).not.toBe(findingId('r', [{ eventName: 'y' }]));
  });

  it('takes a summary override', () => {
    expect(makeFinding(rule, [{}], { summary: 'hello' }).summary).toBe('hello');
  });

  it('keeps the documented id: SHA-256 over the rule id and each eventID (or JSON) after a newline', () => {
    const reference = (ruleId: string, events: Array<Record<string, unknown>>) => {
      const h = createHash('sha256');
      h.update(ruleId);
      for (const e of events) {
        h.update('\n');
        h.update(typeof e.eventID === 'string' ? e.eventID : JSON.stringify(e));
      }
      return h.digest('hex').slice(0, 32);
    };
    const events = stratus('aws.persistence.iam-create-admin-user');
    for (const [id, evs] of [
      ['r.1', events],
      ['r.1', events.slice(0, 1)],
      ['règle ✓ \ud83d', [{ eventID: '\ude00 é' }, { eventName: 'x', n: 1 }]],
      ['', []],
    ] as const) {
      expect(findingId(id, evs as never)).toBe(reference(id, evs as never));
    }
  });

  it('builds the same keys, in the same order, whether or not every optional field is present', () => {
    const [e] = stratus('aws.defense-evasion.cloudtrail-stop');
    const full = makeFinding({ ...rule, description: 'd', references: ['r'] }, [e!]);
    expect(Object.keys(full)).toEqual([
      'kind',
      'id',
      'rule',
      'severity',
      'summary',
      'time',
      'events',
      'principal',
      'action',
      'account',
      'region',
      'sourceIPAddress',
    ]);
    expect(Object.keys(full.rule)).toEqual(['id', 'title', 'severity', 'description', 'references', 'tags']);
    const noRegion = derive(e!, (x) => {
      x.awsRegion = undefined;
      delete x.awsRegion;
    });
    const partial = makeFinding(rule, [noRegion]);
    expect(Object.keys(partial)).toEqual(Object.keys(full).filter((k) => k !== 'region'));
    expect(Object.keys(partial.rule)).toEqual(['id', 'title', 'severity', 'tags']);
    expect(partial.summary).toBe(full.summary.replace(` in ${e!.awsRegion} `, ' in ? '));
    expect(partial.id).toBe(full.id);
    expect({
      ...partial,
      region: e!.awsRegion,
      rule: full.rule,
      events: full.events,
      summary: full.summary,
    }).toEqual(full);
  });
});
