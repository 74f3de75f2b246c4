import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the '@saliency/source' export
// condition, so tests never run against a stale dist/.
export default defineConfig({
  resolve: { conditions: ['@saliency/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@saliency/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
