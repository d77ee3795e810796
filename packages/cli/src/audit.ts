/** `trailkit audit`: is the trail set up right? Posture checks over the AWS APIs (`@trailkit/audit`). */
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, UsageError } from './errors';
import { envCredentials } from './inputs';
import { type CliIo, writeText } from './io';
import { collectList, parsePositiveInt } from './options';

/** Options of `trailkit audit`. */
export interface AuditCommandOptions {
  region?: string[];
  account?: string[];
  accountsFromOrg?: boolean;
  assumeRole?: string;
  format: 'table' | 'json';
  failOn: 'info' | 'low' | 'medium' | 'high' | 'critical';
  retentionDays: number;
  config: boolean;
}

const EXAMPLES = `
Checks (CIS AWS Foundations v1.4 section 3, and what it leaves out): multi-region trail with management
events (3.1), log file validation (3.2), bucket not public (3.3), CloudWatch Logs delivery (3.4), AWS Config
(3.5), bucket access logging (3.6), SSE-KMS (3.7) with rotation (3.8), S3 object-level writes (3.10) and
reads (3.11); logging on and delivered within 24 h, no delivery errors, every organization account covered,
retention, the KMS key policy, TLS-only bucket policy. An organization trail satisfies member accounts.

Endpoints: $AWS_ENDPOINT_URL_CLOUDTRAIL, _S3, _KMS, _CONFIG_SERVICE, _STS, _ORGANIZATIONS when set.

Examples:
  $ trailkit audit --region us-east-1,eu-west-1
  $ trailkit audit --accounts-from-org --assume-role OrganizationAccountAccessRole --format json
  $ trailkit audit --fail-on critical

Exit codes: 0 no failed check at or above --fail-on, 1 some, 2 usage error, 3 unexpected error.`;

/** Add `audit` to the program; `setExit` receives the exit code. */
export function registerAuditCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('audit')
    .description(
      'check that CloudTrail is set up right (CIS 3.x and more): pass / fail / not applicable with evidence',
    )
    .option(
      '--region <regions>',
      'regions to look at (repeatable, or comma separated; default $AWS_REGION)',
      collectList,
    )
    .option('-a, --account <ids>', 'with --assume-role: the accounts to audit', collectList)
    .option('--accounts-from-org', 'audit every ACTIVE account of the organization (needs --assume-role)')
    .option('--assume-role <name>', 'role name to assume in each account')
    .addOption(
      new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a check of this severity or above fails')
        .choices(['info', 'low', 'medium', 'high', 'critical'])
        .default('low'),
    )
    .option('--retention-days <n>', 'log files must be kept at least this many days', (v) =>
      parsePositiveInt('--retention-days', v),
    )
    .option('--no-config', 'do not read AWS Config (CIS 3.5 becomes not applicable)')
    .addHelpText('after', EXAMPLES)
    .action(async (options: AuditCommandOptions) => {
      setExit(await audit(options, io));
    });
}

/** Run `trailkit audit` and resolve with the exit code. */
export async function audit(options: AuditCommandOptions, io: CliIo): Promise<number> {
  const { collectPosture, failuresAtOrAbove, formatAuditTable, runAudit } = await import('@trailkit/audit');
  const env = io.env;
  const regions = options.region ?? [env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'];
  const endpoint = (name: string) =>
    env[`AWS_ENDPOINT_URL_${name}`] ? { endpoint: env[`AWS_ENDPOINT_URL_${name}`] } : {};
  const base = { maxAttempts: 3 };
  const master = envCredentials(env);
  const collect = (account: string, credentials?: unknown) =>
    collectPosture({
      regions,
      account,
      config: options.config,
      clientConfig: { ...base, ...(credentials ? { credentials } : master ? { credentials: master } : {}) },
      cloudTrailClientConfig: endpoint('CLOUDTRAIL'),
      kmsClientConfig: endpoint('KMS'),
      configClientConfig: endpoint('CONFIG_SERVICE'),
      s3ClientConfig: { ...endpoint('S3'), ...(env.AWS_ENDPOINT_URL_S3 ? { forcePathStyle: true } : {}) },
      signal: io.signal,
    });

  let organizationAccounts: string[] | undefined;
  const postures = [];
  if (options.assumeRole || options.accountsFromOrg || options.account) {
    if (!options.assumeRole)
      throw new UsageError('--accounts-from-org and --account need --assume-role <role name>');
    if (options.accountsFromOrg && options.account)
      throw new UsageError('give --account or --accounts-from-org, not both');
    let accounts = options.account;
    if (options.accountsFromOrg) {
      const { OrganizationsClient, ListAccountsCommand } = await import('@aws-sdk/client-organizations');
      const org = new OrganizationsClient({
        region: 'us-east-1',
        ...endpoint('ORGANIZATIONS'),
        ...(master ? { credentials: master } : {}),
      });
      organizationAccounts = [];
      let token: string | undefined;
      do {
        const page = await org.send(new ListAccountsCommand({ NextToken: token }), {
          abortSignal: io.signal,
        });
        for (const a of page.Accounts ?? [])
          if (a.Status === 'ACTIVE' && a.Id) organizationAccounts.push(a.Id);
        token = page.NextToken;
      } while (token);
      accounts = organizationAccounts;
    }
    if (!accounts || accounts.length === 0)
      throw new UsageError('--assume-role needs --account <ids> or --accounts-from-org');
    const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
    for (const account of accounts) {
      const credentials = fromTemporaryCredentials({
        params: {
          RoleArn: `arn:aws:iam::${account}:role/${options.assumeRole}`,
          RoleSessionName: 'trailkit-audit',
        },
        clientConfig: { region: regions[0], ...endpoint('STS') },
        ...(master ? { masterCredentials: master } : {}),
      });
      try {
        // Assumed once per account: every client of the account (CloudTrail, S3, KMS, Config) shares it.
        postures.push(await collect(account, await credentials()));
      } catch (error) {
        await writeText(
          io.stderr,
          `trailkit: account ${account}: ${error instanceof Error ? error.message : error}\n`,
        );
      }
    }
  } else {
    postures.push(await collect(env.AWS_ACCOUNT_ID ?? 'current'));
  }
  const report = runAudit(postures, {
    ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
    ...(organizationAccounts ? { organizationAccounts } : {}),
  });
  await writeText(
    io.stdout,
    options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatAuditTable(report)}\n`,
  );
  return failuresAtOrAbove(report, options.failOn).length > 0 ? EXIT.FINDINGS : EXIT.OK;
}
