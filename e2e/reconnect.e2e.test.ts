/**
 * A dispatcher's connection drops: the console says so at once, keeps retrying, and when the link is back
 * it catches up on what was committed meanwhile, without a reload. The drop is made by Playwright's
 * WebSocket routing (the page's `/live` socket goes through the test), so the server keeps running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, startCentre, type Browser, type Centre } from './harness.js';

describe.skipIf(browserMissing)('the live feed, when the connection drops', () => {
  let centre: Centre;
  let browser: Browser;

  beforeAll(async () => {
    centre = await startCentre();
  });
  afterAll(async () => {
    await browser?.close();
    await centre?.close();
  });

  it('shows the loss, recovers by itself and catches up on what it missed', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    const calltaker = await centre.createUser(['call-taker']);
    const api = centre.api(await centre.loginToken(calltaker.username, calltaker.password));
    browser = await openBrowser({ operator: 'dispatcher' });
    const { page } = browser;

    let linkUp = true;
    let connections = 0;
    let current: WebSocketRoute | undefined;
    await page.routeWebSocket(/\/live/, (socket) => {
      connections += 1;
      current = socket;
      if (linkUp) socket.connectToServer();
      // While the link is down, the socket opens to nobody and is closed at once, as a dead network would.
      else void socket.close({ code: 4000, reason: 'link down' });
    });

    await login(page, centre, dispatcher);
    await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    const before = await api.post<{ number: string }>('/incidents', { type: 'theft', location: { lat: 33.5731, lon: -7.5898 }, summary: 'before the drop' });
    await page.locator(`tr[data-incident="${before.number}"]`).waitFor();

    linkUp = false;
    await current!.close({ code: 4000, reason: 'link down' });
    await page.getByTestId('live-lost').waitFor();
    expect(await page.getByTestId('live-state').getAttribute('data-state')).toBe('lost');

    // Committed while the dispatcher is cut off.
    const missed = await api.post<{ number: string }>('/incidents', { type: 'assault', location: { lat: 33.574, lon: -7.588 }, summary: 'during the drop' });
    await expect.poll(() => connections, { timeout: 10_000 }).toBeGreaterThan(2);
    expect(await page.locator(`tr[data-incident="${missed.number}"]`).count()).toBe(0);

    linkUp = true;
    await page.locator(`tr[data-incident="${missed.number}"]`).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    expect(await page.getByTestId('live-lost').count()).toBe(0);
    expectNoConsoleErrors();
  });
});
