import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmTileConfig } from './wasm-tile.js';

/**
 * Kernels the wasm backend (4.22) lacks or gets wrong on the gradient path of saliency methods:
 * - `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropInput`, `DepthwiseConv2dNativeBackpropFilter` and
 *   `UnsortedSegmentSum` (the gradient of `gather`) are not registered at all;
 * - `MaxPoolGrad` is registered but wrong: it drops the gradient of every window whose maximum is negative
 *   (harmless after a ReLU, wrong after BatchNormalization without one).
 * Each is re-registered for `wasm` as a delegate to the pure-JS cpu kernel: the inputs are copied out of the wasm
 * heap, the cpu kernel runs on cpu-backend copies, and the results are copied back. Correct by construction, and
 * the copies are linear in the tensor sizes, small next to the convolutions around them.
 */
export const WASM_FIXED_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'UnsortedSegmentSum',
] as const;

/** The parts of the wasm backend used here (its class is not exported as a type we can name portably). */
interface WasmLike {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): TensorInfo;
}
interface CpuLike {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

function delegateToCpu(kernelName: string): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as unknown as WasmLike;
      const cpu = tf.findBackend('cpu') as unknown as CpuLike | null;
      const cpuKernel = tf.getKernel(kernelName, 'cpu');
      if (!cpu || !cpuKernel) throw new Error(`${kernelName} on wasm delegates to the cpu backend, which is not registered`);
      const copies: TensorInfo[] = [];
      const cpuInputs: NamedTensorInfoMap = {};
      for (const [name, t] of Object.entries(inputs)) {
        if (!t) continue;
        const copy = cpu.makeTensorInfo(t.shape, t.dtype, wasm.readSync(t.dataId));
        copies.push(copy);
        cpuInputs[name] = copy;
      }
      try {
        const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu as unknown as KernelBackend });
        const outs = Array.isArray(out) ? out : [out];
        const back = outs.map((o) => {
          const r = wasm.makeOutput(o.shape, o.dtype, undefined, cpu.readSync(o.dataId));
          cpu.disposeData(o.dataId, true);
          return r;
        });
        return Array.isArray(out) ? back : back[0]!;
      } finally {
        for (const c of copies) cpu.disposeData(c.dataId, true);
      }
    },
  };
}

let registered = false;

/** Kernels the wasm backend has but runs far slower than it could on saliency's paths, replaced by faster ones. */
export const WASM_FAST_KERNELS = ['Tile'] as const;

/**
 * Registers the fixes above and the fast `Tile` of `wasm-tile.ts` for `wasm` (idempotent). Needs
 * `@tensorflow/tfjs-backend-cpu` (a dependency of this package), imported here so that only wasm users pay for it.
 * `selectBackend('wasm')` calls this.
 */
export async function registerWasmKernelFixes(): Promise<void> {
  if (registered) return;
  await import('@tensorflow/tfjs-backend-cpu');
  // Instantiate the cpu backend now (synchronous for cpu) so the delegates never trigger an init mid-kernel.
  if (!tf.findBackend('cpu')) throw new Error('the cpu backend could not be initialised for the wasm kernel fixes');
  for (const name of WASM_FIXED_KERNELS) {
    // Unregister first: re-registering logs a warning, and MaxPoolGrad (wrong) is registered by the backend.
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(delegateToCpu(name));
  }
  if (tf.getKernel('Tile', 'wasm')) tf.unregisterKernel('Tile', 'wasm');
  tf.registerKernel(wasmTileConfig);
  registered = true;
}
