/**
 * `@saliency/backend-webgpu`: registers TF.js's WebGPU backend, in Node through Dawn (the `webgpu` package). Both are
 * optional dependencies of this package, so only users who want WebGPU download them (Dawn is ~50 MB of native
 * binaries); `selectBackend('webgpu')` in `@saliency/adapters` calls {@link installWebGpu}. Nothing runs on import.
 */

/** The part of the `webgpu` package used here (its own types pull in `@webgpu/types` globals). */
interface Dawn {
  create(flags: string[]): unknown;
  globals: object;
}

/** Why WebGPU could not be installed, with what to install or check. */
export class WebGpuUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebGpuUnavailableError';
  }
}

// A variable specifier: TypeScript and bundlers leave `webgpu` alone (a native module, resolved at run time).
const DAWN = 'webgpu';

const firstLine = (e: unknown): string => String(e instanceof Error ? e.message : e).split('\n')[0]!;

/**
 * Makes `navigator.gpu` available and registers the `webgpu` TF.js backend (then `tf.setBackend('webgpu')` starts
 * it). In a browser `navigator.gpu` exists already; in Node, Dawn's `create([])` provides it and its `globals`
 * (GPUBufferUsage, ...) are copied onto `globalThis`, as TF.js's backend expects browser globals. Idempotent.
 * Throws {@link WebGpuUnavailableError} naming the missing package.
 */
export async function installWebGpu(): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (!g.navigator?.gpu) {
    let dawn: Dawn;
    try {
      dawn = (await import(/* @vite-ignore */ DAWN)) as Dawn;
    } catch (e) {
      throw new WebGpuUnavailableError(`the "webgpu" package (Dawn for Node) could not be loaded: ${firstLine(e)}; install it with npm i webgpu`, { cause: e });
    }
    Object.assign(globalThis, dawn.globals);
    // Node 21+ has a read-only `navigator` getter; defineProperty replaces it on every version.
    Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu: dawn.create([]) }, configurable: true, writable: true });
  }
  // TF.js's backend factory fails with "reading 'features' of null" when there is no adapter: say why instead.
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<unknown> } } }).navigator.gpu;
  if (!(await gpu.requestAdapter())) {
    throw new WebGpuUnavailableError('navigator.gpu.requestAdapter() found no GPU adapter (no GPU, or no Vulkan/Metal/D3D12 driver for it)');
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (e) {
    throw new WebGpuUnavailableError(`@tensorflow/tfjs-backend-webgpu could not be loaded: ${firstLine(e)}; install it with the same version as @tensorflow/tfjs-core`, { cause: e });
  }
}

/** The GPU's description as the WebGPU adapter reports it (vendor, architecture, device), or null. */
export async function webGpuAdapterInfo(): Promise<Record<string, string> | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<{ info?: object } | null> } } }).navigator?.gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter?.info) return null;
  const info: Record<string, string> = {};
  for (const key of ['vendor', 'architecture', 'device', 'description']) {
    const v = (adapter.info as Record<string, unknown>)[key];
    if (typeof v === 'string' && v) info[key] = v;
  }
  return info;
}
