/** A real-data tree for the CLI's kill-and-resume tests, and how to run the CLI under `killAndResume`. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KillCommand } from '@trailkit/testing';
import { DAY, ROOT } from './helpers';

/** `trailkit <args>` with the bundled binary (`cliBin()`), as {@link KillCommand} for `killAndResume`. */
export function cliCommand(
  bin: string,
  args: readonly string[],
  env: Record<string, string> = {},
): KillCommand {
  return {
    execPath: process.execPath,
    args: [bin, ...args],
    cwd: ROOT,
    env: { CI: '1', TRAILKIT_DEBUG: '', ...env },
  };
}

/** One log file of {@link sampleCopies}: its key below `AWSLogs/` and its gzip body. */
export interface TreeFile {
  key: string;
  body: Buffer;
}

/**
 * `copies` copies of the bundled real sample day (52 gzip log files each), each under its own account
 * folder with its own event ids (`c<n>-<eventID>`), so that every event is unique. Returns the files and
 * every event id.
 */
export function sampleCopies(copies: number): { files: TreeFile[]; ids: string[] } {
  const ids: string[] = [];
  const files: TreeFile[] = [];
  const names = readdirSync(DAY)
    .filter((f) => f.endsWith('.json.gz'))
    .sort();
  for (let c = 0; c < copies; c++) {
    const account = String(100000000000 + c);
    for (const name of names) {
      const doc = JSON.parse(gunzipSync(readFileSync(join(DAY, name))).toString()) as {
        Records: { eventID: string }[];
      };
      for (const r of doc.Records) {
        r.eventID = `c${c}-${r.eventID}`;
        ids.push(r.eventID);
      }
      files.push({
        key: `AWSLogs/${account}/CloudTrail/us-east-1/2023/07/10/${name.replace('218007301253', account)}`,
        body: gzipSync(JSON.stringify(doc)),
      });
    }
  }
  return { files, ids };
}

/** Write {@link sampleCopies} under `root` as a downloaded trail. */
export function writeTree(root: string, files: readonly TreeFile[]): void {
  for (const file of files) {
    const path = join(root, file.key);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, file.body);
  }
}
