import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory. On Linux the kernel keeps the high-water mark (`VmHWM`), which `clear_refs` = 5 resets to
 * the current RSS, so each case gets its own peak even while the event loop is blocked inside a long kernel (a
 * sampling timer would not run then). Elsewhere the process-lifetime peak of `resourceUsage().maxRSS` is reported.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak RSS in MB since the last successful {@link resetPeakRss} (or since the process started). */
export function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // Not Linux: fall through to the lifetime peak.
  }
  return process.resourceUsage().maxRSS / 1024;
}
