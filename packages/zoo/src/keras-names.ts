/**
 * Layer names follow Keras 2 (`tf.keras.applications`, TF ≤ 2.15) verbatim. tfjs-layers accepts `/` in layer
 * names (its name rule is `^[A-Za-z0-9][-A-Za-z0-9._/]*$`), so DenseNet-201's `conv1/conv`, `conv1/bn` and
 * `conv1/relu` keep their slash and no renaming is needed for Keras 2 names.
 *
 * Keras 3 forbids `/` in names and its DenseNet calls those three layers `conv1_conv`, `conv1_bn`,
 * `conv1_relu`; every other layer name of the architectures here is the same in Keras 2 and Keras 3.
 * This maps one of our (Keras 2) layer names to its Keras 3 name: every `/` becomes `_`.
 */
export function keras3LayerName(name: string): string {
  return name.replace(/\//g, '_');
}
