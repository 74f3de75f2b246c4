// "minimum" must be a number: ajv refuses to compile this schema.
export const plugin = {
  meta: { name: 'saliency-plugin-bad-schema', version: '0.0.1', namespace: 'badschema', apiVersion: 1 },
  plugins: [{ kind: 'metric', id: 'broken', description: 'schema does not compile', scoreDirection: 'higher', category: 'faithfulness', inputs: ['maps'],
    optionsSchema: { type: 'object', additionalProperties: false, properties: { k: { type: 'number', minimum: 'zero' } } }, defaultOptions: {}, create: () => ({}) }],
};
