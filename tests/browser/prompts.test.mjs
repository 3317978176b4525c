// Settings → Prompts (issue 6) in headless Chromium against a real server: the admin
// uploads a WAV made here for the voicemail greeting, sees it marked Uploaded with its
// length, plays it, restores the built-in prompt; a file the server cannot play is refused
// with the reader's reason shown by the prompt, and nothing changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Harness, waitFor } from './harness.mjs';

const UI_TIMEOUT = 15_000;
const NAME = 'voicemail_greeting';

// A RIFF/WAVE file: `format` 1 is PCM, 3 is float; `samples` as little-endian values of
// `bits` each.
function wavFile({ format = 1, channels = 1, rate, bits, samples }) {
  const bytesPer = bits / 8;
  const data = Buffer.alloc(samples.length * bytesPer);
  samples.forEach((s, i) => (format === 3 ? data.writeFloatLE(s, i * 4) : data.writeInt16LE(s, i * 2)));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * bytesPer, 28);
  header.writeUInt16LE(channels * bytesPer, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

// `seconds` of a 440 Hz tone at 16 kHz.
function tone(seconds) {
  return Array.from({ length: Math.round(seconds * 16000) }, (_, n) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * n) / 16000)));
}

describe('prompts in the admin app', () => {
  const harness = new Harness('prompts');
  let page;
  let item;
  let builtInMs;
  let uploadedFile;

  before(async () => {
    await harness.start();
    const admin = await harness.addAgent({ email: 'ada@example.test', name: 'Ada Admin', role: 'admin' });
    const listed = await harness.api('GET', '/api/v1/prompts');
    builtInMs = listed.items.find((p) => p.name === NAME).duration_ms;
    uploadedFile = path.join(harness.workdir, 'data', 'prompts', `${NAME}.wav`);
    page = await harness.signIn(admin);
    await page.goto('/admin/settings');
    item = page.getByRole('listitem', { name: NAME });
    await item.waitFor({ timeout: UI_TIMEOUT });
  });
  after(async () => {
    await harness.close({ keepWorkdir: process.env.SB_KEEP_WORKDIR === '1' });
  });

  // The player's length in seconds, NaN while it loads (or is being replaced after a change).
  const audioSeconds = () => item.locator('audio').evaluate((el) => el.duration, undefined, { timeout: 1000 }).catch(() => NaN);
  const playerHolds = (seconds, what) => waitFor(async () => Math.abs((await audioSeconds()) - seconds) < 0.05, UI_TIMEOUT, what);

  test('every prompt is listed, built in, with its length and a player', async () => {
    await item.getByText('Built-in', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await item.getByText(`${(builtInMs / 1000).toFixed(1)} s`).waitFor({ timeout: UI_TIMEOUT });
    const listed = await harness.api('GET', '/api/v1/prompts');
    for (const prompt of listed.items) await page.getByRole('listitem', { name: prompt.name }).waitFor({ timeout: UI_TIMEOUT });
    await playerHolds(builtInMs / 1000, 'the built-in greeting in the player');
    // The upload is reachable from the keyboard: its input takes the focus.
    const input = item.getByLabel(`Upload ${NAME}`);
    await input.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Upload ${NAME}`);
  });

  test('the admin uploads a WAV, hears it, and restores the built-in prompt', async () => {
    const file = path.join(harness.workdir, 'greeting.wav');
    fs.writeFileSync(file, wavFile({ rate: 16000, bits: 16, samples: tone(1.5) }));
    await item.getByLabel(`Upload ${NAME}`).setInputFiles(file);
    await item.getByText('Uploaded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await item.getByText('1.5 s').waitFor({ timeout: UI_TIMEOUT });
    assert.ok(fs.existsSync(uploadedFile), 'the upload is stored in the data directory');
    const listed = await harness.api('GET', '/api/v1/prompts');
    assert.equal(listed.items.find((p) => p.name === NAME).origin, 'uploaded');

    // The player now holds the upload as calls hear it (8 kHz), and it plays.
    await playerHolds(1.5, 'the player to hold the upload');
    await item.locator('audio').evaluate((el) => el.play());
    await waitFor(() => item.locator('audio').evaluate((el) => el.currentTime > 0).catch(() => false), UI_TIMEOUT, 'the upload to play');
    await harness.screenshot(page, 'prompts-uploaded');

    await item.getByRole('button', { name: `Restore built-in ${NAME}` }).click();
    await item.getByText('Built-in', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await item.getByText(`${(builtInMs / 1000).toFixed(1)} s`).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(fs.existsSync(uploadedFile), false);
    await playerHolds(builtInMs / 1000, 'the built-in greeting back in the player');
  });

  test('a file the server cannot play is refused with its reason by the prompt', async () => {
    const file = path.join(harness.workdir, 'float.wav');
    fs.writeFileSync(file, wavFile({ format: 3, rate: 16000, bits: 32, samples: [0.1, 0.2, 0.3, 0.4] }));
    await item.getByLabel(`Upload ${NAME}`).setInputFiles(file);
    const alert = item.getByRole('alert');
    await alert.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await alert.innerText(), /32-bit float/);
    await item.getByText('Built-in', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(fs.existsSync(uploadedFile), false);
    assert.deepEqual(fs.readdirSync(path.dirname(uploadedFile)), []);
  });
});
