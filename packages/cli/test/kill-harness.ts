/**
 * Kill-and-resume harness: run the real `trailkit` binary, stop it (SIGKILL or SIGINT) once it has written a
 * random number of results, run it again with the same checkpoint, and finally let it finish; then read what
 * `--out` holds. Used by the crash-safety tests of every output mode.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DAY, ROOT } from './helpers';

const BIN = join(ROOT, 'packages/cli/src/bin.ts');

/** One run of the binary. */
export interface RunOutcome {
  /** The signal sent, if the run was stopped. */
  sent?: NodeJS.Signals;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Result lines it printed on stdout before it ended. */
  lines: number;
  stderr: string;
}

/** A small deterministic random generator (mulberry32), so that kill points repeat run after run. */
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

/**
 * Run `trailkit <args>` (which must print NDJSON results on stdout); with `stop`, send it that signal once it
 * has printed `after` lines. Resolves when the process has exited.
 */
export function runOnce(
  args: readonly string[],
  env: Record<string, string>,
  stop?: { signal: NodeJS.Signals; after: number },
): Promise<RunOutcome> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', TRAILKIT_DEBUG: '', ...env },
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
 * `kills` runs stopped by SIGKILL, then `interrupts` stopped by SIGINT, each after a random number of printed
 * results in `[min, max)`, then one run to the end. Returns every run's outcome.
 */
export async function killAndResume(
  args: readonly string[],
  env: Record<string, string>,
  plan: { kills: number; interrupts: number; seed: number; min: number; max: number },
): Promise<RunOutcome[]> {
  const random = seeded(plan.seed);
  const outcomes: RunOutcome[] = [];
  const stops: NodeJS.Signals[] = [
    ...Array<NodeJS.Signals>(plan.kills).fill('SIGKILL'),
    ...Array<NodeJS.Signals>(plan.interrupts).fill('SIGINT'),
  ];
  for (const signal of stops) {
    const after = Math.floor(plan.min + random() * (plan.max - plan.min));
    outcomes.push(await runOnce(args, env, { signal, after }));
  }
  outcomes.push(await runOnce(args, env));
  return outcomes;
}

/** What an output holds: the `eventID` of every line, lines that do not parse, and leftover files. */
export interface OutputContents {
  ids: string[];
  broken: number;
  /** Dot-files left in the output (temp files, locks): none once a run finished. */
  leftovers: string[];
}

/** Read an `--out` directory (recursively) or file: NDJSON, or gzip NDJSON for `.gz` names. */
export function readOutput(out: string, isDir: boolean): OutputContents {
  const files = isDir
    ? readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
    : [out];
  const contents: OutputContents = { ids: [], broken: 0, leftovers: [] };
  if (!isDir) {
    const prefix = `.${basename(out)}.`;
    for (const name of readdirSync(dirname(out))) if (name.startsWith(prefix)) contents.leftovers.push(name);
  }
  for (const file of files) {
    const name = file.split('/').at(-1) as string;
    if (name.startsWith('.')) {
      contents.leftovers.push(relative(out, file));
      continue;
    }
    let text: string;
    try {
      const raw = readFileSync(file);
      text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    } catch {
      contents.broken++;
      continue;
    }
    if (text !== '' && !text.endsWith('\n')) contents.broken++;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        contents.ids.push(String((JSON.parse(line) as { eventID: unknown }).eventID));
      } catch {
        contents.broken++;
      }
    }
  }
  return contents;
}

/**
 * A downloaded-trail tree of `copies` copies of the bundled real sample day (52 gzip log files each), every
 * copy under its own account folder with its own event ids (`c<n>-<eventID>`), so each event is unique.
 * Returns every event id.
 */
export function buildTree(root: string, copies: number): string[] {
  const ids: string[] = [];
  const names = readdirSync(DAY)
    .filter((f) => f.endsWith('.json.gz'))
    .sort();
  for (let c = 0; c < copies; c++) {
    const account = String(100000000000 + c);
    const dir = join(root, 'AWSLogs', account, 'CloudTrail', 'us-east-1', '2023', '07', '10');
    mkdirSync(dir, { recursive: true });
    for (const name of names) {
      const doc = JSON.parse(gunzipSync(readFileSync(join(DAY, name))).toString()) as {
        Records: { eventID: string }[];
      };
      for (const r of doc.Records) {
        r.eventID = `c${c}-${r.eventID}`;
        ids.push(r.eventID);
      }
      writeFileSync(join(dir, name.replace('218007301253', account)), gzipSync(JSON.stringify(doc)));
    }
  }
  return ids;
}
