import cliProgress from 'cli-progress';
import type { StudyEvent, StudyEventHandler } from './run/events.js';

/**
 * Turns study events into what a person watches: on a TTY a cli-progress bar (image passes done, rate, ETA,
 * current model/layer); otherwise one plain line per model, per ~10% of progress, and per warning (logs and CI).
 */
export function progressReporter(o: { tty: boolean; write?: (line: string) => void }): { onEvent: StudyEventHandler; stop(): void } {
  const write = o.write ?? ((l: string) => process.stderr.write(l + '\n'));
  let bar: cliProgress.SingleBar | undefined;
  let t0 = 0;
  let firstDone = 0;
  let lastDecile = -1;
  const rate = (done: number) => {
    const s = (Date.now() - t0) / 1000;
    return s > 0 ? ((done - firstDone) / s).toFixed(1) : '0.0';
  };
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const onEvent = (e: StudyEvent): void => {
    switch (e.type) {
      case 'start':
        write(`study → ${e.outDir}${e.resumed ? ` (resuming: ${e.rowsBefore} rows already there)` : ''}`);
        t0 = Date.now();
        break;
      case 'model':
        if (!bar) write(`model ${e.model} on ${e.backend}, layers ${e.layers.join(', ')}`);
        break;
      case 'selection':
        if (!bar) write(`${e.model}: ${e.selected}/${e.requested} images (${e.examined} examined)`);
        break;
      case 'progress': {
        if (e.skipped) {
          // Batches already done in an earlier run are not work of this one: the rate counts from after them.
          firstDone = e.done;
          t0 = Date.now();
        }
        if (o.tty) {
          if (!bar) {
            bar = new cliProgress.SingleBar({ format: 'images {bar} {value}/{total} | {rate} img/s | ETA {eta_formatted} | {where}', etaBuffer: 20, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
            bar.start(e.total, e.done, { rate: '0.0', where: '' });
          }
          bar.setTotal(e.total);
          bar.update(e.done, { rate: rate(e.done), where: `${e.model} ${e.layer}` });
        } else {
          const decile = Math.floor((10 * e.done) / Math.max(e.total, 1));
          if (decile !== lastDecile) write(`${e.done}/${e.total} image passes (${rate(e.done)} img/s) ${e.model} ${e.layer}`);
          lastDecile = decile;
        }
        break;
      }
      case 'warning':
        if (bar) bar.stop();
        write(`warning: ${e.message}`);
        bar = undefined;
        break;
      case 'stopped':
        stop();
        write(`stopped: ${e.rows} rows in ${e.outDir}/results.jsonl; continue with --resume --out ${e.outDir}`);
        break;
      case 'done':
        stop();
        write(`done in ${(e.durationMs / 1000).toFixed(1)} s: ${e.rows} rows, outputs in ${e.outDir}`);
        break;
      default:
        break;
    }
  };
  return { onEvent, stop };
}
