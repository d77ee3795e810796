/**
 * The entry of a pipeline worker thread (built to `dist/pipeline-worker.js`): compiles the plan it is
 * started with, then reads the files it is sent, one at a time, posting each file's parts in order and
 * waiting for the main thread's acknowledgements when `partsAhead` parts are unread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePlan, processFile } from './file-work';
import type { FilePart, FromWorker, ToWorker, WorkerPlan } from './protocol';
import { sendError } from './revive-error';

const port = parentPort;
if (!port) throw new Error('pipeline-worker must run in a worker thread');
const plan = (workerData as { plan: WorkerPlan }).plan;
const compiled = compilePlan(plan);

let current = -1;
let unacked = 0;
let wake: (() => void) | undefined;
const queue: Array<Extract<ToWorker, { type: 'task' }>> = [];
let busy = false;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

async function work(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { id, task } = next;
    current = id;
    unacked = 0;
    try {
      await processFile(task, compiled, async (part: FilePart) => {
        post({ type: 'part', id, part });
        if (part.end) return;
        unacked++;
        while (unacked >= plan.partsAhead) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      });
    } catch (error) {
      post({ type: 'failed', id, error: sendError(error) });
    }
  }
  busy = false;
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'task') {
    queue.push(message);
    void work();
  } else if (message.id === current) {
    unacked--;
    wake?.();
  }
});
