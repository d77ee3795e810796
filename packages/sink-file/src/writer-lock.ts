/**
 * Who owns a temp file. Each sink instance holds a lock file (naming its process and host) beside what it
 * writes while it is open: `.trailkit-<instance>.lock` in `dir`, `.<name>.<instance>.lock` beside a `path`.
 * A later sink recovers the temp files of an instance whose process is gone, and leaves a live one's alone.
 */
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** `alive`: its process runs; `dead`: its process is gone; `unknown`: no lock, or another host's. */
export type OwnerState = 'alive' | 'dead' | 'unknown';

interface LockBody {
  pid: number;
  host: string;
  /** When the owning process started (ms since epoch), to tell a reused pid from the owner. */
  processStart: number;
  /** Linux: the process's start time in clock ticks since boot (`/proc/<pid>/stat`), exact where present. */
  startTicks?: string;
}

/** Linux: a process's start time in clock ticks since boot, or `undefined` (no such process, or no /proc). */
function startTicks(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (in parentheses, which may hold spaces): state is field 3, starttime 22
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The lock file of the `fileSink({ dir })` instance `instance`. */
export function dirLockPath(dir: string, instance: string): string {
  return join(dir, `.trailkit-${instance}.lock`);
}

/** The lock file of the `fileSink({ path })` instance `instance`. */
export function pathLockPath(path: string, instance: string): string {
  return join(dirname(path), `.${basename(path)}.${instance}.lock`);
}

/** When this process started (ms since epoch). */
function processStart(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}

/** Create the lock file `lock` (and its directory) for this process. */
export async function acquireLock(lock: string): Promise<void> {
  await mkdir(dirname(lock), { recursive: true });
  const body: LockBody = {
    pid: process.pid,
    host: hostname(),
    processStart: processStart(),
    startTicks: startTicks('self'),
  };
  // Written whole under a side name, then renamed: a lock file always names its owner. A process killed in
  // between leaves only the side file, which recovery removes.
  const side = `${lock}${LOCK_SIDE_SUFFIX}`;
  const handle = await open(side, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(body)}\n`);
  } finally {
    await handle.close();
  }
  await rename(side, lock);
}

/** Suffix of a lock being written (`<lock>-new`). */
export const LOCK_SIDE_SUFFIX = '-new';

/** Remove the lock file `lock`, if present. */
export async function releaseLock(lock: string): Promise<void> {
  await unlink(lock).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Whether the writer whose lock file would be `lock` still runs. */
export async function ownerState(lock: string): Promise<OwnerState> {
  let body: Partial<LockBody>;
  try {
    body = JSON.parse(await readFile(lock, 'utf8')) as Partial<LockBody>;
  } catch {
    return 'unknown';
  }
  if (typeof body !== 'object' || body === null) return 'unknown';
  const { pid, host } = body;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || host !== hostname()) return 'unknown';
  if (typeof body.startTicks === 'string' && startTicks('self') !== undefined) {
    // Linux: the pid may have been reused (pid_max is often 32768): alive only if it is the same process.
    return startTicks(pid) === body.startTicks ? 'alive' : 'dead';
  }
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
