/**
 * The CLI in the tree benchmark (bundled, see `bundle.ts`): `tree-scan.mjs <dir> [--rules ...] [...]` runs
 * `trailkit scan <dir> --format ndjson --summary ...` in this process, its output to stdout, and prints
 * `{ events, ms, cpuMs, maxRssBytes }` as JSON on stderr (events from the scan's summary).
 */
import { processIo } from '../../cli/src/io';
import { main } from '../../cli/src/main';

const [dir, ...rest] = process.argv.slice(2);
const start = performance.now();
const cpu0 = process.cpuUsage();
const io = processIo(new AbortController().signal);
let stderr = '';
io.stderr = {
  write: (chunk: string) => {
    stderr += chunk;
    return true;
  },
};
const code = await main(['scan', dir!, '--format', 'ndjson', '--summary', ...rest], io);
if (code !== 0) throw new Error(`scan exited ${code}: ${stderr}`);
const events = (JSON.parse(stderr.trim().split('\n').at(-1)!) as { events: { read: number } }).events.read;
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stderr.write(
  `${JSON.stringify({ events, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes })}\n`,
);
