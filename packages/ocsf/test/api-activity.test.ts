import { ConfigError, type TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { OcsfMappingError, ocsfMapper, toApiActivity } from '../src/index';
import { apiActivityErrors } from './ocsf-schema';
import { realEvent } from './real-events';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('toApiActivity', () => {
  it('a failed call (errorCode) is status Failure with the error code and message', async () => {
    const event = await realEvent(
      (e) => e.errorCode === 'AccessDenied' && typeof e.errorMessage === 'string',
    );
    const r = toApiActivity(event);
    expect(apiActivityErrors(r)).toEqual([]);
    expect(r).toMatchObject({
      status_id: 2,
      status: 'Failure',
      status_code: 'AccessDenied',
      status_detail: event.errorMessage,
      api: { operation: event.eventName, response: { error: 'AccessDenied', message: event.errorMessage } },
    });
    const ok = toApiActivity(await realEvent((e) => e.errorCode === undefined));
    expect(ok).toMatchObject({ status_id: 1, status: 'Success' });
    expect(ok.status_code).toBeUndefined();
  });

  it('a failed console sign-in (no errorCode, ConsoleLogin: Failure) is a Failure too', async () => {
    const signIn = clone(await realEvent((e) => e.eventName === 'ConsoleLogin'));
    signIn.responseElements = { ConsoleLogin: 'Failure' };
    signIn.errorMessage = 'Failed authentication';
    delete signIn.errorCode;
    const r = toApiActivity(signIn);
    expect(r).toMatchObject({ status: 'Failure', status_detail: 'Failed authentication' });
    expect(apiActivityErrors(r)).toEqual([]);
  });

  it('a root event has actor.user.type Root (type_id 2, Admin)', async () => {
    // No root record is in the permissively licensed real data: a real IAM user's record with the
    // userIdentity a root call carries (AWS's CloudTrail userIdentity reference).
    const event = clone(await realEvent((e) => e.userIdentity?.type === 'IAMUser'));
    const account = event.userIdentity?.accountId as string;
    event.userIdentity = {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLEROOTKEY01',
    };
    const r = toApiActivity(event);
    expect(apiActivityErrors(r)).toEqual([]);
    expect(r.actor.user).toEqual({
      type: 'Root',
      type_id: 2,
      uid: `arn:aws:iam::${account}:root`,
      uid_alt: account,
      account: { uid: account, type: 'AWS Account', type_id: 10 },
      credential_uid: 'ASIAEXAMPLEROOTKEY01',
    });
  });

  it("an assumed role's session: issuer, MFA, creation time", async () => {
    const event = await realEvent(
      (e) =>
        e.userIdentity?.type === 'AssumedRole' && e.userIdentity.sessionContext?.attributes !== undefined,
    );
    const ctx = event.userIdentity?.sessionContext;
    const r = toApiActivity(event);
    expect(apiActivityErrors(r)).toEqual([]);
    expect(r.actor.session?.issuer).toBe(ctx?.sessionIssuer?.arn);
    expect(r.actor.session?.issuer).toMatch(/^arn:aws:iam::\d{12}:role\//);
    expect(r.actor.session?.is_mfa).toBe(ctx?.attributes?.mfaAuthenticated === 'true');
    expect(r.actor.session?.created_time).toBe(Date.parse(ctx?.attributes?.creationDate as string));
    expect(r.actor.user).toMatchObject({ type: 'AssumedRole', type_id: 99, uid: event.userIdentity?.arn });
    // the issuer's other fields stay under unmapped, under their CloudTrail names
    const identity = r.unmapped?.userIdentity as { sessionContext?: { sessionIssuer?: unknown } } | undefined;
    expect(identity?.sessionContext?.sessionIssuer).toEqual(ctx?.sessionIssuer);
  });

  it('maps the call, the caller, the source and the cloud', async () => {
    const event = await realEvent(
      (e) => e.userIdentity?.type === 'IAMUser' && /^\d+\.\d+\.\d+\.\d+$/.test(e.sourceIPAddress ?? ''),
    );
    const r = toApiActivity(event);
    expect(r).toMatchObject({
      class_uid: 6003,
      category_uid: 6,
      severity_id: 1,
      time: Date.parse(event.eventTime as string),
      metadata: { version: '1.5.0', uid: event.eventID, product: { name: 'CloudTrail', vendor_name: 'AWS' } },
      cloud: { provider: 'AWS', region: event.awsRegion, account: { uid: event.recipientAccountId } },
      api: {
        operation: event.eventName,
        service: { name: event.eventSource },
        request: { uid: event.requestID },
      },
      src_endpoint: { ip: event.sourceIPAddress },
      http_request: { user_agent: event.userAgent },
      actor: {
        user: {
          type: 'IAMUser',
          uid: event.userIdentity?.arn,
          name: event.userIdentity?.userName,
          account: { uid: event.userIdentity?.accountId },
          credential_uid: event.userIdentity?.accessKeyId,
        },
      },
    });
    expect(r.type_uid).toBe(600300 + r.activity_id);
  });

  it('a service name as sourceIPAddress is the source domain; an AWS service identity is named by it', async () => {
    const event = await realEvent((e) => e.userIdentity?.type === 'AWSService');
    const r = toApiActivity(event);
    expect(apiActivityErrors(r)).toEqual([]);
    expect(r.src_endpoint.ip).toBeUndefined();
    expect(r.src_endpoint.domain).toBe(event.sourceIPAddress);
    expect(r.actor.user).toMatchObject({
      type: 'AWSService',
      type_id: 3,
      name: event.userIdentity?.invokedBy,
    });
  });

  it('maps resources[] to resources with owner accounts', async () => {
    const event = await realEvent((e) => (e.resources?.length ?? 0) > 0);
    const r = toApiActivity(event);
    expect(r.resources?.map((x) => x.uid)).toEqual(event.resources?.map((x) => x.ARN));
    expect(r.resources?.[0]?.owner?.account.uid).toBe(event.resources?.[0]?.accountId);
  });

  it('raw_data only when asked; options are validated', async () => {
    const event = await realEvent(() => true);
    expect(toApiActivity(event).raw_data).toBeUndefined();
    const raw = toApiActivity(event, { rawData: true });
    expect(JSON.parse(raw.raw_data as string)).toEqual(event);
    expect(raw.raw_data_size).toBe((raw.raw_data as string).length);
    expect(toApiActivity(event, { unmapped: false }).unmapped).toBeUndefined();
    expect(() => ocsfMapper({ rawData: 'yes' as unknown as boolean })).toThrow(ConfigError);
  });

  it('an event without a readable time cannot be mapped', () => {
    const event: TrailEvent = {
      eventVersion: '1.08',
      eventID: 'x-1',
      eventTime: 'soon',
      eventName: 'GetObject',
    };
    try {
      toApiActivity(event);
      expect.unreachable();
    } catch (e) {
      expect(OcsfMappingError.isInstance(e)).toBe(true);
      expect((e as OcsfMappingError).code).toBe('OCSF_NO_TIME');
      expect((e as OcsfMappingError).eventID).toBe('x-1');
    }
  });
});

describe('the OCSF schema rejects an invalid record', () => {
  it('missing required fields, invented fields, wrong class or enum values all fail', async () => {
    const good = toApiActivity(await realEvent((e) => e.userIdentity?.type === 'IAMUser'));
    expect(apiActivityErrors(good)).toEqual([]);
    const broken: Array<[string, (r: Record<string, any>) => void]> = [
      ['no api.operation', (r) => delete r.api.operation],
      ['no actor', (r) => delete r.actor],
      ['no time', (r) => delete r.time],
      ['no cloud.provider', (r) => delete r.cloud.provider],
      ['no metadata.version', (r) => delete r.metadata.version],
      ['an empty src_endpoint', (r) => (r.src_endpoint = {})],
      ['an invented field', (r) => (r.actor.user.arn = 'arn:aws:iam::1:user/x')],
      ['the wrong class', (r) => (r.class_uid = 6002)],
      ['an unknown activity', (r) => (r.activity_id = 7)],
      ['a time as text', (r) => (r.time = '2023-07-10T11:45:00Z')],
      ['a bad time_dt', (r) => (r.time_dt = 'yesterday')],
      ['a request without uid', (r) => delete r.api.request.uid],
    ];
    for (const [what, breakIt] of broken) {
      const r = clone(good) as Record<string, any>;
      breakIt(r);
      expect(apiActivityErrors(r), what).not.toEqual([]);
    }
  });
});

describe('observables', () => {
  it('names the IP address, user name, user agent and resource ARNs with their OCSF type ids', async () => {
    const event = await realEvent(
      (e) =>
        typeof e.userIdentity?.userName === 'string' &&
        /^\d+\.\d+\.\d+\.\d+$/.test(e.sourceIPAddress ?? '') &&
        (e.resources?.length ?? 0) > 0,
    );
    const r = toApiActivity(event);
    expect(apiActivityErrors(r)).toEqual([]);
    expect(r.observables).toEqual(
      expect.arrayContaining([
        { name: 'src_endpoint.ip', value: event.sourceIPAddress, type_id: 2, type: 'IP Address' },
        { name: 'actor.user.name', value: event.userIdentity?.userName, type_id: 4, type: 'User Name' },
        { name: 'http_request.user_agent', value: event.userAgent, type_id: 16, type: 'HTTP User-Agent' },
        { name: 'resources.uid', value: event.resources?.[0]?.ARN, type_id: 10, type: 'Resource UID' },
      ]),
    );
    const service = toApiActivity(await realEvent((e) => e.sourceIPAddress === 'AWS Internal'));
    expect(service.observables?.some((o) => o.name === 'src_endpoint.domain')).toBe(false);
  });
});
