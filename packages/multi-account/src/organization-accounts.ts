import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';

/** The ids of the organization's `ACTIVE` accounts, every `ListAccounts` page read (management or delegated account). */
export async function organizationAccounts(
  client: OrganizationsClient,
  signal: AbortSignal,
): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ NextToken: token, MaxResults: 20 }), {
      abortSignal: signal,
    });
    for (const account of page.Accounts ?? []) {
      if (account.Status === 'ACTIVE' && typeof account.Id === 'string') ids.push(account.Id);
    }
    token = page.NextToken;
  } while (token);
  return ids;
}
