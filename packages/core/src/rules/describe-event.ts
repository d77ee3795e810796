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
      const fromArn = arn?.match(/:assumed-role\/(.+)$/)?.[1];
      return `AssumedRole ${fromArn ?? id.sessionContext?.sessionIssuer?.userName ?? id.principalId ?? '?'}`;
    }
    case 'FederatedUser': {
      const fromArn = arn?.match(/:federated-user\/(.+)$/)?.[1];
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
  const service = (event.eventSource ?? '?').replace(/\.amazonaws\.com$/, '');
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
