/**
 * Ranking helpers shared by the signed-rank statistics.
 */

/**
 * Average ranks (1-based, ties get the mean of the ranks they span) = `scipy.stats.rankdata(a, method='average')`
 * (scipy 1.10.1). NaN must be excluded by the caller; −0 and +0 tie, as in numpy comparisons.
 */
export function rankAverage(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // positions i..j-1 (0-based) share the average of ranks i+1..j
    const avg = 0.5 * (i + 1 + j);
    for (let k = i; k < j; k++) ranks[order[k]] = avg;
    i = j;
  }
  return ranks;
}

/**
 * Sizes of the groups of equal values that occur more than once = the `counts` of `scipy.stats.find_repeats(a)`
 * (scipy 1.10.1), in ascending order of the repeated value.
 */
export function tieGroupSizes(values: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(values).sort();
  const sizes: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > 1) sizes.push(j - i);
    i = j;
  }
  return sizes;
}
