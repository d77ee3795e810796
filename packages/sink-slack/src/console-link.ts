/**
 * The CloudTrail console page of one event:
 * `https://<region>.console.aws.amazon.com/cloudtrail/home?region=<region>#/events/<eventID>`.
 * `undefined` when the region or event id is missing or not plausible.
 */
export function consoleEventUrl(region: string | undefined, eventID: string | undefined): string | undefined {
  if (!region || !eventID || !/^[a-z0-9-]{1,40}$/.test(region) || !/^[A-Za-z0-9-]{1,100}$/.test(eventID))
    return undefined;
  return `https://${region}.console.aws.amazon.com/cloudtrail/home?region=${region}#/events/${eventID}`;
}
