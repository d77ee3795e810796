/**
 * Who owns a temp file. Each sink instance holds a lock file (`.trailkit-<instance>.lock`, naming its process
 * and host) beside what it writes while it is open; a later sink recovers the temp files of an instance
 * whose process is gone, and leaves those of a live one alone.
 */
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** `alive`: its process runs; `dead`: its process is gone; `unknown`: no lock, or another host's. */
export type OwnerState = 'alive' | 'dead' | 'unknown';

interface LockBody {
  pid: number;
  host: string;
  /** When the owning process started (ms since epoch), to tell a reused pid from the owner. */
  processStart: number;
}

/** The lock file of `instance` in `dir`. */
export function lockPath(dir: string, instance: string): string {
  return join(dir, `.trailkit-${instance}.lock`);
}

/** When this process started (ms since epoch). */
function processStart(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}

/** Create the lock of `instance` in `dir` (creating `dir`). */
export async function acquireLock(dir: string, instance: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const body: LockBody = { pid: process.pid, host: hostname(), processStart: processStart() };
  const handle = await open(lockPath(dir, instance), 'w');
  try {
    await handle.writeFile(`${JSON.stringify(body)}\n`);
  } finally {
    await handle.close();
  }
}

/** Remove the lock of `instance` in `dir`, if present. */
export async function releaseLock(dir: string, instance: string): Promise<void> {
  await unlink(lockPath(dir, instance)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Whether the writer `instance`, whose lock would be in `dir`, still runs. */
export async function ownerState(dir: string, instance: string): Promise<OwnerState> {
  let body: Partial<LockBody>;
  try {
    body = JSON.parse(await readFile(lockPath(dir, instance), 'utf8')) as Partial<LockBody>;
  } catch {
    return 'unknown';
  }
  if (typeof body !== 'object' || body === null) return 'unknown';
  const { pid, host } = body;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || host !== hostname()) return 'unknown';
  if (pid === process.pid) {
    // Same pid: this process, or an earlier one whose pid was reused.
    const start = typeof body.processStart === 'number' ? body.processStart : 0;
    return Math.abs(start - processStart()) < 2_000 ? 'alive' : 'dead';
  }
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}
