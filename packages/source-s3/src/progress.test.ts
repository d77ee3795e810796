import { describe, expect, it } from 'vitest';
import { FolderProgress, readPosition } from './progress';

describe('FolderProgress', () => {
  it('advances a folder only over the contiguous finished prefix', () => {
    const progress = new FolderProgress({ 'A/': 'A/0' });
    progress.start('A/', 'A/1');
    progress.start('A/', 'A/2');
    progress.start('B/', 'B/1');
    progress.finish('A/', 'A/2');
    expect(progress.snapshot()).toEqual({ v: 1, folders: { 'A/': 'A/0' } });
    progress.finish('B/', 'B/1');
    progress.finish('A/', 'A/1');
    expect(progress.snapshot()).toEqual({ v: 1, folders: { 'A/': 'A/2', 'B/': 'B/1' } });
  });

  it('rejects positions that are not its own', () => {
    expect(readPosition('s3', undefined)).toEqual({});
    expect(readPosition('s3', { v: 1, folders: { 'A/': 'A/x' } })).toEqual({ 'A/': 'A/x' });
    expect(() => readPosition('s3', { v: 2 })).toThrow(/not an s3Source position/);
    expect(() => readPosition('s3', { v: 1, folders: { 'A/': 'B/x' } })).toThrow(/bad key for folder A\//);
  });
});
