import type { TrailEvent } from '../event/trail-event';

/**
 * Who made the request, for people: `IAMUser alice`, `AssumedRole Admin/session`, `Root account 1234...`,
 * `AWSService ec2.amazonaws.com`, or `unknown principal`.
 */
export function describeActor(event: TrailEvent): string {
  const id = event.userIdentity;
  if (!id) return 'unknown principal';
  const type = id.type ?? 'unknown';
  const arn = id.arn;
  switch (type) {
    case 'Root':
      return `Root account ${id.accountId ?? event.recipientAccountId ?? '?'}`;
    case 'AssumedRole': {
      const fromArn = afterMarker(arn, ':assumed-role/');
      return `AssumedRole ${fromArn ?? id.sessionContext?.sessionIssuer?.userName ?? id.principalId ?? '?'}`;
    }
    case 'FederatedUser': {
      const fromArn = afterMarker(arn, ':federated-user/');
      return `FederatedUser ${fromArn ?? id.principalId ?? '?'}`;
    }
    case 'AWSService':
      return `AWSService ${id.invokedBy ?? '?'}`;
    default: {
      const name = id.userName ?? arn?.split('/').pop() ?? id.principalId;
      return name ? `${type} ${name}` : type;
    }
  }
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * What follows the first `marker` in `text` that is followed by at least one character and no line break up to
 * the end: the same as `text.match(/marker(.+)$/)?.[1]`, without a RegExp per call.
 */
function afterMarker(text: string | undefined, marker: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
    const rest = text.slice(i + marker.length);
    if (rest.length > 0 && !LINE_TERMINATOR.test(rest)) return rest;
  }
  return undefined;
}

/** The principal as one string: the ARN, else `type:userName`, else the type. */
export function principalOf(event: TrailEvent): string | undefined {
  const id = event.userIdentity;
  if (!id) return undefined;
  if (id.arn) return id.arn;
  if (id.type && id.userName) return `${id.type}:${id.userName}`;
  return id.type ?? id.principalId;
}

/** `cloudtrail:StopLogging` for `cloudtrail.amazonaws.com` / `StopLogging`. */
export function describeAction(event: TrailEvent): string {
  const source = String(event.eventSource ?? '?'); // a record with a non-string eventSource still gets a summary
  const service = source.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : source;
  return `${service}:${event.eventName ?? '?'}`;
}

/**
 * One line about one event: `IAMUser alice called cloudtrail:StopLogging in us-east-1 from 1.2.3.4`, with
 * ` (failed: AccessDenied)` when the call failed.
 */
export function summarizeEvent(event: TrailEvent): string {
  const failed = event.errorCode ? ` (failed: ${event.errorCode})` : '';
  return `${describeActor(event)} called ${describeAction(event)} in ${event.awsRegion ?? '?'} from ${event.sourceIPAddress ?? '?'}${failed}`;
}
