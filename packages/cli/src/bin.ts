#!/usr/bin/env node
import { main, reportError } from './main.js';

// The wasm backend's emscripten module installs handlers that dump its minified source on any uncaught error;
// ours run first and exit with one clean line.
const fatal = (e: unknown): void => {
  process.exitCode = reportError(e, (s) => process.stderr.write(s));
  process.exit();
};
process.prependListener('uncaughtException', fatal);
process.prependListener('unhandledRejection', fatal);

process.exitCode = await main(process.argv.slice(2));
