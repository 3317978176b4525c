// bench/webrtc: the processes a run starts, tracked so that every one is stopped by its
// PID (SIGTERM, then SIGKILL) at the end, on failure and on Ctrl-C; and CPU time of a
// process tree (Chromium's browser, renderer, GPU and utility processes) from /proc.
import fs from 'node:fs';
import { processCpuMs } from './measures.mjs';

export class Tracker {
  constructor(workdir) {
    this.workdir = workdir;
    this.processes = [];
  }

  track(process) {
    this.processes.push(process);
    return process;
  }

  // Peers first, in reverse order of start.
  async stopAll() {
    for (const process of [...this.processes].reverse()) await process.stop().catch(() => {});
  }
}

function parentOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

// `root` and every process below it.
export function processTree(root) {
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) if (/^\d+$/.test(entry)) parents.set(Number(entry), parentOf(Number(entry)));
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree;
}

// CPU of a set of processes; one that ended since is counted as 0 (its time is lost).
export function treeCpuMs(pids) {
  const out = new Map();
  for (const pid of pids) {
    try {
      out.set(pid, processCpuMs(pid));
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

// Kills by PID what is left of a process tree (the browser after a failed close).
export function killTree(pids) {
  for (const pid of [...pids].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
