#!/usr/bin/env node
// bench/webrtc (issue 6's benchmark): N agents answer inbound calls in the browser
// softphone (one headless Chromium, one context per agent), so that up to N WebRTC calls
// (ICE-lite, DTLS-SRTP, PCMU) are held at once through Switchboard's media engine. It
// measures, per call, the caller's INVITE to the incoming-call card in the agent's page,
// and the Answer click to two-way audio in the pop-up's getStats; then the same answer
// flow with a plain-RTP desk phone (the peer, same server, same run). One table at the
// end; results.json in the work dir. Every process is stopped by PID. Never run in CI.
//
//   node bench/webrtc/run.mjs [--agents 10] [--stagger-ms 1500] [--ring-ms 1000]
//        [--hold-seconds 15] [--peer-calls 10] [--switchboard PATH] [--keep]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, TRUNK_IP, freePort } from '../../tests/browser/harness.mjs';
import { AgentBrowser, launchBrowser } from './agent_browser.mjs';
import { BenchServer } from './bench_server.mjs';
import { measureDeskPeer } from './desk_peer.mjs';
import { loadAverage, metricSamples, ms, processCpuMs, summary } from './measures.mjs';
import { Tracker, killTree, processTree, treeCpuMs } from './processes.mjs';
import { HOLD_CALLER, SippRun } from './sipp.mjs';
import { firstMessage } from './sipp_trace.mjs';

const { values: opts } = parseArgs({
  options: {
    agents: { type: 'string', default: '10' },
    'stagger-ms': { type: 'string', default: '1500' },
    'ring-ms': { type: 'string', default: '1000' },
    'hold-seconds': { type: 'string', default: '15' },
    'peer-calls': { type: 'string', default: '10' },
    'peer-hold-ms': { type: 'string', default: '1500' },
    'media-threads': { type: 'string', default: '1' },
    switchboard: { type: 'string', default: path.join(ROOT, 'build', 'bench', 'switchboard') },
    'web-root': { type: 'string', default: path.join(ROOT, 'web', 'dist') },
    'log-level': { type: 'string', default: 'warn' },
    keep: { type: 'boolean', default: false },
  },
});
const AGENTS = Number(opts.agents);
const STAGGER_MS = Number(opts['stagger-ms']);
const RING_MS = Number(opts['ring-ms']);
const HOLD_S = Number(opts['hold-seconds']);
const PEER_CALLS = Number(opts['peer-calls']);
const STEP_TIMEOUT_MS = 30_000;
const TARGET_CLICK_TO_AUDIO_MS = 300;
const METRICS = ['switchboard_calls_active', 'switchboard_media_legs', 'switchboard_rtp_packets_total',
  'switchboard_calls_total', 'switchboard_offers_total', 'switchboard_answer_seconds'];

const delay = (msec) => new Promise((resolve) => setTimeout(resolve, msec));
const callerNumber = (n) => `+1555987${String(n).padStart(4, '0')}`;
const log = (line) => process.stderr.write(`[${new Date().toISOString().slice(11, 23)}] ${line}\n`);

const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-webrtc-'));
const tracker = new Tracker(workdir);
const server = new BenchServer({ binary: opts.switchboard, workdir, webRoot: opts['web-root'], logLevel: opts['log-level'], mediaThreads: Number(opts['media-threads']) });
let chromium = null;
const agents = [];

// Each step on its own, so that one failing does not leave the others running.
async function cleanUp() {
  const attempt = async (what, step) => {
    try {
      await step();
    } catch (e) {
      log(`clean-up: ${what}: ${e.message ?? e}`);
    }
  };
  for (const agent of agents) await attempt(`agent ${agent.agent.n}'s context`, () => agent.browser?.close());
  if (chromium) {
    const tree = processTree(chromium.pid);
    await attempt('the browser', () => chromium.browser.close());
    await attempt('the browser server', () => chromium.server.close());
    killTree(tree.filter((pid) => fs.existsSync(`/proc/${pid}`)));
    chromium = null;
  }
  await attempt('SIPp processes', () => tracker.stopAll());
  await attempt('the server', () => server.stop());
}

process.on('SIGINT', () => {
  log('interrupted: stopping everything');
  cleanUp().finally(() => process.exit(130));
});

// One call: the caller dials agent `agent.n`'s number; the agent answers after RING_MS.
async function oneCall(agent, index) {
  await delay(index * STAGGER_MS);
  const caller = new SippRun(tracker, `caller-${String(agent.agent.n).padStart(2, '0')}`, HOLD_CALLER, {
    localIp: TRUNK_IP, localPort: await freePort(TRUNK_IP), mediaPort: await freePort(TRUNK_IP), remote: server.sipAddress,
    service: agent.agent.number, keys: { caller: callerNumber(agent.agent.n) }, timeoutS: 600,
  });
  const record = { agent: agent.agent.n, caller };
  try {
    await agent.ringing(STEP_TIMEOUT_MS);
    await delay(RING_MS);
    await agent.answer();
    const popup = await agent.twoWay(STEP_TIMEOUT_MS);
    record.callId = popup.callId;
    log(`agent ${agent.agent.n}: two-way audio`);
  } catch (e) {
    record.error = String(e.message ?? e).split('\n')[0];
    log(`agent ${agent.agent.n}: ${record.error}`);
  }
  return record;
}

async function packetsOf(calls) {
  return Promise.all(calls.map((c) => c.browser.packets(c.callId).catch(() => null)));
}

async function main() {
  log(`work dir ${workdir}; load average ${loadAverage()}`);
  await server.start();
  await server.configure();
  for (let n = 1; n <= AGENTS + 1; n++) agents.push({ agent: await server.addAgent(n) });
  const desk = agents.pop().agent; // the last one answers on a desk phone (the peer)
  chromium = await launchBrowser();
  for (const a of agents) {
    a.browser = await new AgentBrowser(chromium.browser, server.apiUrl, a.agent).open();
    log(`agent ${a.agent.n} signed in, phone Ready, available`);
  }
  const browsers = agents.map((a) => a.browser);
  const loadBefore = loadAverage();

  const started = Date.now();
  const records = await Promise.all(browsers.map((b, i) => oneCall(b, i)));
  const connected = records.filter((r) => r.callId).map((r) => ({ ...r, browser: browsers[r.agent - 1] }));
  log(`${connected.length} of ${records.length} calls two-way after ${((Date.now() - started) / 1000).toFixed(1)} s; holding ${HOLD_S} s`);

  // The hold: every call connected at once; CPU, counters and packets over HOLD_S.
  const chromiumPids = processTree(chromium.pid);
  const metricsBefore = metricSamples(await server.metrics(), METRICS);
  const packetsBefore = await packetsOf(connected);
  const serverCpu0 = processCpuMs(server.pid);
  const chromiumCpu0 = treeCpuMs(chromiumPids);
  const hold0 = performance.now();
  await delay(HOLD_S * 1000);
  const holdMs = performance.now() - hold0;
  const serverCpu1 = processCpuMs(server.pid);
  const chromiumCpu1 = treeCpuMs(chromiumPids);
  const packetsAfter = await packetsOf(connected);
  const metricsAfter = metricSamples(await server.metrics(), METRICS);
  const loadDuring = loadAverage();
  const flowing = connected.filter((c, i) => packetsBefore[i] && packetsAfter[i]
    && packetsAfter[i].packetsSent > packetsBefore[i].packetsSent && packetsAfter[i].packetsReceived > packetsBefore[i].packetsReceived).length;
  let chromiumCpuMs = 0;
  for (const [pid, cpu] of chromiumCpu1) chromiumCpuMs += Math.max(0, cpu - (chromiumCpu0.get(pid) ?? 0));

  // Per-call stamps, read before the calls end.
  for (const r of records) {
    const b = browsers[r.agent - 1];
    r.page = await b.pageStamps();
    const popup = await b.popupRecord();
    r.popup = r.callId ? popup.calls[r.callId] : Object.values(popup.calls)[0];
    r.maxPollGap = r.popup?.maxPollGap;
  }
  for (const c of connected) await server.endCall(c.callId).catch((e) => log(`end ${c.callId}: ${e.message}`));
  // A caller whose call never connected is stopped (its exit code is then not 0).
  for (const r of records) r.callerExit = r.callId ? await r.caller.wait(30_000).catch(() => null) : await r.caller.process.stop();

  log(`desk-phone peer: ${PEER_CALLS} calls`);
  const peer = PEER_CALLS > 0 ? await measureDeskPeer({
    server, tracker, agent: desk, calls: PEER_CALLS, holdMs: Number(opts['peer-hold-ms']), callerNumber: (k) => callerNumber(500 + k),
  }) : [];

  // Caller traces: the INVITE leaving SIPp and the 200 OK reaching it.
  for (const r of records) {
    const trace = r.caller.trace();
    const invite = firstMessage(trace, 'sent', /^INVITE /);
    const ok = firstMessage(trace, 'received', /^SIP\/2\.0 200/);
    const p = r.popup ?? {};
    const since = (from, to) => (from != null && to != null ? to - from : NaN);
    r.inviteToCard = since(invite?.at, r.page.cardAt);
    r.inviteToAnswerable = since(invite?.at, r.page.enabledAt);
    r.inviteToPopup = since(invite?.at, p.seenAt);
    r.clickToAnswering = since(r.page.clickAt, p.answeringAt);
    r.clickToCallerOk = since(r.page.clickAt, ok?.at);
    r.clickToLocalAnswer = since(r.page.clickAt, p.localAnswerAt);
    r.clickToGathered = since(r.page.clickAt, p.gatheredAt);
    r.clickToAccepted = since(r.page.clickAt, p.acceptedAt);
    r.clickToDtls = since(r.page.clickAt, p.dtlsAt);
    r.clickToFirstReceived = since(r.page.clickAt, p.firstReceivedAt);
    r.clickToUnmuted = since(r.page.clickAt, p.unmutedAt);
    r.clickToFirstSent = since(r.page.clickAt, p.firstSentAt);
    r.clickToTwoWay = since(r.page.clickAt, p.twoWayAt);
    r.inviteToOk = since(invite?.at, ok?.at);
    delete r.caller;
  }

  const rows = [
    ['browser', 'INVITE sent (SIPp) → card in the page (MutationObserver)', records.map((r) => r.inviteToCard)],
    ['browser', 'INVITE sent → the pop-up\'s phone has the call (10 ms poll)', records.map((r) => r.inviteToPopup)],
    ['browser', 'INVITE sent → card\'s Answer enabled (pop-up ringing)', records.map((r) => r.inviteToAnswerable)],
    ['browser', `**click → two-way audio** (getStats, target < ${TARGET_CLICK_TO_AUDIO_MS} ms)`, records.map((r) => r.clickToTwoWay)],
    ['browser', 'click → pop-up starts answering (10 ms poll)', records.map((r) => r.clickToAnswering)],
    ['browser', 'click → local answer set (signalingState "stable", event)', records.map((r) => r.clickToLocalAnswer)],
    ['browser', 'click → ICE gathering complete (event)', records.map((r) => r.clickToGathered)],
    ['browser', 'click → pop-up sends its 200 OK (JsSIP "accepted", Date.now())', records.map((r) => r.clickToAccepted)],
    ['browser', 'click → caller gets 200 OK (SIPp)', records.map((r) => r.clickToCallerOk)],
    ['browser', 'click → peer connection "connected" (ICE + DTLS)', records.map((r) => r.clickToDtls)],
    ['browser', 'click → first packet sent (outbound-rtp)', records.map((r) => r.clickToFirstSent)],
    ['browser', 'click → first packet received (inbound-rtp)', records.map((r) => r.clickToFirstReceived)],
    ['browser', 'click → remote track unmuted (first RTP in, event)', records.map((r) => r.clickToUnmuted)],
    ['browser', `caller's INVITE → 200 OK (includes the ${RING_MS} ms ring and Playwright's click)`, records.map((r) => r.inviteToOk)],
    ['desk phone', 'answer (200 sent) → caller gets 200 OK', peer.map((p) => p.answerToCallerOk)],
    ['desk phone', 'answer (200 sent) → first RTP from the engine', peer.map((p) => p.answerToFirstRtp)],
    ['desk phone', 'caller\'s INVITE → 200 OK (answers at once)', peer.map((p) => p.inviteToOk)],
  ];
  const table = ['| answered on | measure | calls | p50 | p95 | max |', '|---|---|---:|---:|---:|---:|'];
  for (const [who, what, values] of rows) {
    const s = summary(values);
    table.push(`| ${who} | ${what} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`);
  }
  const twoWay = summary(records.map((r) => r.clickToTwoWay));
  const deskRtp = summary(peer.map((p) => p.answerToFirstRtp));
  const delta = (key) => (metricsAfter[key] ?? NaN) - (metricsBefore[key] ?? NaN);
  const rtpDuringHold = Object.keys(metricsAfter).filter((k) => k.startsWith('switchboard_rtp_packets_total'))
    .map((k) => `${k.replace('switchboard_rtp_packets_total', '')} +${delta(k)}`).join(', ');
  const lines = [
    table.join('\n'),
    '',
    `calls: ${records.length} offered, ${connected.length} two-way, ${flowing} still flowing both ways through the ${HOLD_S} s hold; `
      + `at the hold: switchboard_calls_active ${metricsBefore.switchboard_calls_active}, switchboard_media_legs ${metricsBefore.switchboard_media_legs}`,
    `server CPU over the hold: ${((serverCpu1 - serverCpu0) / holdMs * 100).toFixed(1)}% of a core `
      + `(${((serverCpu1 - serverCpu0) / holdMs * 100 / Math.max(1, connected.length)).toFixed(2)}% per call; /proc/${server.pid}/stat, 10 ms ticks); `
      + `Chromium (${chromiumPids.length} processes): ${(chromiumCpuMs / holdMs * 100).toFixed(0)}% of a core`,
    `RTP packets through the engine during the hold: ${rtpDuringHold || 'n/a'}`,
    `click → two-way p95 ${ms(twoWay.p95)}: ${twoWay.p95 < TARGET_CLICK_TO_AUDIO_MS ? 'meets' : 'misses'} the ${TARGET_CLICK_TO_AUDIO_MS} ms target; `
      + `browser / desk phone (first packet from the engine, p50): ${(summary(records.map((r) => r.clickToFirstReceived)).p50 / deskRtp.p50).toFixed(1)}×`,
    `pop-up probe: longest gap between getStats polls while a call was being answered ${ms(Math.max(...records.map((r) => r.maxPollGap ?? NaN)))}; `
      + `caller exits: ${records.map((r) => r.callerExit).join(',')}; desk caller exits: ${peer.map((p) => p.callerExit).join(',')}`,
    `load average: ${loadBefore} before the calls, ${loadDuring} at the end of the hold`,
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  fs.writeFileSync(path.join(workdir, 'results.json'), JSON.stringify({
    options: opts, records, peer, metricsBefore, metricsAfter, serverCpuMs: serverCpu1 - serverCpu0, chromiumCpuMs, holdMs, loadBefore, loadDuring,
  }, null, 2));
  fs.writeFileSync(path.join(workdir, 'table.md'), `${report}\n`);
  const failures = records.filter((r) => r.error);
  if (failures.length) process.exitCode = 1;
}

try {
  await main();
} catch (e) {
  process.exitCode = 1;
  log(`failed: ${e.stack ?? e}`);
  for (const p of tracker.processes.concat(server.process ? [server.process] : [])) if (!p.alive() || p.name === 'switchboard') log(p.excerpt(15));
} finally {
  await cleanUp();
  const saved = path.join(ROOT, 'build', 'bench', 'webrtc', new Date().toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(saved, { recursive: true });
  for (const f of ['results.json', 'table.md']) if (fs.existsSync(path.join(workdir, f))) fs.copyFileSync(path.join(workdir, f), path.join(saved, f));
  log(`results in ${saved}`);
  if (opts.keep || process.exitCode) log(`work dir kept: ${workdir}`);
  else fs.rmSync(workdir, { recursive: true, force: true });
}
