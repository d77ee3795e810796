import type { TrailStore } from './trail-store';

/** One account and region of a trail: the folders of its digests and its log files. */
export interface TrailLocation {
  /** `o-...` for an organization trail. */
  organizationId: string | undefined;
  account: string;
  region: string;
  /** `[root]AWSLogs/[o-id/]<account>/` */
  accountPrefix: string;
}

/** What to select (undefined: everything). */
export interface LocationFilter {
  accounts?: readonly string[];
  regions?: readonly string[];
  organizationIds?: readonly string[];
}

/**
 * The account/region locations of a trail, with and without `o-<id>/`, in key order: listed folder by
 * folder (`AWSLogs/`, then each account's `CloudTrail-Digest/` and `CloudTrail/`), pruned by the filter.
 */
export async function findLocations(
  store: TrailStore,
  filter: LocationFilter,
  signal?: AbortSignal,
): Promise<TrailLocation[]> {
  const accountsIn = new Set(filter.accounts ?? []);
  const regionsIn = new Set(filter.regions ?? []);
  const orgsIn = new Set(filter.organizationIds ?? []);
  const base = `${store.root}AWSLogs/`;
  const accounts: Array<{ organizationId: string | undefined; account: string; prefix: string }> = [];
  for (const name of await store.listFolders(base, signal)) {
    if (/^o-[a-z0-9]{10,32}$/.test(name)) {
      if (orgsIn.size > 0 && !orgsIn.has(name)) continue;
      for (const account of await store.listFolders(`${base}${name}/`, signal)) {
        if (/^\d{12}$/.test(account))
          accounts.push({ organizationId: name, account, prefix: `${base}${name}/${account}/` });
      }
    } else if (/^\d{12}$/.test(name) && orgsIn.size === 0) {
      accounts.push({ organizationId: undefined, account: name, prefix: `${base}${name}/` });
    }
  }
  const out: TrailLocation[] = [];
  for (const a of accounts) {
    if (accountsIn.size > 0 && !accountsIn.has(a.account)) continue;
    const regions = new Set([
      ...(await store.listFolders(`${a.prefix}CloudTrail-Digest/`, signal)),
      ...(await store.listFolders(`${a.prefix}CloudTrail/`, signal)),
    ]);
    for (const region of [...regions].sort()) {
      if (!/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region)) continue;
      if (regionsIn.size > 0 && !regionsIn.has(region)) continue;
      out.push({ organizationId: a.organizationId, account: a.account, region, accountPrefix: a.prefix });
    }
  }
  return out;
}
