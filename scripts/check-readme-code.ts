/**
 * Typecheck the TypeScript code blocks of every package README and the root README: each ```ts block
 * becomes a module in `<package>/.readme-code/` and `tsc --noEmit` runs on them against the workspace
 * sources (`@trailkit/*` resolves to `packages/<name>/src`). A fragment that cannot compile on its own
 * (a shape, an excerpt) is marked ```ts nocheck. Run it with `pnpm check:readme-code`; it exits 1 with
 * tsc's messages, naming README and line, when a block does not compile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** One ```ts block: where it starts in its README, and its code. */
interface Block {
  line: number;
  code: string;
}

/** The checked ```ts blocks of a README (```ts nocheck and other languages are left out). */
export function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)(\s+nocheck)?\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++) {
      body.push(
        (lines[i] ?? '').startsWith(indent) ? (lines[i] ?? '').slice(indent.length) : (lines[i] ?? ''),
      );
    }
    if (!open[3]) blocks.push({ line: start + 1, code: body.join('\n') });
  }
  return blocks;
}

/** README → the package directory whose dependencies its blocks may import (the root README: the CLI's). */
const READMES: Array<[readme: string, dir: string]> = [
  ['README.md', 'packages/cli'],
  ...readdirSync(join(ROOT, 'packages'))
    .filter((name) => existsSync(join(ROOT, 'packages', name, 'README.md')))
    .map((name): [string, string] => [`packages/${name}/README.md`, `packages/${name}`]),
];

let failed = false;
for (const [readme, dir] of READMES) {
  const blocks = tsBlocks(readFileSync(join(ROOT, readme), 'utf8'));
  if (blocks.length === 0) continue;
  const out = join(ROOT, dir, '.readme-code');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  const names = new Map<string, Block>();
  for (const block of blocks) {
    const name = `line-${block.line}.ts`;
    names.set(name, block);
    // `export {}` makes each block a module of its own (top-level await, no clashes between blocks).
    writeFileSync(join(out, name), `${block.code}\nexport {};\n`);
  }
  const packages = relative(out, join(ROOT, 'packages'));
  writeFileSync(
    join(out, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(out, join(ROOT, 'tsconfig.base.json')),
      compilerOptions: {
        noUnusedLocals: false,
        paths: {
          '@trailkit/core/plugin': [`${packages}/core/src/plugin/index.ts`],
          '@trailkit/*': [`${packages}/*/src/index.ts`],
        },
      },
      include: ['*.ts'],
    }),
  );
  const result = spawnSync(process.execPath, [TSC, '--noEmit', '-p', join(out, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  const report = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((l) => l.includes('.readme-code/') || /^\s/.test(l))
    .map((l) =>
      l.replace(/^.*\.readme-code\/(line-(\d+)\.ts)\((\d+),(\d+)\)/, (_m, _f, start, row, col) => {
        return `${readme}:${Number(start) + Number(row)}:${col}`;
      }),
    )
    .join('\n');
  if (result.status !== 0) {
    failed = true;
    console.error(report || `${result.stdout}${result.stderr}`);
  } else {
    console.log(`ok ${readme} (${blocks.length} block${blocks.length === 1 ? '' : 's'})`);
  }
  rmSync(out, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
