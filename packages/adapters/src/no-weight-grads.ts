import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Kernels that only ever compute the gradient of a weight (a filter), never of an activation. Fused convolutions
 * (conv + bias with a linear activation, what every conv → BatchNorm layer runs) differentiate through `customGrad`,
 * which always computes the filter gradient even when only dA is wanted: on wasm that is 99% of a ResNet-18
 * backward pass (61 s → 0.5 s without it, identical dA; see TFJS-FACTS). Bias gradients are plain `Sum`s and the
 * dense weight gradient a `BatchMatMul` shared with the input gradient, so those stay (and are cheap).
 */
export const WEIGHT_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'Conv3DBackpropFilterV2', 'DepthwiseConv2dNativeBackpropFilter'] as const;

function zeros(backend: unknown, backendName: string, shape: number[]): TensorInfo {
  // `Fill` exists on every backend (cpu, wasm, webgl, webgpu, tensorflow) and allocates on the device.
  const fill = tf.getKernel('Fill', backendName);
  if (fill) return fill.kernelFunc({ inputs: {}, backend: backend as KernelBackend, attrs: { shape, value: 0, dtype: 'float32' } }) as TensorInfo;
  const b = backend as { makeTensorInfo?: (s: number[], d: tf.DataType, v: Float32Array) => TensorInfo };
  if (!b.makeTensorInfo) throw new Error(`withoutWeightGradients: backend "${backendName}" has neither a Fill kernel nor makeTensorInfo`);
  return b.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape)));
}

function zeroKernel(kernelName: string, backendName: string): KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ backend, attrs }) => zeros(backend, backendName, [...((attrs as { filterShape: number[] }).filterShape)]),
  };
}

let active: string | null = null;

/**
 * Runs `fn` with the weight-gradient kernels of the active backend replaced by zero fills of the right shape, and
 * restores the previous kernels afterwards, also when `fn` throws. Gradients with respect to activations are
 * unchanged; gradients with respect to filters computed inside are zeros. Nested calls on the same backend run
 * inside the outer scope. `fn` must be synchronous: the kernels are restored when it returns.
 */
export function withoutWeightGradients<T>(fn: () => T): T {
  const backendName = tf.getBackend();
  if (active === backendName) return fn();
  const saved = WEIGHT_GRADIENT_KERNELS.map((k) => tf.getKernel(k, backendName));
  const swap = (configs: readonly (KernelConfig | undefined)[]): void => {
    WEIGHT_GRADIENT_KERNELS.forEach((k, i) => {
      // Unregister first: registering over an existing kernel logs a warning on every call.
      if (tf.getKernel(k, backendName)) tf.unregisterKernel(k, backendName);
      const c = configs[i];
      if (c) tf.registerKernel(c);
    });
  };
  const previous = active;
  swap(WEIGHT_GRADIENT_KERNELS.map((k) => zeroKernel(k, backendName)));
  active = backendName;
  try {
    return fn();
  } finally {
    swap(saved);
    active = previous;
  }
}

/** True while {@link withoutWeightGradients} is in effect on the active backend. */
export function weightGradientsDisabled(): boolean {
  return active !== null && active === tf.getBackend();
}
