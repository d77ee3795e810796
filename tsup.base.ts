import { defineConfig, type Options } from 'tsup';

/** Shared tsup settings of every package: ESM for Node 20, type declarations, source maps, a clean `dist/`. */
export const base: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
};

/** A package's tsup config: {@link base}, with what the package needs on top (e.g. more entry points). */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({ ...base, ...overrides });
}
