// Keras's ConvNeXt layer names, enumerated from keras/applications/convnext.py for the tests (not a test file).
export function kerasConvNeXtNames(prefix: string, depths: number[]): { top: string[]; nested: Record<string, string[]> } {
  const top = ['input_1', `${prefix}_prestem_normalization`, `${prefix}_stem`];
  const nested: Record<string, string[]> = { [`${prefix}_stem`]: [`${prefix}_stem_conv`, `${prefix}_stem_layernorm`] };
  depths.forEach((depth, s) => {
    if (s > 0) {
      const ds = `${prefix}_downsampling_block_${s - 1}`;
      top.push(ds);
      nested[ds] = [`${prefix}_downsampling_layernorm_${s - 1}`, `${prefix}_downsampling_conv_${s - 1}`];
    }
    for (let b = 0; b < depth; b++) {
      const p = `${prefix}_stage_${s}_block_${b}`;
      // Keras's seven named layers, plus `_add`: our name for Keras's unnamed `inputs + x` op.
      top.push(...['depthwise_conv', 'layernorm', 'pointwise_conv_1', 'gelu', 'pointwise_conv_2', 'layer_scale', 'identity', 'add'].map((n) => `${p}_${n}`));
    }
  });
  top.push(`${prefix}_head_gap`, `${prefix}_head_layernorm`, `${prefix}_head_dense`);
  return { top: top.sort(), nested };
}
