import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverTempFiles } from '../src/index';
import { listFiles, readNdjson, stratusEvents } from './helpers';

const script = fileURLToPath(new URL('./scripts/crash-writer.ts', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sink-file-recover-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function crash(gzip: boolean, tear: boolean): void {
  execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, dir, gzip ? '1' : '0', tear ? '1' : '0'],
    {
      stdio: 'pipe',
    },
  );
}

describe('recoverTempFiles', () => {
  for (const gzip of [false, true]) {
    for (const tear of [false, true]) {
      it(`finishes a crashed run's temp file (gzip=${gzip}, torn tail=${tear})`, async () => {
        crash(gzip, tear);
        const left = listFiles(dir);
        expect(left).toHaveLength(1);
        expect(left[0]).toMatch(/^\..*\.tmp$/);
        // a live sink's file is recent: the default age guard leaves it alone
        expect(await recoverTempFiles(dir)).toEqual([]);
        const recovered = await recoverTempFiles(dir, { olderThanMs: 0 });
        expect(recovered).toHaveLength(1);
        expect(listFiles(dir)).toEqual([left[0]!.slice(1, -'.tmp'.length)]);
        // everything the crashed sink had accepted survives; the torn write does not
        expect(readNdjson(recovered[0]!)).toEqual(stratusEvents());
      });
    }
  }
});
