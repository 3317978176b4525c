// Answering in the browser softphone (issue 6, R-16, R-26): Chromium (fake microphone)
// registers over SIP/WebSocket, Switchboard rings it with a WebRTC offer (ICE-lite,
// DTLS-SRTP, rtcp-mux), the agent answers from the notification, and audio flows both
// ways through Switchboard's media engine: the browser's getStats counts packets sent
// and received, and the call's stereo recording has the caller's speech on the left and
// the browser's tone on the right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, TRUNK_IP, freePort, waitFor } from './harness.mjs';
import { ALICE_NUMBER, provisionTeam } from './fixtures.mjs';

// Root mean square of each channel of a 16-bit stereo WAV, over its data chunk.
function channelLevels(wav) {
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'data') {
      const sums = [0, 0];
      const end = Math.min(wav.length, offset + 8 + size);
      let frames = 0;
      for (let at = offset + 8; at + 4 <= end; at += 4, ++frames) {
        sums[0] += wav.readInt16LE(at) ** 2;
        sums[1] += wav.readInt16LE(at + 2) ** 2;
      }
      return sums.map((sum) => Math.sqrt(sum / Math.max(frames, 1)));
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk in the recording');
}

test('the agent answers in the browser softphone and audio flows both ways', async (t) => {
  const harness = new Harness('softphone');
  t.after(() => harness.close({ keepWorkdir: process.env.SB_KEEP_WORKDIR === '1' }));
  await harness.start();
  const team = await provisionTeam(harness);
  const page = await harness.signIn(team.alice);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open phone' }).click()]);
  await popup.getByText('Ready').waitFor({ timeout: 15_000 });
  const toggle = page.getByRole('switch');
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();

  const caller = harness.call(ALICE_NUMBER, { scenario: 'trunk_caller_audio.xml', mediaPort: await freePort(TRUNK_IP) });
  const card = page.getByRole('alertdialog');
  // While it rings, the pop-up already holds the microphone, so answering does not wait
  // for getUserMedia (bench/webrtc); the stream is kept here to follow it to the end.
  const ringing = await waitFor(() => popup.evaluate(async () => {
    const line = [...(window.switchboardPhone?.lines?.values() ?? [])][0];
    const stream = line?.call.state === 'ringing' ? await line.microphone : null;
    if (!stream) return null;
    window.ringingMicrophone = stream;
    return stream.getAudioTracks().map((track) => track.readyState);
  }), 15_000, 'the microphone opened while the call rings');
  assert.deepEqual(ringing, ['live']);
  await card.getByRole('button', { name: 'Answer' }).click({ timeout: 15_000 });
  await page.waitForURL('**/app/leads/*', { timeout: 15_000 });
  const callId = new URL(page.url()).searchParams.get('call');
  const sent = await waitFor(() => popup.evaluate(() => {
    const line = [...window.switchboardPhone.lines.values()][0];
    const track = line?.session.connection?.getSenders().find((s) => s.track)?.track;
    return track ? track.id === window.ringingMicrophone.getAudioTracks()[0].id : null;
  }), 15_000, 'the answer to send a track');
  assert.ok(sent, 'the answer sends the microphone opened while ringing');
  await harness.screenshot(popup, 'softphone-in-call');
  const stats = await waitFor(async () => {
    const s = await popup.evaluate((id) => window.switchboardPhone?.mediaStats(id), callId);
    return s && s.packetsSent > 100 && s.packetsReceived > 100 ? s : null;
  }, 15_000, 'RTP both ways in the browser (getStats)');
  assert.ok(stats.packetsReceived > 100, `the browser received ${stats.packetsReceived} packets`);

  await harness.api('POST', `/api/v1/calls/${callId}/end`);
  assert.equal(await caller.wait(), 0, `the caller's SIPp failed:\n${caller.errors()}`);
  await waitFor(() => popup.evaluate(() => window.ringingMicrophone.getAudioTracks()[0].readyState === 'ended'),
    15_000, 'the microphone to be released when the call ends');
  const detail = await waitFor(async () => {
    const call = await harness.api('GET', `/api/v1/calls/${callId}`);
    return call.outcome === 'completed' && call.recording_url ? call : null;
  }, 15_000, 'the call to be completed with its recording');
  const response = await fetch(harness.apiUrl + detail.recording_url, { headers: { Authorization: `Bearer ${harness.adminToken}` } });
  assert.equal(response.status, 200);
  const [callerLevel, agentLevel] = channelLevels(Buffer.from(await response.arrayBuffer()));
  assert.ok(callerLevel > 100, `the caller's speech reached the engine (left RMS ${callerLevel.toFixed(0)})`);
  assert.ok(agentLevel > 100, `the browser's audio reached the engine over SRTP (right RMS ${agentLevel.toFixed(0)})`);
});
