import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { type ActionHandler, type Finding, type Logger, respond } from '@trailkit/core';
import { type PlannedAction, planDeactivateKey, planRevokeIngress, type Skip } from './plan';
import { ACCESS_KEY_RULE_ID, SG_OPEN_RULE_ID } from './rules';

/** How the remediation reaches AWS. Both clients are injectable (tests point them at 127.0.0.1). */
export interface RemediationOptions {
  /** `false` (the default) only logs what it would do. */
  apply?: boolean;
  /** The IAM client (IAM is global). Default: `new IAMClient({ region: 'us-east-1' })`. */
  iam?: IAMClient;
  /** An EC2 client for a region (security groups are regional). Default: `new EC2Client({ region })`. */
  ec2?: (region: string) => EC2Client;
  /** Called for every action, planned (dry-run) or done. */
  onAction?: (action: PlannedAction & { applied: boolean; findingId: string }) => void;
}

/**
 * The response handler for `actionSink`: deactivates access keys used from outside the allowed networks
 * and revokes world-open security group ingress, one AWS call per finding event. Dry-run by default.
 */
export function remediation(options: RemediationOptions = {}): ActionHandler {
  const apply = options.apply === true;
  const iam = options.iam ?? new IAMClient({ region: 'us-east-1' });
  const ec2Clients = new Map<string, EC2Client>();
  // The same key is often used many times: act once per distinct call (bounded by the findings seen).
  const calls = new Map<string, Promise<void>>();

  const perform = async (
    action: PlannedAction,
    findingId: string,
    ctx: { signal: AbortSignal; log: Logger },
  ) => {
    const record = { ...action, applied: apply, findingId };
    if (!apply) {
      ctx.log.info(`dry-run: would call ${action.api}`, { finding: findingId, params: action.params });
      options.onAction?.(record);
      return;
    }
    if (action.api === 'iam:UpdateAccessKey')
      await iam.send(new UpdateAccessKeyCommand(action.params), { abortSignal: ctx.signal });
    else
      await ec2For(action.region).send(new RevokeSecurityGroupIngressCommand(action.params), {
        abortSignal: ctx.signal,
      });
    ctx.log.warn(`called ${action.api}`, { finding: findingId, params: action.params });
    options.onAction?.(record);
  };
  const ec2For = (region: string) => {
    let client = ec2Clients.get(region);
    if (!client) {
      client = options.ec2 ? options.ec2(region) : new EC2Client({ region });
      ec2Clients.set(region, client);
    }
    return client;
  };

  const run =
    (plan: (e: Finding['events'][number]) => PlannedAction | Skip) =>
    async (finding: Finding, ctx: { signal: AbortSignal; log: Logger }) => {
      for (const event of finding.events) {
        const action = plan(event);
        if ('skip' in action) {
          ctx.log.info('no action', { finding: finding.id, reason: action.skip });
          continue;
        }
        const key = `${action.api} ${action.region} ${JSON.stringify(action.params)}`;
        // The same call for another finding (possibly running concurrently) shares its outcome.
        let call = calls.get(key);
        if (call) {
          ctx.log.debug('already handled', { finding: finding.id, api: action.api });
          await call;
          continue;
        }
        call = perform(action, finding.id, ctx);
        calls.set(key, call);
        try {
          await call;
        } catch (error) {
          calls.delete(key); // let a retry call AWS again
          throw error;
        }
      }
    };

  return respond({
    [ACCESS_KEY_RULE_ID]: run(planDeactivateKey),
    [SG_OPEN_RULE_ID]: run(planRevokeIngress),
  });
}
