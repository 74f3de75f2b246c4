import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Every case imports the module afresh, so a mock of 'webgpu' set in one case does not leak into the next.
afterEach(() => {
  vi.doUnmock('webgpu');
  vi.resetModules();
});

describe('installWebGpu', () => {
  it('registers the webgpu backend, or says precisely why it cannot (no CI machine has a GPU)', async () => {
    const { installWebGpu, WebGpuUnavailableError } = await import('../src/index.js');
    const outcome = await installWebGpu().then(() => null, (e: unknown) => e);
    if (outcome === null) {
      expect(tf.findBackendFactory('webgpu')).toBeTypeOf('function');
    } else {
      expect(outcome).toBeInstanceOf(WebGpuUnavailableError);
      expect(String((outcome as Error).message)).toMatch(/no GPU adapter|"webgpu" package|tfjs-backend-webgpu/);
    }
  });

  it('names the package to install when Dawn (the webgpu package) cannot be loaded', async () => {
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true, writable: true });
    vi.doMock('webgpu', () => {
      throw new Error('Cannot find package \'webgpu\'');
    });
    try {
      const { installWebGpu, WebGpuUnavailableError } = await import('../src/index.js');
      const e = await installWebGpu().then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(WebGpuUnavailableError);
      expect((e as Error).message).toContain('npm i webgpu');
      expect(g.navigator).toBeUndefined();
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });
});
