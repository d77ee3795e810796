import { AwsJsonError, startJsonProtocolServer } from '../http/json-protocol-server';

/** An account of the organization, as `ListAccounts` returns it. */
export interface OrganizationAccount {
  Id: string;
  Name?: string;
  Email?: string;
  /** `ACTIVE` (default), `SUSPENDED` or `PENDING_CLOSURE`. */
  Status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
}

/** Options of {@link startOrganizationsServer}. */
export interface OrganizationsServerOptions {
  /** The organization's accounts, in `ListAccounts` order. */
  accounts: OrganizationAccount[];
  /** The organization id (default `o-exampleorgid`). */
  organizationId?: string;
  /** The management account (default: the first account). */
  managementAccountId?: string;
}

/** A running local Organizations endpoint. */
export interface OrganizationsServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Every ListAccounts call's input, in order. */
  readonly listAccountsCalls: Array<Record<string, unknown>>;
  /** Make the next calls fail with `AccessDeniedException` (a member account that is not delegated). */
  denyAccess(denied: boolean): void;
  stop(): Promise<void>;
}

/**
 * Start a local AWS Organizations endpoint (AWS JSON 1.1, `X-Amz-Target: AWSOrganizationsV20161128.<Operation>`)
 * on 127.0.0.1 and a random port: `ListAccounts` (`MaxResults` 1–20, default 20; `NextToken` paging; each
 * account with `Id`, `Arn`, `Email`, `Name`, `Status`, `JoinedMethod`, `JoinedTimestamp`).
 */
export async function startOrganizationsServer(
  options: OrganizationsServerOptions,
): Promise<OrganizationsServer> {
  const org = options.organizationId ?? 'o-exampleorgid';
  const management = options.managementAccountId ?? options.accounts[0]?.Id ?? '000000000000';
  const listAccountsCalls: Array<Record<string, unknown>> = [];
  let denied = false;
  const server = await startJsonProtocolServer({
    targetPrefix: 'AWSOrganizationsV20161128',
    errorNamespace: 'com.amazonaws.organizations.v20161128',
    operations: {
      ListAccounts: (input) => {
        listAccountsCalls.push(input);
        if (denied) {
          throw new AwsJsonError(
            'AccessDeniedException',
            'You don\u2019t have permissions to access this resource.',
          );
        }
        const max = input.MaxResults ?? 20;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20) {
          throw new AwsJsonError('InvalidInputException', 'MaxResults must be from 1 to 20');
        }
        const offset = input.NextToken === undefined ? 0 : Number.parseInt(String(input.NextToken), 36);
        if (!Number.isInteger(offset) || offset < 0)
          throw new AwsJsonError('InvalidInputException', 'Invalid NextToken');
        const page = options.accounts.slice(offset, offset + max);
        const next = offset + max < options.accounts.length ? (offset + max).toString(36) : undefined;
        return {
          Accounts: page.map((a) => ({
            Id: a.Id,
            Arn: `arn:aws:organizations::${management}:account/${org}/${a.Id}`,
            Email: a.Email ?? `aws+${a.Id}@example.com`,
            Name: a.Name ?? `account-${a.Id}`,
            Status: a.Status ?? 'ACTIVE',
            JoinedMethod: a.Id === management ? 'CREATED' : 'INVITED',
            JoinedTimestamp: 1_700_000_000,
          })),
          ...(next === undefined ? {} : { NextToken: next }),
        };
      },
    },
  });
  return {
    endpoint: server.endpoint,
    listAccountsCalls,
    denyAccess: (value) => {
      denied = value;
    },
    stop: () => server.stop(),
  };
}
