// bench/webrtc: SIPp processes (callers on the trunk address, the desk phone's UAS),
// each on its own port with its messages traced (-trace_msg, wall-clock timestamps)
// and tracked for stopping by PID.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Process } from '../../tests/browser/harness.mjs';
import { readTrace } from './sipp_trace.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SCENARIOS = path.join(HERE, '..', '..', 'tests', 'e2e', 'scenarios');

export class SippRun {
  // `scenario`: an absolute path. `keys`: -key values. `mediaPort`: -mi/-mp for pcap play.
  constructor(tracker, name, scenario, { localIp, localPort, remote, service, keys = {}, calls = 1, pauseMs = 0, timeoutS, mediaPort }) {
    this.name = name;
    this.messageFile = path.join(tracker.workdir, `${name}.messages`);
    this.errorFile = path.join(tracker.workdir, `${name}.errors`);
    const argv = ['sipp', '-sf', scenario, '-i', localIp, '-p', String(localPort), '-t', 'u1', '-bind_local', '-nostdin',
      '-m', String(calls), '-d', String(pauseMs), '-timeout', `${timeoutS}s`, '-timeout_error',
      '-trace_err', '-error_file', this.errorFile, '-trace_msg', '-message_file', this.messageFile];
    if (service) argv.push('-s', service);
    if (mediaPort) argv.push('-mi', localIp, '-mp', String(mediaPort));
    for (const [key, value] of Object.entries(keys)) argv.push('-key', key, String(value));
    if (remote) argv.push(remote);
    this.process = tracker.track(new Process(name, argv, { workdir: tracker.workdir }));
  }

  trace() {
    return readTrace(this.messageFile);
  }

  wait(timeoutMs) {
    return this.process.wait(timeoutMs);
  }
}

export const HOLD_CALLER = path.join(HERE, 'caller_hold.xml');
export const BRIEF_CALLER = path.join(HERE, 'caller_brief.xml');
export const DESK_ANSWER = path.join(SCENARIOS, 'agent_answer_at_once.xml');
