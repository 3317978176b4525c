// bench/webrtc: one headless Chromium (fake microphone) with one context per agent. Each
// context signs its agent in, opens the softphone pop-up, waits for it to say "Ready"
// (registered over SIP/WebSocket) and makes the agent available. page_probe.js is
// installed in both pages to stamp the card, the click and the first packets.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, ROOT } from '../../tests/browser/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROBE = fs.readFileSync(path.join(HERE, 'page_probe.js'), 'utf8');
const { chromium } = createRequire(path.join(ROOT, 'web', 'package.json'))('playwright-core');

// Launched as a browser server so that its process (and so its PID) is ours to stop;
// the bench drives it over Playwright's connection.
export async function launchBrowser() {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      // Every page is "in the background" for a headless browser: keep the 10 ms probe
      // and the WebRTC timers at full rate.
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
  const browser = await chromium.connect(server.wsEndpoint());
  return { server, browser, pid: server.process().pid };
}

export class AgentBrowser {
  constructor(browser, baseUrl, agent) {
    this.browser = browser;
    this.baseUrl = baseUrl;
    this.agent = agent;
  }

  async open() {
    const context = await this.browser.newContext({ baseURL: this.baseUrl, viewport: { width: 1280, height: 800 } });
    this.context = context;
    await context.grantPermissions(['microphone', 'notifications'], { origin: this.baseUrl });
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(this.agent.email);
    await page.getByLabel('Password').fill(this.agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/app', { timeout: 20_000 });
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open phone' }).click()]);
    this.popup = popup;
    try {
      await popup.getByText('Ready').waitFor({ timeout: 30_000 });
    } catch (e) {
      const text = await popup.evaluate(() => document.body?.innerText ?? '').catch(() => '?');
      throw new Error(`agent ${this.agent.n}'s phone is not Ready; the pop-up says: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    const toggle = page.getByRole('switch');
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
    await page.waitForFunction(() => document.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'true', null, { timeout: 10_000 });
    this.page = page;
    this.popup = popup;
    return this;
  }

  // Resolves once the card's Answer button is enabled (the pop-up is ringing too).
  async ringing(timeoutMs) {
    await this.page.waitForFunction(() => window.__bench.enabledAt !== null, null, { timeout: timeoutMs, polling: 20 });
  }

  async answer() {
    await this.page.getByRole('alertdialog').getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
  }

  // Resolves with the pop-up's record of the call once it saw packets both ways.
  async twoWay(timeoutMs) {
    const handle = await this.popup.waitForFunction(
      () => Object.entries(window.__bench.calls).find(([, c]) => c.twoWayAt !== null) ?? null,
      null, { timeout: timeoutMs, polling: 20 });
    const [callId, record] = await handle.jsonValue();
    return { callId, ...record };
  }

  async pageStamps() {
    return this.page.evaluate(() => ({ cardAt: window.__bench.cardAt, enabledAt: window.__bench.enabledAt, clickAt: window.__bench.clickAt }));
  }

  async popupRecord() {
    return this.popup.evaluate(() => ({ calls: window.__bench.calls, polls: window.__bench.polls, maxPollGap: window.__bench.maxPollGap }));
  }

  // Current packet counters of the call, straight from getStats.
  async packets(callId) {
    return this.popup.evaluate((id) => window.switchboardPhone?.mediaStats(id), callId);
  }

  async close() {
    await this.context?.close().catch(() => {});
  }
}
