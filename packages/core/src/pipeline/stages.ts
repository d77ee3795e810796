import type { Sink } from '../contracts';
import type { TrailEvent } from '../event/trail-event';
import type { FilterSpec } from '../filters/filter-spec';
import type { Detector, Finding } from '../rules/types';

/** One step of a pipeline, as recorded by the builder. Items are untyped here; the builder keeps the types. */
export type Stage =
  | { kind: 'filter'; test: (item: unknown) => boolean; spec?: FilterSpec }
  | { kind: 'map'; fn: (item: unknown) => unknown }
  | { kind: 'detect'; detectors: readonly Detector[] }
  | { kind: 'tap'; sinks: readonly Sink<unknown>[] };

/** What one pass through the stages produced. */
export interface StageOutput {
  /** Items for each tap sink, by sink index (pipeline order). */
  writes: Array<{ sink: number; items: unknown[] }>;
  /** Items that reached the first `.detect()` (or the end): events passed by the filters. */
  passed: number;
  /** Findings produced by detectors in this pass. */
  findings: Finding[];
}

/**
 * Runs items through the stages synchronously, in order. Detectors are stateful, so one runner is used per
 * run and batches go through it in source order. `end()` flushes the detectors and sends their findings
 * through the stages that follow them.
 */
export class StageRunner {
  readonly #stages: readonly Stage[];
  /** Index of the first detect stage, or the number of stages. */
  readonly #passedAt: number;
  /** Sink index of the first sink of each tap stage. */
  readonly #sinkOffsets: number[];

  constructor(stages: readonly Stage[]) {
    this.#stages = stages;
    const firstDetect = stages.findIndex((s) => s.kind === 'detect');
    this.#passedAt = firstDetect === -1 ? stages.length : firstDetect;
    let offset = 0;
    this.#sinkOffsets = stages.map((s) => {
      const at = offset;
      if (s.kind === 'tap') offset += s.sinks.length;
      return at;
    });
  }

  /** Every sink of every tap stage, in pipeline order. */
  sinks(): Sink<unknown>[] {
    return this.#stages.flatMap((s) => (s.kind === 'tap' ? [...s.sinks] : []));
  }

  /** Send one batch of events through every stage. */
  push(events: readonly TrailEvent[]): StageOutput {
    return this.#run(events, false);
  }

  /** Flush the detectors and send what they return through the stages after them. */
  end(): StageOutput {
    return this.#run([], true);
  }

  #run(input: readonly unknown[], ending: boolean): StageOutput {
    const out: StageOutput = { writes: [], passed: 0, findings: [] };
    let items: unknown[] = [...input];
    for (let i = 0; i < this.#stages.length; i++) {
      if (i === this.#passedAt) out.passed = items.length;
      const stage = this.#stages[i] as Stage;
      switch (stage.kind) {
        case 'filter':
          items = items.filter((item) => stage.test(item));
          break;
        case 'map':
          items = items.flatMap((item) => {
            const result = stage.fn(item);
            if (result === undefined || result === null) return [];
            return Array.isArray(result) ? result : [result];
          });
          break;
        case 'detect': {
          const found: Finding[] = [];
          for (const item of items) {
            for (const detector of stage.detectors) {
              const produced = detector.process(item as TrailEvent);
              if (produced) for (const f of produced) found.push(f);
            }
          }
          if (ending) {
            for (const detector of stage.detectors) {
              const produced = detector.flush?.();
              if (produced) for (const f of produced) found.push(f);
            }
          }
          for (const f of found) out.findings.push(f);
          items = found;
          break;
        }
        case 'tap': {
          const offset = this.#sinkOffsets[i] as number;
          if (items.length > 0) {
            stage.sinks.forEach((_, j) => {
              out.writes.push({ sink: offset + j, items });
            });
          }
          break;
        }
      }
    }
    if (this.#passedAt === this.#stages.length) out.passed = items.length;
    return out;
  }
}
