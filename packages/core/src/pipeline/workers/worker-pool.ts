import { Worker } from 'node:worker_threads';
import type { FilePart, FileTask, FromWorker, ToWorker, WorkerPlan } from './protocol';
import { reviveError } from './revive-error';
import type { WorkerEntry } from './worker-entry';

/** The parts of one file's result, in order, as they arrive from its worker. */
export interface FileParts {
  /** The next part (the last one has `end`). Rejects when the worker failed. */
  next(): Promise<FilePart>;
}

class Task implements FileParts {
  readonly id: number;
  readonly task: FileTask;
  readonly #parts: FilePart[] = [];
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  readonly #ack: () => void;

  constructor(id: number, task: FileTask, ack: () => void) {
    this.id = id;
    this.task = task;
    this.#ack = ack;
  }

  push(part: FilePart): void {
    this.#parts.push(part);
    this.#wake?.();
  }

  fail(error: Error): void {
    this.#error ??= error;
    this.#wake?.();
  }

  async next(): Promise<FilePart> {
    for (;;) {
      const part = this.#parts.shift();
      if (part !== undefined) {
        if (!part.end) this.#ack();
        return part;
      }
      if (this.#error) throw this.#error;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}

interface Slot {
  worker: Worker;
  /** The files sent to this worker and not finished, in the order it reads them (at most {@link TASKS_AHEAD}). */
  tasks: Task[];
}

/**
 * Files handed to a worker at once: the one it reads and the next, so that it starts the next file as soon
 * as it has posted the last part of one, instead of waiting for the main thread's reply (a round trip per
 * file: on a tree of small files, ~0.07 ms each and an idle worker).
 */
const TASKS_AHEAD = 2;

/**
 * A fixed set of `node:worker_threads` workers, each started with the run's plan, each reading one file
 * at a time, in the order it was sent them. Files are handed out in submission order, up to
 * {@link TASKS_AHEAD} per worker; each file's parts come back through its {@link FileParts}. The consumer
 * must read the files' parts in submission order (the first unfinished file is then always the one its
 * worker is reading, so acknowledgements keep every worker going). A worker that dies fails its files and
 * every file still queued.
 */
export class WorkerPool {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 0;
  #failure: Error | undefined;
  #closed = false;

  constructor(size: number, plan: WorkerPlan, entry: WorkerEntry) {
    this.size = size;
    for (let i = 0; i < size; i++) {
      const worker =
        'url' in entry
          ? new Worker(entry.url, { workerData: { plan } })
          : new Worker(entry.code, { eval: true, workerData: { plan } });
      const slot: Slot = { worker, tasks: [] };
      worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
      worker.on('error', (error) => this.#die(slot, error));
      worker.on('exit', (code) => {
        if (!this.#closed) this.#die(slot, new Error(`pipeline worker exited (code ${code})`));
      });
      this.#slots.push(slot);
    }
  }

  /** Queue a file; its parts come back in order. */
  submit(task: FileTask): FileParts {
    const id = this.#nextId++;
    const t: Task = new Task(id, task, () => this.#ackFor(t));
    if (this.#failure) t.fail(this.#failure);
    else {
      this.#queue.push(t);
      this.#dispatch();
    }
    return t;
  }

  /** Stop every worker (files in flight are abandoned). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new Error('the worker pool was closed');
    for (const t of this.#queue.splice(0)) t.fail(closed);
    for (const s of this.#slots) for (const t of s.tasks.splice(0)) t.fail(closed);
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #ackFor(task: Task): void {
    const slot = this.#slots.find((s) => s.tasks.includes(task));
    if (slot) slot.worker.postMessage({ type: 'ack', id: task.id } satisfies ToWorker);
  }

  #dispatch(): void {
    // one file per worker first, then a second: spread over every worker before queueing behind one
    for (let depth = 1; depth <= TASKS_AHEAD; depth++) {
      for (const slot of this.#slots) {
        if (slot.tasks.length >= depth) continue;
        const task = this.#queue.shift();
        if (task === undefined) return;
        slot.tasks.push(task);
        slot.worker.postMessage({ type: 'task', id: task.id, task: task.task } satisfies ToWorker);
      }
    }
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    const at = slot.tasks.findIndex((t) => t.id === message.id);
    if (at < 0) return;
    const task = slot.tasks[at] as Task;
    let finished = true;
    if (message.type === 'failed') task.fail(reviveError(message.error));
    else {
      task.push(message.part);
      finished = message.part.end !== undefined;
    }
    if (finished) {
      slot.tasks.splice(at, 1);
      this.#dispatch();
    }
  }

  #die(slot: Slot, error: Error): void {
    if (this.#closed) return;
    this.#failure ??= error;
    for (const t of slot.tasks.splice(0)) t.fail(error);
    for (const t of this.#queue.splice(0)) t.fail(error);
    for (const s of this.#slots) for (const t of s.tasks) t.fail(error);
  }
}
