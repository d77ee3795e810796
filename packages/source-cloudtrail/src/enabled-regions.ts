import type { AccountClient, AccountClientConfig } from '@aws-sdk/client-account';
import { resolveAwsClient } from '@trailkit/core/plugin';

/** Options of {@link enabledRegions}: the AWS Account API client (`account:ListRegions` permission). */
export interface EnabledRegionsOptions {
  /** A ready Account client. Not with `clientConfig`. */
  client?: AccountClient;
  /** Settings for the Account client to build. Not with `client`. */
  clientConfig?: AccountClientConfig;
}

/**
 * The regions enabled in the account (`ListRegions` of the AWS Account API: `ENABLED` and
 * `ENABLED_BY_DEFAULT`), as a function for `lookupEventsSource({ regions })`: it is called when the read
 * starts. Needs the optional peer dependency `@aws-sdk/client-account`.
 */
export function enabledRegions(options: EnabledRegionsOptions = {}): () => Promise<string[]> {
  return async () => {
    const { AccountClient, ListRegionsCommand } = await import('@aws-sdk/client-account');
    const client = resolveAwsClient('enabledRegions', options, (c) => new AccountClient(c));
    const regions: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListRegionsCommand({
          RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'],
          MaxResults: 50,
          NextToken: token,
        }),
      );
      for (const region of page.Regions ?? []) if (region.RegionName) regions.push(region.RegionName);
      token = page.NextToken;
    } while (token);
    return regions;
  };
}
