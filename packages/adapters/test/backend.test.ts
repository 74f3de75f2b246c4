import * as tf from '@tensorflow/tfjs-core';
import { isSaliencyError } from '@saliency/core';
import { describe, expect, it, vi } from 'vitest';
import { WASM_FIXED_KERNELS, selectBackend, type BackendSelection } from '../src/index.js';

async function settle(p: Promise<BackendSelection>): Promise<BackendSelection | Error> {
  return p.catch((e: Error) => e);
}

describe('selectBackend', () => {
  it('auto: native → wasm → cpu, reporting what it fell back from, without flooding the console', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const r = await selectBackend('auto');
      expect(tf.getBackend()).toBe(r.name);
      expect(['tensorflow', 'wasm', 'cpu']).toContain(r.name);
      if (r.name !== 'tensorflow') {
        // Neither native package could start here (their install downloads libtensorflow).
        expect(r.fellBackFrom).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
        expect(r.reasons).toHaveLength(2);
      }
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('already registered'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('cpu and wasm by name; wasm gets its kernel fixes', async () => {
    expect(await selectBackend('cpu')).toEqual({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend('wasm')).toEqual({ name: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    for (const k of WASM_FIXED_KERNELS) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
  });

  it('webgpu only when asked, and a named error saying what to install when it cannot start', async () => {
    const r = await settle(selectBackend('webgpu'));
    if (r instanceof Error) {
      expect(isSaliencyError(r, 'SALIENCY_BACKEND_UNAVAILABLE')).toBe(true);
      expect(r.message).toContain('@tensorflow/tfjs-backend-webgpu');
      expect(r.message).toContain('"webgpu" package');
    } else {
      expect(r.name).toBe('webgpu');
    }
  });

  it('tensorflow (native) by name: starts, or names the packages to install', async () => {
    const r = await settle(selectBackend('tensorflow'));
    if (r instanceof Error) {
      expect(isSaliencyError(r, 'SALIENCY_BACKEND_UNAVAILABLE')).toBe(true);
      expect(r.message).toContain('@tensorflow/tfjs-node');
      expect((r as { details?: { tried?: string[] } }).details?.tried).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    } else {
      expect(r.name).toBe('tensorflow');
    }
  });

  it('rejects an unknown backend name', async () => {
    const r = await settle(selectBackend('webgl' as never));
    expect(isSaliencyError(r, 'SALIENCY_BACKEND_UNAVAILABLE')).toBe(true);
    expect((r as Error).message).toMatch(/Unknown backend "webgl"/);
  });
});
