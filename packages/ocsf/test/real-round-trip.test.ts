import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ocsfMapper } from '../src/index';
import { apiActivityErrors } from './ocsf-schema';
import { realEvents } from './real-events';

describe('API Activity over the real CloudTrail fixtures', () => {
  it('maps every event to a record that validates against the OCSF 1.5.0 schema', async () => {
    const events = await realEvents();
    expect(events.length).toBeGreaterThan(5000);
    const mapper = ocsfMapper({ rawData: true });
    const failures: string[] = [];
    for (const { file, event } of events) {
      const record = mapper.apiActivity(event);
      const errors = apiActivityErrors(record);
      if (errors.length > 0) failures.push(`${file} ${event.eventID}: ${errors.slice(0, 3).join('; ')}`);
      // the original stays retrievable, and the ids and the call are the event's
      if (!isDeepStrictEqual(JSON.parse(record.raw_data as string), event))
        failures.push(`${event.eventID}: raw_data`);
      if (record.metadata.uid !== event.eventID) failures.push(`${event.eventID}: metadata.uid`);
      if (record.api.operation !== event.eventName) failures.push(`${event.eventID}: api.operation`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('keeps every source field: in an attribute or under unmapped', async () => {
    const mapper = ocsfMapper();
    const failures: string[] = [];
    const check = (id: unknown, what: string, got: unknown, want: unknown) => {
      if (!isDeepStrictEqual(got, want)) failures.push(`${id}: ${what} is ${JSON.stringify(got)}`);
    };
    for (const { event } of await realEvents()) {
      const r = mapper.apiActivity(event);
      const id = event.eventID;
      check(id, 'raw_data (off by default)', r.raw_data, undefined);
      check(id, 'time', r.time, Date.parse(event.eventTime as string));
      check(id, 'cloud.region', r.cloud.region, event.awsRegion);
      check(id, 'user_agent', r.http_request?.user_agent, event.userAgent);
      check(id, 'type_uid', r.type_uid, 600300 + r.activity_id);
      if (event.readOnly !== undefined) check(id, 'unmapped.readOnly', r.unmapped?.readOnly, event.readOnly);
      if (event.additionalEventData)
        check(id, 'unmapped.additionalEventData', r.unmapped?.additionalEventData, event.additionalEventData);
      if (event.requestParameters)
        check(
          id,
          'requestParameters',
          event.requestID ? r.api.request?.data : r.unmapped?.requestParameters,
          event.requestParameters,
        );
      if (event.sourceIPAddress)
        check(id, 'src_endpoint', r.src_endpoint.ip ?? r.src_endpoint.domain, event.sourceIPAddress);
      check(id, 'status', r.status, event.errorCode ? 'Failure' : 'Success');
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
