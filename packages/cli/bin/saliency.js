#!/usr/bin/env node
// Published entry: the compiled CLI. In the workspace, `pnpm saliency` runs the TypeScript sources instead.
await import('../dist/bin.js');
