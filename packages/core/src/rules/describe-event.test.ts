import { describe, expect, it } from 'vitest';
import { allRealEvents } from '../../test/rules/fixtures';
import { describeAction, describeActor } from './describe-event';

/** The RegExp forms these functions used before (the reference). */
const reference = {
  actor(arn: string, type: 'AssumedRole' | 'FederatedUser'): string {
    const m =
      type === 'AssumedRole'
        ? arn.match(/:assumed-role\/(.+)$/)?.[1]
        : arn.match(/:federated-user\/(.+)$/)?.[1];
    return `${type} ${m ?? 'fallback'}`;
  },
  action: (source: string) => source.replace(/\.amazonaws\.com$/, ''),
};

describe('describeActor / describeAction', () => {
  it('take the name after the last-matching ARN marker exactly like the RegExp did, line breaks included', () => {
    const arns = [
      'arn:aws:sts::1:assumed-role/Admin/session',
      'arn:aws:sts::1:assumed-role/',
      'arn:aws:sts::1:assumed-role/a\nb',
      'arn:aws:sts::1:assumed-role/a\n:assumed-role/b',
      'x:assumed-role/:assumed-role/c',
      'x:assumed-role/\u2028:assumed-role/',
      'arn:aws:sts::1:federated-user/bob',
      'arn:aws:sts::1:federated-user/\r',
      'no marker',
    ];
    for (const arn of arns) {
      for (const type of ['AssumedRole', 'FederatedUser'] as const) {
        const got = describeActor({ userIdentity: { type, arn, principalId: 'fallback' } });
        expect(got, JSON.stringify(arn)).toBe(reference.actor(arn, type));
      }
    }
  });

  it('agree with the RegExp forms on every real record', () => {
    for (const e of allRealEvents()) {
      const id = e.userIdentity;
      if (id?.arn && (id.type === 'AssumedRole' || id.type === 'FederatedUser')) {
        const m = reference.actor(id.arn, id.type as 'AssumedRole' | 'FederatedUser');
        if (!m.endsWith(' fallback')) expect(describeActor(e)).toBe(m);
      }
      expect(describeAction(e)).toBe(`${reference.action(e.eventSource ?? '?')}:${e.eventName ?? '?'}`);
    }
    expect(describeAction({ eventSource: 'x.amazonaws.com.amazonaws.com' })).toBe('x.amazonaws.com:?');
    expect(describeAction({ eventSource: '.amazonaws.com' })).toBe(':?');
  });
});
