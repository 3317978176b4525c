// bench/webrtc's peer in the same run: the same inbound call answered by a plain-RTP SIP
// desk phone instead of the browser. The desk is SIPp running agent_answer_at_once.xml
// (200 OK with PCMU SDP as soon as the INVITE is read), registered with
// tests/browser/register_phone.py; its SDP names a UDP port that this module listens on,
// so the first RTP packet the engine sends to the desk is stamped here (node, wall clock).
// Calls are one after another; each caller plays audio for `holdMs` and hangs up.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import path from 'node:path';
import { HERE as BROWSER_TESTS, TRUNK_IP, SERVER_IP, freePort, HarnessError } from '../../tests/browser/harness.mjs';
import { BRIEF_CALLER, DESK_ANSWER, SippRun } from './sipp.mjs';
import { firstMessage } from './sipp_trace.mjs';

const nowMs = () => performance.timeOrigin + performance.now();

function register(server, port, username, password, workdir) {
  return new Promise((resolve, reject) => {
    execFile('python3', [path.join(BROWSER_TESTS, 'register_phone.py'), server.sipAddress, String(port), username, password, workdir],
      { timeout: 20_000 }, (error, stdout, stderr) => (error ? reject(new HarnessError(`REGISTER ${username}: ${stdout}${stderr}`)) : resolve()));
  });
}

async function rtpListener() {
  const socket = dgram.createSocket('udp4');
  const arrivals = [];
  socket.on('message', () => arrivals.push(nowMs()));
  const port = await freePort(SERVER_IP);
  await new Promise((resolve) => socket.bind({ address: SERVER_IP, port }, resolve));
  return { socket, port, arrivals };
}

export async function measureDeskPeer({ server, tracker, agent, calls, holdMs, callerNumber }) {
  const username = `desk-bench-${agent.n}`;
  const password = randomBytes(12).toString('hex');
  await server.addDevice(agent.id, username, password);
  const sipPort = await freePort(SERVER_IP);
  await register(server, sipPort, username, password, tracker.workdir);
  await server.request('PUT', `/api/v1/users/${agent.id}/availability`, { available: true, reason: '' });
  const rtp = await rtpListener();
  try {
    const desk = new SippRun(tracker, 'desk-phone', DESK_ANSWER, {
      localIp: SERVER_IP, localPort: sipPort, calls, keys: { sdp_port: rtp.port }, timeoutS: 60 + calls * 20,
    });
    const callers = [];
    for (let k = 1; k <= calls; k++) {
      const caller = new SippRun(tracker, `desk-caller-${String(k).padStart(2, '0')}`, BRIEF_CALLER, {
        localIp: TRUNK_IP, localPort: await freePort(TRUNK_IP), mediaPort: await freePort(TRUNK_IP), remote: server.sipAddress,
        service: agent.number, keys: { caller: callerNumber(k) }, pauseMs: holdMs, timeoutS: 30,
      });
      const code = await caller.wait(45_000);
      callers.push({ caller, code });
    }
    const deskCode = await desk.wait(20_000).catch(() => null);
    const deskTrace = desk.trace();
    return callers.map(({ caller, code }, i) => {
      const trace = caller.trace();
      const invite = firstMessage(trace, 'sent', /^INVITE /);
      const ok = firstMessage(trace, 'received', /^SIP\/2\.0 200/);
      const deskInvite = invite ? firstMessage(deskTrace, 'received', /^INVITE /, invite.at) : null;
      const deskOk = deskInvite ? firstMessage(deskTrace, 'sent', /^SIP\/2\.0 200/, deskInvite.at) : null;
      const firstRtp = deskOk ? rtp.arrivals.find((at) => at >= deskOk.at) : undefined;
      return {
        call: i + 1,
        callerExit: code,
        deskExit: deskCode,
        inviteToOk: invite && ok ? ok.at - invite.at : NaN,
        answerToCallerOk: deskOk && ok ? ok.at - deskOk.at : NaN,
        answerToFirstRtp: deskOk && firstRtp !== undefined ? firstRtp - deskOk.at : NaN,
      };
    });
  } finally {
    rtp.socket.close();
  }
}
