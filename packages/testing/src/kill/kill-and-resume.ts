/**
 * Kill-and-resume runs, to prove an at-least-once promise the way users meet crashes: run a command, stop it
 * (SIGKILL, or SIGINT like Ctrl-C) once it has printed a random number of lines on stdout, run it again (it
 * resumes from its checkpoint), and finally let it finish.
 */
import { spawn } from 'node:child_process';

/** A command to run: `execPath args...` in `cwd` with `env` added to this process's environment. */
export interface KillCommand {
  execPath: string;
  args: readonly string[];
  cwd?: string;
  env?: Record<string, string>;
}

/** One run of the command. */
export interface RunOutcome {
  /** The signal sent to stop it, if it was still running when the stop point came. */
  sent?: NodeJS.Signals;
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** The signal that ended the process, if any. */
  signal: NodeJS.Signals | null;
  /** Lines printed on stdout before it ended. */
  lines: number;
  stderr: string;
}

/** How many runs to stop, with which signal, and where. */
export interface KillPlan {
  /** Runs stopped with SIGKILL (a crash). */
  kills: number;
  /** Runs stopped with SIGINT (Ctrl-C), after the kills. */
  interrupts: number;
  /** Seed of the stop points, so that a failing plan can be replayed. */
  seed: number;
  /** Each run is stopped once it printed a number of stdout lines drawn from `[min, max)`. */
  min: number;
  max: number;
}

/**
 * With `TRAILKIT_KILL_PLAN=quick` in the environment, a plan keeps at most 2 kills and 1 interrupt (CI runs
 * the full plans on its main Node version and the quick ones on the others, to stay within its time).
 */
export function quickened(plan: KillPlan): KillPlan {
  if (process.env.TRAILKIT_KILL_PLAN !== 'quick') return plan;
  return { ...plan, kills: Math.min(plan.kills, 2), interrupts: Math.min(plan.interrupts, 1) };
}

/** A small deterministic random generator (mulberry32) in `[0, 1)`. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run `command`; with `stop`, send it that signal once it has printed `after` lines on stdout. */
export function runOnce(
  command: KillCommand,
  stop?: { signal: NodeJS.Signals; after: number },
): Promise<RunOutcome> {
  const child = spawn(command.execPath, [...command.args], {
    cwd: command.cwd,
    env: { ...process.env, ...command.env },
  });
  let lines = 0;
  let sent: NodeJS.Signals | undefined;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (stop && sent === undefined && lines >= stop.after) {
      sent = stop.signal;
      child.kill(stop.signal);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ sent, code, signal, lines, stderr }));
  });
}

/**
 * `plan.kills` runs stopped by SIGKILL, then `plan.interrupts` stopped by SIGINT, then one run to the end.
 * Returns every run's outcome, in order; check what the command's output holds afterwards.
 *
 * @example
 * ```ts
 * const runs = await killAndResume(
 *   { execPath: process.execPath, args: ['my-pipeline.js', '--checkpoint', 'ck.json'] },
 *   { kills: 8, interrupts: 3, seed: 1, min: 100, max: 2000 },
 * );
 * expect(runs.at(-1)?.code).toBe(0);
 * ```
 */
export async function killAndResume(command: KillCommand, given: KillPlan): Promise<RunOutcome[]> {
  const plan = quickened(given);
  const random = seeded(plan.seed);
  const outcomes: RunOutcome[] = [];
  const stops: NodeJS.Signals[] = [
    ...Array<NodeJS.Signals>(plan.kills).fill('SIGKILL'),
    ...Array<NodeJS.Signals>(plan.interrupts).fill('SIGINT'),
  ];
  for (const signal of stops) {
    const after = Math.floor(plan.min + random() * (plan.max - plan.min));
    outcomes.push(await runOnce(command, { signal, after }));
  }
  outcomes.push(await runOnce(command));
  return outcomes;
}
