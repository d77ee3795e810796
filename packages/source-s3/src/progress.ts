import { SourceError } from '@trailkit/core';

/** The position `s3Source` saves: per account/region folder, the last key fully processed. */
export interface S3Position {
  v: 1;
  folders: Record<string, string>;
}

/** Read a saved position, or throw a clear error when it is not one of ours. */
export function readPosition(source: string, from: unknown): Record<string, string> {
  if (from === undefined || from === null) return {};
  const value = from as Partial<S3Position>;
  if (
    typeof value !== 'object' ||
    value.v !== 1 ||
    typeof value.folders !== 'object' ||
    value.folders === null
  ) {
    throw new SourceError(
      'S3_BAD_POSITION',
      source,
      undefined,
      `not an s3Source position: ${JSON.stringify(from)}`,
    );
  }
  const folders: Record<string, string> = {};
  for (const [folder, key] of Object.entries(value.folders)) {
    if (typeof key !== 'string' || !key.startsWith(folder)) {
      throw new SourceError(
        'S3_BAD_POSITION',
        source,
        undefined,
        `bad key for folder ${folder}: ${String(key)}`,
      );
    }
    folders[folder] = key;
  }
  return folders;
}

/**
 * Tracks objects per folder in the order they were started and advances each folder's position only over
 * the contiguous prefix of finished objects (with concurrency, a later object can finish first).
 */
export class FolderProgress {
  private readonly done: Record<string, string>;
  private readonly inFlight = new Map<string, Array<{ key: string; finished: boolean }>>();

  constructor(resume: Readonly<Record<string, string>>) {
    this.done = { ...resume };
  }

  start(folder: string, key: string): void {
    const queue = this.inFlight.get(folder) ?? [];
    this.inFlight.set(folder, queue);
    queue.push({ key, finished: false });
  }

  finish(folder: string, key: string): void {
    const queue = this.inFlight.get(folder) ?? [];
    const entry = queue.find((e) => e.key === key);
    if (entry) entry.finished = true;
    while (queue[0]?.finished) this.done[folder] = queue.shift()!.key;
  }

  snapshot(): S3Position {
    return { v: 1, folders: { ...this.done } };
  }
}
