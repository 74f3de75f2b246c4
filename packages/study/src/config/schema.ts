/**
 * The JSON Schema of a study config (JSON, YAML or an object built in code). Every object is closed
 * (`additionalProperties: false`), so a misspelt key is an error rather than a silently ignored setting.
 * Plugin options are checked later against each plugin's own schema, by the registry.
 */
/**
 * Names, ids, layers and paths: no control characters (a newline in a layer name is a typo, and it would break the
 * one-line errors that quote the value). {@link NO_CONTROL} is matched by the error formatter to say so in words.
 */
export const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f]*$';
const text = { type: 'string', minLength: 1, pattern: NO_CONTROL };
const pluginRef = {
  anyOf: [
    text,
    { type: 'array', minItems: 1, maxItems: 2, items: [text, { type: 'object' }], additionalItems: false },
  ],
};
const triple = { type: 'array', minItems: 3, maxItems: 3, items: { type: 'number' } };
const positiveTriple = { type: 'array', minItems: 3, maxItems: 3, items: { type: 'number', exclusiveMinimum: 0 } };
const size = { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 1 } };
const percent = { type: 'number', exclusiveMinimum: 0, maximum: 100 };
const tieOrder = { enum: ['value-then-index', 'numpy'] };
const backend = { enum: ['auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'] };
const off = { const: false };
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });

const preprocessing = {
  anyOf: [
    { enum: ['imagenet', 'cifar100', 'unit'] },
    closed({
      resizeShortSide: { type: 'integer', minimum: 1 },
      crop: size,
      size,
      antialias: { type: 'boolean' },
      scale: { type: 'number', exclusiveMinimum: 0 },
      mean: triple,
      std: positiveTriple,
    }),
  ],
};

const model = closed({
  zoo: text,
  path: text,
  id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
  layers: { type: 'array', minItems: 1, items: text, uniqueItems: true },
  preprocessing,
  backend,
  confusionMatrix: text,
});

export const studySchema = closed(
  {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    parity: { enum: ['default', 'reference-code'] },
    backend,
    models: { type: 'array', minItems: 1, items: model },
    dataset: closed({ source: pluginRef }, ['source']),
    sampling: closed({
      images: { type: 'integer', minimum: 1 },
      correctOnly: { type: 'boolean' },
      calibration: { type: 'integer', minimum: 0 },
      batchSize: { type: 'integer', minimum: 1, maximum: 1024 },
    }),
    methods: { type: 'array', minItems: 1, items: pluginRef },
    contrast: closed({
      selector: pluginRef,
      k: { type: 'integer', minimum: 1 },
      order: { enum: ['count-then-index', 'numpy'] },
    }),
    metrics: closed({
      agreement: { anyOf: [off, closed({ kPercent: percent, tieOrder })] },
      confidenceDrop: {
        anyOf: [off, closed({ kPercent: percent, replacement: { enum: ['zero', 'blur'] }, tieOrder, legacyTransposedMask: { type: 'boolean' }, reference: text })],
      },
      channelActivity: {
        anyOf: [off, closed({ tau: { type: 'number' }, extraTaus: { type: 'array', items: { type: 'number' }, uniqueItems: true }, topChannels: { type: 'integer', minimum: 1 } })],
      },
      groundTruth: { anyOf: [off, closed({ metric: text, options: { type: 'object' }, contrast: { enum: ['selector', 'designed'] } })] },
    }),
    statistics: closed({
      threshold: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
      alternative: { enum: ['less', 'greater', 'two-sided'] },
      correction: { enum: ['holm', 'none'] },
      alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      confidenceLevel: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      roundBeforeTests: { type: 'boolean' },
    }),
    outputs: closed({ gridImages: { type: 'integer', minimum: 0, maximum: 32 }, report: { type: 'boolean' } }),
    plugins: closed({ discovery: { type: 'boolean' } }),
  },
  ['models', 'dataset', 'methods'],
);
