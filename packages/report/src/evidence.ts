/** The findings kept as evidence: at most `max`, the most severe first, then the earliest. */
import { type Finding, SEVERITIES } from '@trailkit/core';
import type { FindingEvidence } from './model';

const MAX_EVENT_IDS = 10;

function rank(e: FindingEvidence): number {
  return SEVERITIES.indexOf(e.severity);
}

/** True when `a` should be listed before `b`. */
function before(a: FindingEvidence, b: FindingEvidence): boolean {
  const d = rank(a) - rank(b);
  if (d !== 0) return d > 0;
  if (a.time !== b.time) return a.time < b.time;
  return a.id < b.id;
}

/** Bounded evidence list. */
export class EvidenceList {
  readonly #max: number;
  readonly #kept: FindingEvidence[] = [];
  #dropped = 0;
  /** Index of the last-ranked kept finding, once the list is full. */
  #worst = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Findings counted but not kept. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Offer a finding. */
  add(finding: Finding): void {
    if (this.#max === 0) {
      this.#dropped++;
      return;
    }
    const item = toEvidence(finding);
    if (this.#kept.length < this.#max) {
      this.#kept.push(item);
      if (this.#kept.length === this.#max) this.#findWorst();
      return;
    }
    this.#dropped++;
    if (!before(item, this.#kept[this.#worst] as FindingEvidence)) return;
    this.#kept[this.#worst] = item;
    this.#findWorst();
  }

  #findWorst(): void {
    let worst = 0;
    for (let i = 1; i < this.#kept.length; i++) {
      if (before(this.#kept[worst] as FindingEvidence, this.#kept[i] as FindingEvidence)) worst = i;
    }
    this.#worst = worst;
  }

  /** The kept findings in report order. */
  list(): FindingEvidence[] {
    return [...this.#kept].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }
}

function toEvidence(f: Finding): FindingEvidence {
  const ids: string[] = [];
  for (const e of f.events) {
    if (ids.length >= MAX_EVENT_IDS) break;
    if (typeof e.eventID === 'string') ids.push(e.eventID);
  }
  return {
    id: f.id,
    ruleId: f.rule.id,
    title: f.rule.title,
    severity: f.severity,
    time: f.time,
    summary: f.summary,
    ...(f.principal !== undefined ? { principal: f.principal } : {}),
    ...(f.sourceIPAddress !== undefined ? { sourceIPAddress: f.sourceIPAddress } : {}),
    ...(f.account !== undefined ? { account: f.account } : {}),
    ...(f.region !== undefined ? { region: f.region } : {}),
    eventIds: ids,
  };
}
