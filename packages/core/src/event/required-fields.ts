/**
 * The fields every CloudTrail record has, checked by the parser before a record is delivered as an event.
 *
 * A record is a CloudTrail event when it is an object with a string `eventVersion`, a string `eventID`,
 * and a time: a string `eventTime`, or a string `@timestamp` when `eventTime` is missing. Why these:
 * every record of every event type carries them (management, data, network activity and Insight events,
 * `AwsServiceEvent` records alike; so do all the real records the tests use), while `eventSource`,
 * `eventName` and `userIdentity` are absent from Insight events (`AwsCloudTrailInsight`), and
 * `eventTime` is renamed `@timestamp` by Logstash's CloudTrail codec. `eventID` is what dedupe and
 * checkpoints rely on; `eventVersion` is what no other JSON document (a digest file, a subscription
 * payload, an arbitrary `{"hello":"world"}`) has. Values are not checked further (no date parsing), so
 * that the check stays a few property reads per record.
 */

/** Whether `record` has the fields every CloudTrail event has (see the module comment for the rule). */
export function hasRequiredFields(record: Record<string, unknown>): boolean {
  return (
    typeof record.eventVersion === 'string' &&
    typeof record.eventID === 'string' &&
    (typeof record.eventTime === 'string' || typeof record['@timestamp'] === 'string')
  );
}

/** The required fields `record` lacks, for an error message (e.g. `eventVersion, eventID`). */
export function missingFields(record: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (typeof record.eventVersion !== 'string') missing.push('eventVersion');
  if (typeof record.eventID !== 'string') missing.push('eventID');
  if (typeof record.eventTime !== 'string' && typeof record['@timestamp'] !== 'string') {
    missing.push('eventTime (or @timestamp)');
  }
  return missing;
}
