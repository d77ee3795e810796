/**
 * Bundles the `trailkit` binary from source once per test run (see `bundleScript` in @trailkit/testing), so
 * that the tests that start it as a child process (`runBin`, the kill tests) run plain JavaScript, as the
 * published binary does, without a TypeScript loader in every child.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScript } from '@trailkit/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the bundled `trailkit` binary. */
    cliBin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'trailkit-cli-bin-'));
  const bin = await bundleScript(fileURLToPath(new URL('../src/bin.ts', import.meta.url)), { outDir: dir });
  project.provide('cliBin', bin);
  return () => rmSync(dir, { recursive: true, force: true });
}
