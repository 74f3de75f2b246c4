import { StatsInputError } from './errors.js';

/**
 * Not a scipy function: `numpy.linspace(start, stop, num, endpoint=endpoint)` (numpy 1.24, as seaborn calls it): `y[i] = i * step + start` with
 * `step = (stop - start) / div`, `div = num - 1` (or `num` without the endpoint), and the last value set to
 * `stop` exactly when the endpoint is included. A zero step falls back to `(i / div) * delta + start`, as numpy does.
 */
export function linspace(start: number, stop: number, num = 50, endpoint = true): Float64Array {
  if (!Number.isInteger(num) || num < 0) {
    throw new StatsInputError(`linspace: num must be a non-negative integer, got ${num}`, { fn: 'linspace' });
  }
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new StatsInputError(`linspace: start and stop must be finite, got ${start} and ${stop}`, { fn: 'linspace' });
  }
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    if (step === 0) {
      for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    } else {
      for (let i = 0; i < num; i++) out[i] = i * step + start;
    }
  } else {
    // numpy: step is NaN when div == 0; only num == 1 with endpoint reaches here, giving [start].
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}
