/** Build a report model from any stream of events and findings. */
import type { Finding, TrailEvent } from '@trailkit/core';
import { type ReportContext, reportAggregator } from './aggregator';
import type { ReportModel } from './model';
import type { ReportOptions } from './options';

/**
 * Aggregate `items` (events and findings mixed, in any order; a finding is an object with `kind: 'finding'`)
 * into a report model, in bounded memory.
 * @throws ConfigError when an option is invalid.
 */
export async function buildReport(
  items: AsyncIterable<TrailEvent | Finding> | Iterable<TrailEvent | Finding>,
  options: ReportOptions = {},
  context: ReportContext = {},
): Promise<ReportModel> {
  const report = reportAggregator(options);
  for await (const item of items) {
    if ((item as Finding).kind === 'finding') report.addFinding(item as Finding);
    else report.addEvent(item as TrailEvent);
  }
  return report.toModel(context);
}
