import type { Command } from 'commander';
import { loadModel } from '@saliency/adapters/node';
import { resolveModelArg } from '../model-arg.js';
import { createContext, useBackend, type GlobalOptions } from '../context.js';
import { printTable } from '../output.js';

/** `saliency inspect --model <model.json> [--json]`: layers, shapes, sensible CAM targets, softmax output. */
export function registerInspectCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('inspect')
    .description('list a model\'s layers with output shapes and the layers a CAM is usually computed on')
    .requiredOption('-m, --model <model.json|zoo:id>', 'TF.js model (layers-model or graph-model) on disk, or a shipped zoo model, e.g. zoo:resnet_mini')
    .option('--json', 'print JSON')
    .action(async (o: { model: string; json?: boolean }) => {
      const ctx = await createContext({ ...globals(), discovery: false });
      const backend = await useBackend(globals(), ctx.logger);
      const adapter = await loadModel((await resolveModelArg(o.model)).path);
      try {
        const suggested = adapter.suggestedLayers();
        const layers = adapter.layers().map((l) => ({ ...l, camTarget: suggested.includes(l.name) }));
        if (o.json) {
          process.stdout.write(JSON.stringify({ meta: adapter.meta, backend, suggestedLayers: suggested, layers }, null, 2) + '\n');
          return;
        }
        const m = adapter.meta;
        process.stdout.write(
          `model ${m.id} (${m.format}) from ${m.source ?? 'memory'}\n` +
            `input [${m.inputShape.join(', ')}], ${m.numClasses} classes, output ${m.outputActivation === 'softmax' ? 'softmax (logits recovered)' : 'logits'}\n` +
            `suggested CAM layers: ${suggested.join(', ') || '(none: no spatial layer)'}\n\n`,
        );
        printTable(
          ['layer', 'class', 'output shape', 'spatial', 'CAM target'],
          layers.map((l) => [l.name, l.className, `[${l.outputShape.map((d) => d ?? 'null').join(', ')}]`, l.spatial ? 'yes' : '', l.camTarget ? `#${suggested.indexOf(l.name) + 1}` : '']),
        );
      } finally {
        adapter.dispose();
      }
    });
}
