// Small numeric helpers for the report: percentiles over a list of milliseconds, and
// CPU time of a process from /proc/<pid>/stat (utime + stime, clock ticks of 10 ms).
import fs from 'node:fs';

export function percentile(values, p) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summary(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  return { n: finite.length, p50: percentile(finite, 50), p95: percentile(finite, 95), max: finite.length ? Math.max(...finite) : NaN };
}

export function ms(value) {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a';
}

export const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

// utime + stime of `pid` in milliseconds (fields 14 and 15 of /proc/<pid>/stat).
export function processCpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

export function loadAverage() {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

// Samples of selected Prometheus series from /metrics text: name{labels} -> value.
export function metricSamples(text, prefixes) {
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const key = line.slice(0, space);
    if (prefixes.some((p) => key.startsWith(p)) && !key.includes('_bucket')) out[key] = Number(line.slice(space + 1));
  }
  return out;
}
