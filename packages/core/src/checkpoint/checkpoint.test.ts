import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { CheckpointError } from '../errors';
import { fileCheckpoint } from './file-checkpoint';
import { memoryCheckpoint } from './memory-checkpoint';

const tmp = () => tempDir('trailkit-cp-');

describe('fileCheckpoint', () => {
  it('saves a JSON map, reloads it from a new store, leaves no temp files', async () => {
    const dir = await tmp();
    const path = join(dir, 'nested', 'state.json');
    const a = fileCheckpoint(path);
    expect(await a.load('files')).toBeUndefined();
    await a.save('files', { done: ['x.json'] });
    await a.save('s3', 'AWSLogs/1/k.json.gz');
    await a.save('files', { done: ['x.json', 'y.json'] });
    const b = fileCheckpoint(path);
    expect(await b.load('files')).toEqual({ done: ['x.json', 'y.json'] });
    expect(await b.load('s3')).toBe('AWSLogs/1/k.json.gz');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      positions: { files: { done: ['x.json', 'y.json'] }, s3: 'AWSLogs/1/k.json.gz' },
    });
    expect(await readdir(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('serializes concurrent saves: the last one wins and nothing is lost', async () => {
    const path = join(await tmp(), 'state.json');
    const store = fileCheckpoint(path, { fsync: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(`k${i % 4}`, i)));
    const reread = fileCheckpoint(path);
    expect(await Promise.all(['k0', 'k1', 'k2', 'k3'].map((k) => reread.load(k)))).toEqual([16, 17, 18, 19]);
  });

  it('returned positions are copies', async () => {
    const store = fileCheckpoint(join(await tmp(), 's.json'));
    await store.save('k', { done: ['a'] });
    const p = (await store.load('k')) as { done: string[] };
    p.done.push('b');
    expect(await store.load('k')).toEqual({ done: ['a'] });
  });

  it('a corrupt or foreign file is a CheckpointError naming the file', async () => {
    const dir = await tmp();
    const torn = join(dir, 'torn.json');
    await writeFile(torn, '{"version":1,"positions":{"a"');
    await expect(fileCheckpoint(torn).load('a')).rejects.toSatisfy(
      (e) => CheckpointError.isInstance(e) && e.message.includes(torn) && /not valid JSON/.test(e.message),
    );
    // the error names the file, never its content (the path may point at a secret)
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG');
    const error = await fileCheckpoint(secret)
      .load('a')
      .catch((e: unknown) => e);
    expect(CheckpointError.isInstance(error) && (error as Error).message.includes(secret)).toBe(true);
    expect(JSON.stringify({ m: (error as Error).message, c: String((error as Error).cause) })).not.toMatch(
      /AKIA|wJalr/,
    );
    const other = join(dir, 'other.json');
    await writeFile(other, '[1,2]');
    await expect(fileCheckpoint(other).load('a')).rejects.toThrow(/not a trailkit checkpoint file/);
  });

  it('a position that is not JSON is rejected', async () => {
    const store = fileCheckpoint(join(await tmp(), 's.json'));
    await expect(store.save('k', 10n as never)).rejects.toSatisfy(CheckpointError.isInstance);
  });

  it('cannot write into a missing parent that is a file: CheckpointError', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'file'), 'x');
    await expect(fileCheckpoint(join(dir, 'file', 'state.json')).save('k', 1)).rejects.toSatisfy(
      CheckpointError.isInstance,
    );
  });
});

describe('memoryCheckpoint', () => {
  it('stores copies and keeps a history', async () => {
    const store = memoryCheckpoint({ a: 1 });
    expect(await store.load('a')).toBe(1);
    const pos = { done: ['x'] };
    await store.save('b', pos);
    pos.done.push('y');
    expect(await store.load('b')).toEqual({ done: ['x'] });
    expect(store.history).toEqual([{ key: 'b', position: { done: ['x'] } }]);
    expect(store.snapshot()).toEqual({ a: 1, b: { done: ['x'] } });
    await expect(store.save('c', undefined as never)).rejects.toSatisfy(CheckpointError.isInstance);
  });
});
