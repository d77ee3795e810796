/**
 * @trailkit/cli: the `trailkit` command line. The binary is `trailkit`; `main()` runs it in-process.
 * @packageDocumentation
 */
export { main } from './main';
export { processIo, type CliIo, type OutputStream } from './io';
export { EXIT, UsageError } from './errors';
