import { cpus, platform, release, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly os: string;
  /** The WebGPU adapter (vendor, architecture, device), when the backend is webgpu. */
  readonly gpu?: Readonly<Record<string, string>>;
}

export function machineInfo(gpu?: Readonly<Record<string, string>> | null): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    ...(gpu ? { gpu } : {}),
  };
}

/** Node, TF.js and the bench's own version. */
export function versions(): Record<string, string> {
  return { node: process.versions.node, 'tfjs-core': tf.version_core, bench: '0.1.0' };
}
