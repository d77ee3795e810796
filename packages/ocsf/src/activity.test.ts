import { describe, expect, it } from 'vitest';
import { activityOf } from './activity';

describe('activityOf', () => {
  it("reads the CRUD verb that starts eventName, as the published mapping's lists say", () => {
    const id = (eventName: string, readOnly?: boolean) => activityOf({ eventName, readOnly }).id;
    expect(id('CreateUser')).toBe(1);
    expect(id('RunInstances')).toBe(1);
    expect(id('GetObject')).toBe(2);
    expect(id('DescribeInstances')).toBe(2);
    expect(id('ListBuckets')).toBe(2);
    expect(id('PutBucketPolicy')).toBe(3);
    expect(id('StopLogging')).toBe(3);
    expect(id('DisassociateRouteTable')).toBe(3);
    expect(id('UntagResource')).toBe(3);
    expect(id('DeleteTrail')).toBe(4);
    expect(id('TerminateInstances')).toBe(4);
    expect(id('ConsoleLogin')).toBe(99);
    // a whole word only: 'Getaway' does not start with the verb Get, 'Address' not with Add
    expect(id('Getaway')).toBe(99);
    expect(id('AddressTransfer')).toBe(99);
    expect(id('Get')).toBe(2);
    expect(activityOf({}).name).toBe('Other');
  });

  it('falls back to Read for a read-only call with no known verb', () => {
    expect(activityOf({ eventName: 'AssumeRole', readOnly: true })).toEqual({ id: 2, name: 'Read' });
    expect(activityOf({ eventName: 'AssumeRole', readOnly: false })).toEqual({ id: 99, name: 'Other' });
  });
});
