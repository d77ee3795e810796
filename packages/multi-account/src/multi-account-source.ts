import { OrganizationsClient, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
  getOrigin,
  type JsonValue,
  type Position,
  type ReadContext,
  type Source,
  type SourceBatch,
  setOrigin,
} from '@trailkit/core';
import { resolveAwsClient, validateOptions } from '@trailkit/core/plugin';
import { boundedMerge } from './bounded-merge';
import { AccountReadError } from './errors';
import { MULTI_ACCOUNT_SOURCE_SCHEMA } from './options';
import { organizationAccounts } from './organization-accounts';

/** Credentials as the AWS SDK takes them: an identity, or a function that resolves one. */
export type AwsCredentials =
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }
  | (() => Promise<{
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      expiration?: Date;
    }>);

/** What the per-account source factory gets. */
export interface AccountContext {
  /** The account id. */
  accountId: string;
  /** The role assumed in it. */
  roleArn: string;
  /** Credentials of the assumed role (refreshed before they expire); give them to the source's client. */
  credentials: AwsCredentials;
}

/** Options of {@link multiAccountSource}. */
export interface MultiAccountSourceOptions {
  /** Builds the source of one account, e.g. `({ credentials }) => lookupEventsSource({ clientConfig: { credentials } })`. */
  source: (account: AccountContext) => Source;
  /** The role to assume in each account (`arn:<partition>:iam::<account>:role/<roleName>`). */
  roleName: string;
  /** The accounts to read; without it, every ACTIVE account of the organization (`ListAccounts`). */
  accounts?: string[];
  /** A ready Organizations client (management or delegated administrator account). */
  organizationsClient?: OrganizationsClient;
  /** Settings for the Organizations client this source builds. */
  organizationsClientConfig?: OrganizationsClientConfig;
  /** The external id the roles' trust policies require. */
  externalId?: string;
  /** The `RoleSessionName` (default `trailkit`): it shows in the accounts' own CloudTrail as the reader. */
  sessionName?: string;
  /** Lifetime of each assumed-role session in seconds, 900–43200 (default 3600). */
  durationSeconds?: number;
  /** The partition of the role ARNs (default `aws`). */
  partition?: 'aws' | 'aws-cn' | 'aws-us-gov';
  /** Settings for the STS client that assumes the roles (`region`, `endpoint`, ...). */
  stsClientConfig?: Record<string, unknown>;
  /** The credentials that assume the roles (default: the SDK's default chain). */
  masterCredentials?: AwsCredentials;
  /** Accounts read at once (default 4). */
  concurrency?: number;
  /** Called when one account cannot be read; the other accounts go on. */
  onAccountFailure?: (error: AccountReadError) => void;
  /** Source name, also the checkpoint key (default `multi-account`). */
  name?: string;
}

/** Where one account's read stands. */
export interface AccountPosition {
  /** The inner source's position (`null`: not started). */
  position: JsonValue;
  /** True when the account was read to the end (a failed account is not done: a resumed read tries it again). */
  done: boolean;
  [key: string]: JsonValue;
}

/** The position of a multi-account read: each account's state. */
export interface MultiAccountPosition {
  accounts: { [accountId: string]: AccountPosition };
  [key: string]: JsonValue;
}

/** A source over many accounts, with the failures of the last read. */
export interface MultiAccountSource extends Source {
  /** The accounts that could not be read during the last `read()`, with why. */
  readonly failures: readonly AccountReadError[];
}

type Settings = Required<
  Pick<
    MultiAccountSourceOptions,
    'source' | 'roleName' | 'sessionName' | 'durationSeconds' | 'partition' | 'concurrency' | 'name'
  >
> &
  MultiAccountSourceOptions;

const COMPONENT = 'multiAccountSource';

type Item = { accountId: string; batch: SourceBatch } | { accountId: string; done: true };

/**
 * Run any AWS source over many accounts: the accounts given, or every ACTIVE account of the organization
 * (`ListAccounts`, from the management or a delegated administrator account). Each account is read with the
 * credentials of a role assumed in it (`fromTemporaryCredentials`, `RoleSessionName` `trailkit` unless set,
 * the external id when given), at most `concurrency` accounts at once, their batches interleaved. Each
 * event's origin gets `account` and `role`. An account that fails (role missing, access denied, its source
 * failing) is logged, passed to `onAccountFailure` and counted in `failures`; the others go on. The position
 * holds each account's own position, so a resumed read skips finished accounts and resumes the others.
 *
 * @throws ConfigError when options are invalid.
 */
export function multiAccountSource(options: MultiAccountSourceOptions): MultiAccountSource {
  const config = validateOptions<Settings>(COMPONENT, MULTI_ACCOUNT_SOURCE_SCHEMA, options);
  const failures: AccountReadError[] = [];

  const accountContext = (accountId: string): AccountContext => {
    const roleArn = `arn:${config.partition}:iam::${accountId}:role/${config.roleName}`;
    const credentials = fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: config.sessionName,
        DurationSeconds: config.durationSeconds,
        ...(config.externalId ? { ExternalId: config.externalId } : {}),
      },
      ...(config.stsClientConfig ? { clientConfig: config.stsClientConfig } : {}),
      ...(config.masterCredentials ? { masterCredentials: config.masterCredentials } : {}),
    });
    return { accountId, roleArn, credentials };
  };

  async function listAccounts(ctx: ReadContext): Promise<string[]> {
    if (config.accounts) return config.accounts;
    const client = resolveAwsClient(
      COMPONENT,
      { client: config.organizationsClient, clientConfig: config.organizationsClientConfig },
      (c) => new OrganizationsClient(c),
    );
    try {
      return await organizationAccounts(client, ctx.signal);
    } catch (error) {
      throw new AccountReadError(
        'ACCOUNTS_LIST_FAILED',
        config.name,
        undefined,
        `ListAccounts failed: ${(error as { name?: string }).name ?? 'Error'}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async function* readAccount(ctx: ReadContext, accountId: string, from: JsonValue): AsyncGenerator<Item> {
    const account = accountContext(accountId);
    try {
      const source = config.source(account);
      const inner = source.read({
        ...ctx,
        ...(from === null ? { from: undefined } : { from: from as Position }),
      });
      for await (const batch of inner) {
        for (const event of batch.events) {
          const origin = getOrigin(event) ?? { source: source.name, object: accountId, index: 0 };
          setOrigin(event, { ...origin, account: accountId, role: account.roleArn });
        }
        yield { accountId, batch };
      }
      yield { accountId, done: true };
    } catch (error) {
      if (ctx.signal.aborted) return;
      const failure = new AccountReadError(
        'ACCOUNT_READ_FAILED',
        config.name,
        accountId,
        `reading account ${accountId} as ${account.roleArn} failed: ${(error as { name?: string }).name ?? 'Error'}: ${(error as Error).message}`,
        { cause: error },
      );
      failures.push(failure);
      ctx.log.error('account read failed', { accountId, roleArn: account.roleArn, error: String(error) });
      config.onAccountFailure?.(failure);
    }
  }

  return {
    name: config.name,
    failures,
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      failures.length = 0;
      const from = ctx.from as MultiAccountPosition | undefined;
      const accounts = await listAccounts(ctx);
      const states: MultiAccountPosition['accounts'] = {};
      for (const id of accounts) states[id] = from?.accounts[id] ?? { position: null, done: false };
      const starts = accounts
        .filter((id) => !states[id]?.done)
        .map((id) => () => readAccount(ctx, id, states[id]?.position ?? null)[Symbol.asyncIterator]());
      for await (const item of boundedMerge(starts, config.concurrency)) {
        const state = states[item.accountId] as AccountPosition;
        if ('done' in item) {
          state.done = true;
          yield { events: [], position: { accounts: structuredClone(states) } };
          continue;
        }
        state.position = item.batch.position;
        const batch: SourceBatch = {
          events: item.batch.events,
          position: { accounts: structuredClone(states) },
        };
        if (item.batch.ack) batch.ack = item.batch.ack;
        yield batch;
      }
    },
  };
}
