export const plugin = {
  meta: { name: 'saliency-plugin-malformed', version: '0.0.1', namespace: 'malformed', apiVersion: 1 },
  plugins: [{ kind: 'saliency-method', id: 'Not_Kebab', description: 'bad id', optionsSchema: { type: 'object', additionalProperties: false }, defaultOptions: {} }],
};
