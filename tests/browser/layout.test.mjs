// The top bar at tablet and narrow laptop widths: every section link of the admin area
// and of the agent app is on screen (wrapped, never scrolled sideways out of sight), and
// no page is wider than the window, even with a long "unavailable" reason in the bar.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from './harness.mjs';
import { provisionTeam } from './fixtures.mjs';

const UI_TIMEOUT = 15_000;
const WIDTHS = [768, 820, 1024, 1280];

// Where the bar's links and the page stand against the window's width.
function measure(page) {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll('.sections a')].map((a) => {
      const box = a.getBoundingClientRect();
      return { label: a.textContent.trim(), left: box.left, right: box.right, width: box.width };
    });
    const nav = document.querySelector('.sections');
    const signOut = [...document.querySelectorAll('.user-menu button')].map((b) => b.getBoundingClientRect().right)[0];
    return { window: window.innerWidth, page: document.documentElement.scrollWidth, navHidden: nav.scrollWidth - nav.clientWidth, links, signOut };
  });
}

function assertFits(m, where) {
  assert.ok(m.page <= m.window, `${where}: the page is ${m.page} px wide in a ${m.window} px window`);
  assert.ok(m.navHidden <= 0, `${where}: ${m.navHidden} px of the sections are scrolled out of sight`);
  for (const link of m.links)
    assert.ok(link.left >= 0 && link.right <= m.window && link.width > 0, `${where}: "${link.label}" is off screen (${link.left}..${link.right})`);
  assert.ok(m.signOut <= m.window, `${where}: Sign out is off screen`);
}

describe('top bar at tablet widths', () => {
  const harness = new Harness('layout');
  let team;
  let admin;

  before(async () => {
    await harness.start();
    team = await provisionTeam(harness);
    admin = await harness.addAgent({ email: 'ada@example.test', name: 'Ada Admin', role: 'admin' });
  });
  after(async () => {
    await harness.close({ keepWorkdir: process.env.SB_KEEP_WORKDIR === '1' });
  });

  test('the admin sections wrap instead of scrolling sideways', async () => {
    const page = await harness.signIn(admin);
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Live board' }).waitFor({ timeout: UI_TIMEOUT });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const m = await measure(page);
      assert.deepEqual(m.links.map((l) => l.label).slice(0, 3), ['Board', 'Users', 'Numbers']);
      assertFits(m, `admin at ${width} px`);
      if (width === 820) await harness.screenshot(page, 'admin-board-820');
    }
    await page.context().close();
  });

  test('the agent app keeps its sections, status and Sign out on screen', async () => {
    await harness.api('PUT', `/api/v1/users/${team.alice.id}/availability`, { available: false, reason: 'Training with the new CRM team' });
    const page = await harness.signIn(team.alice);
    await page.getByRole('switch', { name: /Unavailable/ }).waitFor({ timeout: UI_TIMEOUT });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of ['/app', '/app/calls']) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor({ timeout: UI_TIMEOUT });
        assertFits(await measure(page), `agent ${path} at ${width} px`);
      }
      if (width === 820) await harness.screenshot(page, 'agent-calls-820');
    }
    await page.context().close();
  });
});
