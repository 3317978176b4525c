// Transfers in the browser: two agents, each with the app and the softphone
// pop-up in their own browser context. Alice answers a trunk caller in the browser and
// transfers the call to Bob from the pop-up's picker; Bob's notification says "Transfer
// from Alice Archer". When Bob answers, Alice's pop-up says "Transferred to Bob Baker",
// her SIP session ends, and Bob's getStats counts audio both ways. When Bob declines, or
// Alice cancels while Bob's notification rings, Alice is told and her call carries audio
// both ways again. When Bob cannot take it, the picker shows the server's 409. A typed
// phone number is dialled through the trunk, where a SIPp "mobile" presses 1 to take it.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { HERE, Harness, PROSPECT, ROOT, Sipp, TRUNK_IP, freePort, waitFor } from './harness.mjs';
import { ALICE_NUMBER, provisionTeam } from './fixtures.mjs';

const UI_TIMEOUT = 15_000;
// The caller's speech plays in a loop: a transfer outlasts one 7 s playing of the pcap.
const LOOPING_CALLER = path.join(HERE, 'trunk_caller_audio_loop.xml');
// A mobile reached through the trunk, typed in the picker the way a US agent would.
const MOBILE_TYPED = '(555) 010-7777';
const MOBILE = '+15550107777';
const MOBILE_SHOWN = '+1 555 010 7777';

describe('transfer', () => {
  const harness = new Harness('transfer');
  let team;
  let alice; // { page, popup }
  let bob;
  // Switchboard dials out through its first --trunk (the harness's port, where the
  // number's SIPp answers); callers come in from a second trunk port on the same address.
  let callerTrunkPort;

  // An agent signed in, available, with the softphone pop-up open and registered.
  async function agentWithPhone(user) {
    const page = await harness.signIn(user, await harness.context());
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open phone' }).click()]);
    await popup.setViewportSize({ width: 380, height: 620 }); // the size the app opens it at
    await popup.getByText('Ready').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('switch').waitFor({ timeout: UI_TIMEOUT });
    await setAvailable(page, true);
    return { page, popup };
  }

  const mediaStats = (popup, callId) => popup.evaluate((id) => window.switchboardPhone?.mediaStats(id) ?? null, callId);

  // Waits until the pop-up's call has sent and received `more` packets beyond `from`.
  function flowing(popup, callId, from, more, what) {
    return waitFor(async () => {
      const s = await mediaStats(popup, callId);
      return s && s.packetsSent >= from.packetsSent + more && s.packetsReceived >= from.packetsReceived + more ? s : null;
    }, UI_TIMEOUT, what);
  }

  // Sets an agent available or not from the switch on their page.
  async function setAvailable(page, available) {
    const toggle = page.getByRole('switch');
    if ((await toggle.getAttribute('aria-checked')) !== String(available)) {
      await toggle.click();
      if (!available) await page.getByRole('dialog', { name: 'Go unavailable' }).getByRole('button', { name: 'Go unavailable' }).click();
    }
    await waitFor(async () => (await toggle.getAttribute('aria-checked')) === String(available), UI_TIMEOUT,
      `the switch to say ${available ? 'Available' : 'Unavailable'}`);
  }

  // A trunk call to Alice's number, answered in her browser; resolves with the call id.
  async function aliceTakesACall() {
    const caller = new Sipp(harness, `${String(++harness.sipp).padStart(2, '0')}-caller`, LOOPING_CALLER, {
      localIp: TRUNK_IP, localPort: callerTrunkPort, remote: harness.sipAddress, service: ALICE_NUMBER,
      keys: { caller: PROSPECT }, pauseMs: 500, timeoutS: 120, mediaPort: await freePort(TRUNK_IP),
    });
    const poppedCall = () => new URL(alice.page.url()).searchParams.get('call');
    const before = poppedCall();
    await alice.page.getByRole('alertdialog').getByRole('button', { name: 'Answer' }).click({ timeout: UI_TIMEOUT });
    // The screen pop names the call in the address.
    const callId = await waitFor(() => (poppedCall() !== before ? poppedCall() : null), UI_TIMEOUT, 'the screen pop of the new call');
    await flowing(alice.popup, callId, { packetsSent: 0, packetsReceived: 0 }, 50, 'RTP both ways in Alice\'s browser');
    return { caller, callId };
  }

  // After a transfer that did not happen: Alice's call is up with audio both ways again;
  // resolves with the call's detail.
  async function stillWithAlice(callId, after) {
    await alice.popup.getByRole('button', { name: 'Hang up' }).waitFor({ timeout: UI_TIMEOUT });
    const back = await mediaStats(alice.popup, callId);
    assert.ok(back, 'Alice\'s session is still up');
    await flowing(alice.popup, callId, back, 100, `RTP both ways in Alice's browser after ${after}`);
    return harness.api('GET', `/api/v1/calls/${callId}`);
  }

  async function hangUp(callId, caller) {
    await harness.api('POST', `/api/v1/calls/${callId}/end`);
    assert.equal(await caller.wait(), 0, `the caller's SIPp failed:\n${caller.errors()}`);
  }

  // Counts the RTP packets reaching a UDP port on the trunk's address.
  async function rtpCounter() {
    const socket = dgram.createSocket('udp4');
    const counter = { port: await freePort(TRUNK_IP), packets: 0, close: () => new Promise((resolve) => socket.close(resolve)) };
    socket.on('message', () => counter.packets++);
    await new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(counter.port, TRUNK_IP, resolve);
    });
    return counter;
  }

  // Opens the pop-up's picker, searches for `query`, and waits for the option `name`.
  async function pick(phone, query, name) {
    await phone.getByRole('button', { name: 'Transfer', exact: true }).click();
    await phone.getByRole('combobox', { name: 'Transfer to' }).fill(query);
    const option = phone.getByRole('option', { name });
    await option.waitFor({ timeout: UI_TIMEOUT });
    return option;
  }

  before(async () => {
    callerTrunkPort = await freePort(TRUNK_IP);
    await harness.start({ extraArgs: ['--trunk', `${TRUNK_IP}:${callerTrunkPort}`] });
    team = await provisionTeam(harness);
    alice = await agentWithPhone(team.alice);
    bob = await agentWithPhone(team.bob);
  });
  afterEach(() => harness.settle({ keepPages: true }));
  after(async () => {
    await harness.close({ keepWorkdir: process.env.SB_KEEP_WORKDIR === '1' });
  });

  test('R-17: Alice transfers to Bob, Bob answers, and the caller talks with Bob', async () => {
    const { caller, callId } = await aliceTakesACall();
    const phone = alice.popup;
    await phone.getByRole('button', { name: 'Transfer', exact: true }).click();
    await phone.getByRole('combobox', { name: 'Transfer to' }).fill('bob');
    const option = phone.getByRole('option', { name: /Bob Baker/ });
    await option.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await option.innerText(), /Available/);
    fs.mkdirSync(path.join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await phone.screenshot({ path: path.join(ROOT, 'docs', 'screenshots', 'softphone-transfer-picker.png') });
    await option.click();
    await phone.getByRole('button', { name: 'Transfer to Bob Baker' }).click();
    await phone.getByText('Transferring to Bob Baker…').waitFor({ timeout: UI_TIMEOUT });
    await phone.getByRole('button', { name: 'Cancel transfer' }).waitFor({ timeout: UI_TIMEOUT });

    const card = bob.page.getByRole('alertdialog');
    await card.getByText('Transfer from Alice Archer').waitFor({ timeout: UI_TIMEOUT });
    await harness.screenshot(bob.page, 'transfer-incoming-card');
    await card.getByRole('button', { name: 'Answer' }).click({ timeout: UI_TIMEOUT });

    await phone.getByText('Transferred to Bob Baker').waitFor({ timeout: UI_TIMEOUT });
    await waitFor(async () => (await phone.evaluate(() => window.switchboardPhone.state().calls.length)) === 0,
      UI_TIMEOUT, 'Alice\'s SIP session to end (the BYE)');
    const stats = await flowing(bob.popup, callId, { packetsSent: 0, packetsReceived: 0 }, 100, 'RTP both ways in Bob\'s browser');
    assert.ok(stats.packetsReceived >= 100, `Bob's browser received ${stats.packetsReceived} packets from the caller`);
    await harness.screenshot(phone, 'transfer-done-softphone');

    const call = await harness.api('GET', `/api/v1/calls/${callId}`);
    assert.equal(call.outcome, 'connected');
    assert.ok(call.offers.some((o) => o.user_id === team.bob.id && o.status === 'accepted'), JSON.stringify(call.offers));
    await hangUp(callId, caller);
    await bob.popup.getByText('Waiting for calls.', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
  });

  test('R-17, R-10: Bob declines the transfer, Alice is told and still talks with the caller', async () => {
    const { caller, callId } = await aliceTakesACall();
    const phone = alice.popup;
    // The keyboard alone: type, Enter picks the first colleague, Enter confirms.
    await phone.getByRole('button', { name: 'Transfer', exact: true }).click();
    const search = phone.getByRole('combobox', { name: 'Transfer to' });
    await search.fill('Bob Ba');
    await phone.getByRole('option', { name: /Bob Baker/ }).waitFor({ timeout: UI_TIMEOUT });
    await search.press('Enter');
    const confirm = phone.getByRole('button', { name: 'Transfer to Bob Baker' });
    await waitFor(() => confirm.evaluate((b) => b === document.activeElement), UI_TIMEOUT, 'the confirm button to take the focus');
    await phone.keyboard.press('Enter');
    await phone.getByText('Transferring to Bob Baker…').waitFor({ timeout: UI_TIMEOUT });

    const card = bob.page.getByRole('alertdialog');
    await card.getByText('Transfer from Alice Archer').waitFor({ timeout: UI_TIMEOUT });
    await card.getByRole('button', { name: 'Decline' }).click();
    await card.waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    await phone.getByText('Bob Baker declined — the caller is back with you.').waitFor({ timeout: UI_TIMEOUT });
    const call = await stillWithAlice(callId, 'the decline');
    assert.equal(call.outcome, 'connected');
    assert.equal(call.answered_by_user_id, team.alice.id);
    assert.ok(call.offers.some((o) => o.user_id === team.bob.id && o.status === 'declined'), JSON.stringify(call.offers));
    await hangUp(callId, caller);
  });

  test('R-17: Alice cancels a ringing transfer and keeps talking with the caller', async () => {
    const { caller, callId } = await aliceTakesACall();
    const phone = alice.popup;
    await (await pick(phone, 'bob', /Bob Baker/)).click();
    await phone.getByRole('button', { name: 'Transfer to Bob Baker' }).click();
    const card = bob.page.getByRole('alertdialog');
    await card.getByText('Transfer from Alice Archer').waitFor({ timeout: UI_TIMEOUT });
    await waitFor(async () => (await bob.popup.evaluate(() => window.switchboardPhone.state().calls.length)) === 1,
      UI_TIMEOUT, 'Bob\'s browser phone to ring');

    await phone.getByRole('button', { name: 'Cancel transfer' }).click();
    await card.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await waitFor(async () => (await bob.popup.evaluate(() => window.switchboardPhone.state().calls.length)) === 0,
      UI_TIMEOUT, 'Bob\'s browser phone to stop ringing (the CANCEL)');
    await phone.getByRole('alert').getByText('Transfer to Bob Baker cancelled — the caller is back with you.', { exact: true })
      .waitFor({ timeout: UI_TIMEOUT });
    const call = await stillWithAlice(callId, 'the cancel');
    assert.equal(call.outcome, 'connected');
    assert.equal(call.connected_user_id, team.alice.id);
    assert.ok(call.offers.some((o) => o.user_id === team.bob.id && o.status === 'cancelled' && o.transferred_by === team.alice.id),
      JSON.stringify(call.offers));
    assert.ok(call.trace.some((t) => t.action === 'transfer_failed'), JSON.stringify(call.trace));
    await hangUp(callId, caller);
  });

  test('R-17: the picker shows the server\'s 409 when the target cannot take the transfer', async () => {
    const { caller, callId } = await aliceTakesACall();
    const phone = alice.popup;
    const option = await pick(phone, 'bob', /Bob Baker/);
    assert.match(await option.innerText(), /Available/);
    await option.click();
    // Bob steps away after the picker listed him as available, before Alice confirms.
    await setAvailable(bob.page, false);
    await waitFor(async () => (await harness.api('GET', `/api/v1/users/${team.bob.id}`)).availability === 'unavailable',
      UI_TIMEOUT, 'Bob unavailable in the API');
    const isTransfer = (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/calls/${callId}/transfer`);
    const [response] = await Promise.all([phone.waitForResponse(isTransfer, { timeout: UI_TIMEOUT }),
      phone.getByRole('button', { name: 'Transfer to Bob Baker' }).click()]);
    assert.equal(response.status(), 409);
    const { error } = await response.json();
    assert.equal(error.code, 'target_unavailable');
    assert.match(error.message, /^Bob Baker cannot take it now/);
    const shown = phone.getByRole('region', { name: 'Transfer the call' }).getByRole('alert');
    assert.equal(await shown.innerText({ timeout: UI_TIMEOUT }), error.message);
    await phone.getByRole('button', { name: 'Transfer to Bob Baker' }).waitFor({ timeout: UI_TIMEOUT }); // still there to retry

    const before = await mediaStats(phone, callId);
    await flowing(phone, callId, before, 100, 'RTP both ways in Alice\'s browser after the refusal');
    const call = await harness.api('GET', `/api/v1/calls/${callId}`);
    assert.equal(call.connected_user_id, team.alice.id);
    assert.ok(!call.offers.some((o) => o.user_id === team.bob.id), JSON.stringify(call.offers));
    assert.ok(!call.trace.some((t) => t.action === 'transfer'), JSON.stringify(call.trace));
    await phone.getByRole('button', { name: 'Back' }).click();
    await hangUp(callId, caller);
    await setAvailable(bob.page, true);
  });

  test('R-17: Alice transfers to a phone number', async () => {
    const audio = await rtpCounter();
    try {
      const mobile = new Sipp(harness, `${String(++harness.sipp).padStart(2, '0')}-mobile`, 'ring_through_press1.xml', {
        localIp: TRUNK_IP, localPort: harness.trunkPort, pauseMs: 1500, keys: { sdp_port: audio.port }, timeoutS: 90,
        mediaPort: await freePort(TRUNK_IP),
      });
      await mobile.listening();
      const { caller, callId } = await aliceTakesACall();
      const phone = alice.popup;
      const option = await pick(phone, MOBILE_TYPED, MOBILE_SHOWN);
      assert.match(await option.innerText(), /Phone number/);
      await option.click();
      await phone.getByRole('button', { name: `Transfer to ${MOBILE_SHOWN}` }).click();
      await phone.getByText(`Transferring to ${MOBILE_SHOWN}…`).waitFor({ timeout: UI_TIMEOUT });

      // The mobile answers, hears the prompt and presses 1: the call is its.
      // In the pop-up (its SIP session may end before or after the event comes) and the app.
      await phone.getByText(`Transferred to ${MOBILE_SHOWN}`).waitFor({ timeout: UI_TIMEOUT });
      await alice.page.getByText(`Transferred to ${MOBILE_SHOWN}`).waitFor({ timeout: UI_TIMEOUT });
      await waitFor(async () => (await phone.evaluate(() => window.switchboardPhone.state().calls.length)) === 0,
        UI_TIMEOUT, 'Alice\'s SIP session to end (the BYE)');
      assert.match(mobile.messages(), new RegExp(`INVITE sip:\\${MOBILE}@`), 'the typed number is the one dialled');
      const at = audio.packets;
      await waitFor(() => audio.packets >= at + 100, UI_TIMEOUT, 'the caller\'s audio at the mobile');

      const call = await harness.api('GET', `/api/v1/calls/${callId}`);
      assert.equal(call.outcome, 'connected');
      assert.equal(call.answered_by_user_id, team.alice.id);
      assert.equal(call.connected_user_id, null, 'a number, not a user, is on the call now');
      // No user takes a call dialled out: the trace is where the transfer shows.
      const trace = call.trace.map((t) => [t.action, t.reason]);
      const from = trace.findIndex(([action]) => action === 'transfer');
      assert.ok(from >= 0 && trace[from][1].includes(`number ${MOBILE}`), JSON.stringify(trace));
      assert.deepEqual(trace.slice(from + 1).map(([action, reason]) => `${action}: ${reason}`),
        [`dial: ${MOBILE}`, 'confirm: answered; asked to press 1', 'confirm: pressed 1', `transfer_accepted: transfer accepted by ${MOBILE}`]);
      assert.equal(call.trace[from].user_id, team.alice.id);
      await hangUp(callId, caller);
      await mobile.expectSuccess();
    } finally {
      await audio.close();
    }
  });
});
