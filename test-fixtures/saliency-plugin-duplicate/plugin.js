// Claims the same namespace and id as saliency-plugin-example: registering both must fail loudly.
export const plugin = {
  meta: { name: 'saliency-plugin-duplicate', version: '0.0.1', namespace: 'example', apiVersion: 1 },
  plugins: [{ kind: 'saliency-method', id: 'hi-res-cam', description: 'a clash', optionsSchema: { type: 'object', additionalProperties: false, properties: {} }, defaultOptions: {}, create: () => ({}) }],
};
