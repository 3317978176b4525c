// Transfers in the browser: two agents, each with the app and the softphone
// pop-up in their own browser context. Alice answers a trunk caller in the browser and
// transfers the call to Bob from the pop-up's picker; Bob's notification says "Transfer
// from Alice Archer". When Bob answers, Alice's pop-up says "Transferred to Bob Baker",
// her SIP session ends, and Bob's getStats counts audio both ways. When Bob declines,
// Alice is told and her call carries audio both ways again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { HERE, Harness, ROOT, TRUNK_IP, freePort, waitFor } from './harness.mjs';
import { ALICE_NUMBER, provisionTeam } from './fixtures.mjs';

const UI_TIMEOUT = 15_000;
// The caller's speech plays in a loop: a transfer outlasts one 7 s playing of the pcap.
const LOOPING_CALLER = path.join(HERE, 'trunk_caller_audio_loop.xml');

describe('transfer', () => {
  const harness = new Harness('transfer');
  let team;
  let alice; // { page, popup }
  let bob;

  // An agent signed in, available, with the softphone pop-up open and registered.
  async function agentWithPhone(user) {
    const page = await harness.signIn(user, await harness.context());
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open phone' }).click()]);
    await popup.setViewportSize({ width: 380, height: 620 }); // the size the app opens it at
    await popup.getByText('Ready').waitFor({ timeout: UI_TIMEOUT });
    const toggle = page.getByRole('switch');
    await toggle.waitFor({ timeout: UI_TIMEOUT });
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
    await waitFor(async () => (await toggle.getAttribute('aria-checked')) === 'true', UI_TIMEOUT, `${user.name} to be available`);
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

  // A trunk call to Alice's number, answered in her browser; resolves with the call id.
  async function aliceTakesACall() {
    const caller = harness.call(ALICE_NUMBER, { scenario: LOOPING_CALLER, mediaPort: await freePort(TRUNK_IP), timeoutS: 120 });
    const poppedCall = () => new URL(alice.page.url()).searchParams.get('call');
    const before = poppedCall();
    await alice.page.getByRole('alertdialog').getByRole('button', { name: 'Answer' }).click({ timeout: UI_TIMEOUT });
    // The screen pop names the call in the address.
    const callId = await waitFor(() => (poppedCall() !== before ? poppedCall() : null), UI_TIMEOUT, 'the screen pop of the new call');
    await flowing(alice.popup, callId, { packetsSent: 0, packetsReceived: 0 }, 50, 'RTP both ways in Alice\'s browser');
    return { caller, callId };
  }

  async function hangUp(callId, caller) {
    await harness.api('POST', `/api/v1/calls/${callId}/end`);
    assert.equal(await caller.wait(), 0, `the caller's SIPp failed:\n${caller.errors()}`);
  }

  before(async () => {
    await harness.start();
    team = await provisionTeam(harness);
    alice = await agentWithPhone(team.alice);
    bob = await agentWithPhone(team.bob);
  });
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
    await phone.getByRole('button', { name: 'Hang up' }).waitFor({ timeout: UI_TIMEOUT });
    const back = await mediaStats(phone, callId);
    assert.ok(back, 'Alice\'s session is still up');
    await flowing(phone, callId, back, 100, 'RTP both ways in Alice\'s browser after the decline');

    const call = await harness.api('GET', `/api/v1/calls/${callId}`);
    assert.equal(call.outcome, 'connected');
    assert.equal(call.answered_by_user_id, team.alice.id);
    assert.ok(call.offers.some((o) => o.user_id === team.bob.id && o.status === 'declined'), JSON.stringify(call.offers));
    await hangUp(callId, caller);
  });
});
