/**
 * The per-file task of the pool comparison (`tree-child.ts`, `pool-piscina` / `pool-tinypool`): the
 * pipeline worker's work for one file (`processFile`, the plan from `workerData`), its parts returned
 * together. The `node:worker_threads` candidate runs the pipeline's own worker (`pipeline-worker.ts`).
 */
import { workerData } from 'node:worker_threads';
import { compilePlan, processFile } from '../src/pipeline/workers/file-work';
import type { FilePart, FileTask, WorkerPlan } from '../src/pipeline/workers/protocol';

// tinypool hands the worker `[its own data, the pool's workerData]`; piscina the pool's workerData
const data = (Array.isArray(workerData) ? workerData[1] : workerData) as { plan: WorkerPlan };
const compiled = compilePlan(data.plan);

export default async function fileTask(task: FileTask): Promise<FilePart[]> {
  const parts: FilePart[] = [];
  await processFile(task, compiled, async (part) => {
    parts.push(part);
  });
  return parts;
}
