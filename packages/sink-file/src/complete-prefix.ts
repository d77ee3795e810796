/**
 * How much of a file a crashed writer left is complete: whole NDJSON lines, or whole gzip members (each
 * write of the sink is one member). Only the tail of the file is read, so recovering a large file is cheap.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { FileSinkError } from './errors';

/**
 * The 10-byte header Node's zlib writes at the start of every gzip member (no name, mtime 0, OS unix).
 * Ten fixed bytes are (practically) never produced inside deflate data, so they mark member starts exactly.
 */
const MEMBER_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);

/** Tail bytes read per step when looking backwards for the last newline or member start. */
const STEP = 1 << 20;

/**
 * Length of the longest prefix of the file that ends with a complete line (`gzip: false`) or a complete
 * gzip member whose text ends with a newline (`gzip: true`). `size` is the file's current length.
 */
export async function completePrefix(handle: FileHandle, size: number, gzip: boolean): Promise<number> {
  return gzip ? completeMembers(handle, size) : completeLines(handle, size);
}

async function completeLines(handle: FileHandle, size: number): Promise<number> {
  for (let end = size; end > 0; end -= STEP) {
    const start = Math.max(0, end - STEP);
    const tail = await readRange(handle, start, end);
    const newline = tail.lastIndexOf(0x0a);
    if (newline !== -1) return start + newline + 1;
  }
  return 0;
}

/**
 * Candidate cuts, from the longest: the whole file, then the file without a torn member header at its end;
 * then (the last member is torn) the start of each member from the last one backwards. A cut is good when
 * the member ending there decodes on its own and ends with a newline: earlier members were whole when the
 * write that made them completed.
 */
async function completeMembers(handle: FileHandle, size: number): Promise<number> {
  let window = Buffer.alloc(0);
  let windowStart = size;
  const grow = async (): Promise<boolean> => {
    if (windowStart === 0) return false;
    const start = Math.max(0, windowStart - STEP);
    window = Buffer.concat([await readRange(handle, start, windowStart), window]);
    windowStart = start;
    return true;
  };
  /** Where the last member starting before `end` starts, growing the window backwards as needed. */
  const lastMemberStart = async (end: number): Promise<number | undefined> => {
    for (;;) {
      const at = window.subarray(0, end - windowStart).lastIndexOf(MEMBER_HEADER);
      if (at !== -1) return windowStart + at;
      if (!(await grow())) return undefined;
    }
  };
  const wholeMemberEndsAt = async (end: number): Promise<boolean> => {
    const start = await lastMemberStart(end);
    return start !== undefined && decodesToLines(window.subarray(start - windowStart, end - windowStart));
  };

  await grow();
  const cuts = [size];
  for (let n = MEMBER_HEADER.length - 1; n > 0; n--) {
    if (window.length >= n && window.subarray(window.length - n).equals(MEMBER_HEADER.subarray(0, n))) {
      cuts.push(size - n);
      break;
    }
  }
  for (const cut of cuts) if (cut > 0 && (await wholeMemberEndsAt(cut))) return cut;
  for (let end = size; ; ) {
    const start = await lastMemberStart(end);
    if (start === undefined || start === 0) return 0;
    if (await wholeMemberEndsAt(start)) return start;
    end = start;
  }
}

function decodesToLines(member: Buffer): boolean {
  try {
    const text = gunzipSync(member);
    return text.length > 0 && text[text.length - 1] === 0x0a;
  } catch {
    return false;
  }
}

async function readRange(handle: FileHandle, start: number, end: number): Promise<Buffer> {
  const buffer = Buffer.alloc(end - start);
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** Truncate `path` to its complete prefix (never following a symbolic link); returns the kept length. */
export async function cutToComplete(path: string, gzip: boolean): Promise<number> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDWR | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new FileSinkError('FILE_SINK_UNSAFE_PATH', path, 'is a symbolic link: refusing to recover it');
    }
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const keep = await completePrefix(handle, size, gzip);
    if (keep < size) await handle.truncate(keep);
    return keep;
  } finally {
    await handle.close();
  }
}
