import { describe, expect, it } from 'vitest';
import { indexDetectors } from '../../rules/detector-index';
import { loadRules } from '../../rules/rule-pack';
import { filesSource } from '../../sources/files/files-source';
import { resolveRunOptions } from '../run-options';
import type { Stage } from '../stages';
import { AUTO_MAX_WORKERS, AUTO_MIN_BYTES, AUTO_MIN_FILES, planWorkers, threadsFor } from './plan-workers';

const source = filesSource({ paths: '.' });
const sink = { name: 'none', write: async () => {} };
const opts = (workers: number | 'auto') => resolveRunOptions({ workers }, 'files');
const detect = async (spec: string): Promise<Stage> => ({
  kind: 'detect',
  detectors: [indexDetectors(await loadRules(spec))],
});

describe("workers: 'auto'", () => {
  it('uses workers when they send back only what detection needs (cis: every rule has a pattern)', async () => {
    const filter: Stage = {
      kind: 'filter',
      test: () => true,
      spec: { kind: 'pattern', text: '{ $.readOnly IS FALSE }' },
    };
    const planned = planWorkers(
      source,
      [filter, await detect('cis'), { kind: 'tap', sinks: [sink] }],
      opts('auto'),
    );
    expect(planned?.detectionOnly).toBe(true);
    expect(planned?.plan.filters).toEqual([{ kind: 'pattern', text: '{ $.readOnly IS FALSE }' }]);
    expect(planned?.stages.map((s) => s.kind)).toEqual(['detect', 'tap']);
  });

  it('stays on one thread when every event would come back (the anomaly detector of threats; events to a sink)', async () => {
    const logged: string[] = [];
    const o = resolveRunOptions(
      {
        workers: 'auto',
        log: {
          debug: (_m, f) => logged.push(String(f?.reason)),
          info: () => {},
          warn: () => {},
          error: () => {},
        },
      },
      'files',
    );
    expect(
      planWorkers(source, [await detect('cis,threats'), { kind: 'tap', sinks: [sink] }], o),
    ).toBeUndefined();
    expect(planWorkers(source, [{ kind: 'tap', sinks: [sink] }], o)).toBeUndefined();
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/every passing event would be copied back/);
    // asked for explicitly, they are used all the same
    expect(planWorkers(source, [await detect('cis,threats')], opts(2))?.workers).toBe(2);
  });

  it('the size switch: 256 files, or 64 MiB in two files or more, on 3 cores or more', () => {
    for (const cores of [3, 4, 8, 64]) {
      const many = Math.min(cores - 1, AUTO_MAX_WORKERS);
      expect(threadsFor('auto', AUTO_MIN_FILES - 1, 0, cores)).toBe(1);
      expect(threadsFor('auto', AUTO_MIN_FILES, 0, cores)).toBe(many);
      expect(threadsFor('auto', 2, AUTO_MIN_BYTES, cores)).toBe(many);
      expect(threadsFor('auto', 1, 10 * AUTO_MIN_BYTES, cores)).toBe(1);
    }
    expect(threadsFor('auto', 4, 0, 8)).toBe(1);
    expect(threadsFor('auto', 10 * AUTO_MIN_FILES, 10 * AUTO_MIN_BYTES, 2)).toBe(1);
    expect(threadsFor('auto', 10 * AUTO_MIN_FILES, 0, 1)).toBe(1);
    expect(threadsFor(3, 1, 0, 2)).toBe(3);
  });
});
