/**
 * One incident through the centre, as operators live it, in two languages: a call-taker and a dispatcher
 * in two browsers, a field officer on a phone-sized screen. The call is answered and becomes an incident,
 * which reaches the dispatcher's screen without a reload; a second caller's call is linked to it as a
 * duplicate; the recommended unit is assigned with one key and taken back within the seconds the
 * console offers (the officer's phone sees it come and go), another is sent with a reason, a second `A`
 * asks first (Esc leaves it, A or Enter sends); the unit goes en route and on scene from the field
 * screen, clears, and the dispatcher closes the incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';
import { expectArabicOnly } from './harness.js';
import { expectIsolatedValue } from './harness.js';

/** Three places of the generated demo city (near its centre), a few hundred metres apart. */
const scene = { lat: 33.5731, lon: -7.5898 };
const nearStation = { lat: 33.5752, lon: -7.5861 };
const farStation = { lat: 33.5402, lon: -7.6302 };

/** What each language must show: the labels are the console's own words. */
const languages = [
  { code: 'ar', dir: 'rtl', callsTab: 'المكالمات', dispatchTab: 'التوجيه', createButton: 'إنشاء الحادث', onScene: 'في عين المكان', undone: 'أُلغي التوجيه', confirmKey: 'Enter' },
  { code: 'fr', dir: 'ltr', callsTab: 'Appels', dispatchTab: 'Régulation', createButton: 'Créer l’intervention', onScene: 'Sur les lieux', undone: 'Engagement annulé', confirmKey: 'a' },
] as const;

describe.skipIf(browserMissing)('an incident from call to close, in the console', () => {
  let centre: Centre;
  let telephony: string;
  let supervisorToken: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    telephony = await centre.device('pbx-e2e', 'telephony');
    const supervisor = await centre.createUser(['supervisor']);
    supervisorToken = await centre.loginToken(supervisor.username, supervisor.password);
    await admin.post('/stations', { code: 'ST-NEAR', name: 'Near station', location: nearStation });
    await admin.post('/stations', { code: 'ST-FAR', name: 'Far station', location: farStation });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
  });

  async function open(operator: string, who: Credentials, viewport?: { width: number; height: number }): Promise<Page> {
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    if (viewport !== undefined) await browser.page.setViewportSize(viewport);
    await login(browser.page, centre, who);
    return browser.page;
  }

  /** `<html lang dir>` of the page (the tests are type-checked without the DOM library). */
  const htmlLangDir = (page: Page) =>
    page.evaluate(() => {
      const html = (globalThis as unknown as { document: { documentElement: { lang: string; dir: string } } }).document.documentElement;
      return [html.lang, html.dir];
    });

  async function chooseLanguage(page: Page, code: string, dir: string): Promise<void> {
    await page.getByTestId('language').selectOption(code);
    await expect.poll(() => htmlLangDir(page)).toEqual([code, dir]);
  }

  for (const language of languages) {
    it(`in ${language.code}: call-taker, dispatcher and field unit take an incident from call to close`, async () => {
      const suffix = language.code.toUpperCase();
      // The supervisor's figures since this run began count this run's incident alone.
      const runStart = new Date().toISOString();
      const calltaker = await centre.createUser(['call-taker']);
      // The supervisor sees the call-taker by name, in Arabic on the Arabic screen.
      await centre.api(await centre.adminToken()).patch(`/users/${calltaker.id}`, { fullName: 'Samira Bennani', fullNameAr: 'سميرة بناني' });
      const dispatcher = await centre.createUser(['dispatcher']);
      const officer = await centre.createUser(['field-officer']);
      const supervisor = centre.api(supervisorToken);
      const near = `P-N${suffix}`;
      const far = `P-F${suffix}`;
      await supervisor.post('/units', { callSign: near, kind: 'patrol_car', station: 'ST-NEAR', crew: [officer.username] });
      await supervisor.post('/units', { callSign: far, kind: 'patrol_car', station: 'ST-FAR' });
      for (const unit of [near, far]) await supervisor.post(`/units/${unit}/status`, { status: 'available' });

      // The dispatcher is watching before the call arrives: the incident must appear without a reload.
      const dispatch = await open(`dispatcher-${language.code}`, dispatcher);
      await chooseLanguage(dispatch, language.code, language.dir);
      await expect.poll(() => dispatch.getByRole('link', { name: language.dispatchTab }).count()).toBe(1);
      await expect.poll(() => dispatch.getByTestId('live-state').getAttribute('data-state')).toBe('live');

      const calls = await open(`call-taker-${language.code}`, calltaker);
      await chooseLanguage(calls, language.code, language.dir);
      await expect.poll(() => calls.getByRole('link', { name: language.callsTab }).count()).toBe(1);
      await calls.getByTestId('go-ready').click();
      await expect.poll(() => calls.getByTestId('my-state').textContent()).not.toBe('');

      const callId = `e2e-${language.code}-${Date.now()}`;
      await centre.api(telephony).post('/telephony/calls', { callId, callerNumber: '+212522000111', trunk: 'T1', location: { ...scene, radiusM: 80 } });
      await calls.locator(`[data-call="${callId}"]`).waitFor();
      await calls.keyboard.press('F2');
      await calls.getByTestId('current-call').waitFor();
      await expect.poll(() => calls.getByTestId('caller-location').textContent()).toContain('33.57310');
      // The coordinates the network sent, in their order, whatever the direction of the text around them.
      await expectIsolatedValue(calls, '[data-testid="caller-coordinates"]', `${scene.lat.toFixed(5)}, ${scene.lon.toFixed(5)}`);
      await calls.getByTestId('type').selectOption('assault');
      // An answer that says a weapon was seen ticks the weapons flag by itself; unsaid, it is unticked again.
      const weaponSeen = calls.locator('select[name="q-weapon_seen"]');
      await weaponSeen.selectOption('true');
      await expect.poll(() => calls.getByTestId('flag-weapons').isChecked()).toBe(true);
      await weaponSeen.selectOption('');
      await expect.poll(() => calls.getByTestId('flag-weapons').isChecked()).toBe(false);
      await calls.getByTestId('summary').fill(language.code === 'ar' ? 'اعتداء أمام الصيدلية' : 'Agression devant la pharmacie');
      // The address is written from the caller's location (the nearest named road), until the call-taker types.
      const described = await centre.api(await centre.loginToken(calltaker.username, calltaker.password)).get<{ street: string | null }>(`/places/describe?lat=${scene.lat}&lon=${scene.lon}`);
      expect(described.street).not.toBeNull();
      await expect.poll(() => calls.getByTestId('address').inputValue()).toContain(described.street!);
      await calls.getByTestId('address').fill('Boulevard Mohammed V');
      expect(await calls.getByTestId('create-incident').textContent()).toContain(language.createButton);
      await screenshot(calls, `calltaker-${language.code}`);
      if (language.code === 'ar') await expectArabicOnly(calls);
      await calls.keyboard.press('F4');
      await calls.getByTestId('call-done').waitFor();
      const number = /[A-Z]{2,8}-\d{4}-\d{6,}/.exec((await calls.getByTestId('call-done').textContent()) ?? '')?.[0];
      expect(number).toBeDefined();

      // The caller hangs up; a second caller reports the same event from across the street: the
      // call-taker is offered the open incident and links the call to it with one key.
      // The caller hangs up: wrap-up, offered no call until the call-taker says ready (F9).
      await centre.api(telephony).post(`/telephony/calls/${callId}/hangup`);
      await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('wrap_up');
      await calls.getByTestId('wrap-up').waitFor();
      await calls.keyboard.press('F9');
      await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('ready');
      const secondCall = `${callId}-2`;
      await centre.api(telephony).post('/telephony/calls', { callId: secondCall, callerNumber: '+212661000222', trunk: 'T1', location: { lat: scene.lat + 0.0004, lon: scene.lon, radiusM: 50 } });
      await calls.locator(`[data-call="${secondCall}"]`).waitFor();
      await calls.keyboard.press('F2');
      await calls.getByTestId(`link-${number}`).waitFor();
      await calls.keyboard.press('F8');
      await expect.poll(() => calls.getByTestId('call-done').textContent()).toContain(number!);
      // The call-taker ends this one from the console (F6), wraps up, and takes a third call in a row: a
      // caller asking for information, ended with no incident.
      await calls.keyboard.press('F6');
      await expect.poll(() => calls.getByTestId('call-status').getAttribute('data-status')).toBe('ended');
      await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('wrap_up');
      await screenshot(calls, `calltaker-wrap-up-${language.code}`);
      // CallTaker.tsx writes the incident number into the "call recorded" sentence without isolating it.
      if (language.code === 'ar') await expectArabicOnly(calls);
      await calls.keyboard.press('F9');
      await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('ready');
      const thirdCall = `${callId}-3`;
      await centre.api(telephony).post('/telephony/calls', { callId: thirdCall, callerNumber: '+212661000333', trunk: 'T1' });
      await calls.locator(`[data-call="${thirdCall}"]`).waitFor();
      await calls.keyboard.press('F2');
      await expect.poll(() => calls.getByTestId('current-call').textContent()).toContain('+212661000333');
      await calls.getByTestId('end-call').click();
      await expect.poll(() => calls.getByTestId('call-status').getAttribute('data-status')).toBe('ended');
      await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('wrap_up');
      await calls.keyboard.press('F9');
      await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('ready');
      // The telephony's own report of the line going down, after the console ended the call, changes nothing.
      expect(await centre.api(telephony).post(`/telephony/calls/${secondCall}/hangup`)).toMatchObject({ status: 'ended' });

      // The field officer's phone is open before the car is sent: what the dispatcher does reaches it live.
      const field = await open(`field-${language.code}`, officer, { width: 390, height: 844 });
      await chooseLanguage(field, language.code, language.dir);
      await expect.poll(() => field.getByTestId('field-assignment').getAttribute('data-incident')).toBe('');

      // The dispatcher sees it arrive, opens it, and assigns the first recommended unit with one key.
      const row = dispatch.locator(`tr[data-incident="${number}"]`);
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      await dispatch.locator(`[data-recommended="${near}"]`).waitFor();
      const firstRecommended = await dispatch.locator('[data-recommended]').first().getAttribute('data-recommended');
      expect(firstRecommended).toBe(near);
      const incidentStatus = () => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status');
      // No unit on it yet: A sends at once, and the console offers to take it back for ten seconds, counted down.
      await dispatch.locator('body').press('a');
      await dispatch.locator(`[data-assigned="${near}"]`).waitFor();
      const undoBar = dispatch.getByTestId('undo-bar');
      await expect.poll(() => undoBar.getAttribute('data-unit')).toBe(near);
      const secondsLeft = Number(await undoBar.getAttribute('data-left'));
      expect(secondsLeft).toBeGreaterThan(0);
      expect(secondsLeft).toBeLessThanOrEqual(10);
      await expect.poll(() => field.getByTestId('field-assignment').getAttribute('data-incident')).toBe(number);
      // Z takes it back: the unit is free again, the incident waits for a unit again, and the phone's card
      // empties, saying the centre took the unit off.
      expect(await undoBar.count(), 'the undo was still offered when the phone showed the assignment').toBe(1);
      await dispatch.locator('body').press('z');
      await expect.poll(() => dispatch.locator(`[data-assigned="${near}"]`).count()).toBe(0);
      await expect.poll(incidentStatus).toBe('new');
      expect(await undoBar.count()).toBe(0);
      await expect.poll(() => field.getByTestId('field-assignment').getAttribute('data-incident')).toBe('');
      await expect.poll(() => field.getByTestId('field-message').textContent()).toContain(number!);
      // The timeline says it, in the operator's words.
      await expect.poll(() => dispatch.getByTestId('timeline').textContent()).toContain(language.undone);

      // A unit other than the first recommended is sent only with the dispatcher's reason, journaled.
      await dispatch.getByTestId(`assign-${far}`).click();
      await expect.poll(() => dispatch.getByTestId('incident-panel').getByRole('alert').count()).toBe(1);
      await dispatch.getByTestId('override-reason').fill(language.code === 'ar' ? 'دعم لتطويق المكان' : 'Renfort pour boucler le secteur');
      await dispatch.getByTestId(`assign-${far}`).click();
      await dispatch.locator(`[data-assigned="${far}"]`).waitFor();
      // A unit is on it now: A asks before sending a second one; Esc leaves it unsent, the panel open.
      await dispatch.locator('body').press('a');
      const question = dispatch.getByTestId('assign-confirm');
      await question.waitFor();
      expect(await question.getAttribute('data-unit')).toBe(near);
      expect(await question.textContent()).toContain(far);
      await screenshot(dispatch, `dispatcher-confirm-${language.code}`);
      if (language.code === 'ar') await expectArabicOnly(dispatch);
      await dispatch.locator('body').press('Escape');
      await expect.poll(() => question.count()).toBe(0);
      expect(await dispatch.getByTestId('incident-panel').count()).toBe(1);
      expect(await dispatch.locator(`[data-assigned="${near}"]`).count()).toBe(0);
      // Asked again, it is sent with A again or with Enter.
      await dispatch.locator('body').press('a');
      await question.waitFor();
      await dispatch.locator('body').press(language.confirmKey);
      await dispatch.locator(`[data-assigned="${near}"]`).waitFor();
      await expect.poll(() => question.count()).toBe(0);
      await expect.poll(() => undoBar.getAttribute('data-unit')).toBe(near);
      await screenshot(dispatch, `dispatcher-${language.code}`);
      if (language.code === 'ar') await expectArabicOnly(dispatch);
      const sent = await supervisor.get<{ events: { type: string; actor: string; data: { unit?: string; reason?: string } }[] }>(`/incidents/${number}/timeline`);
      expect(sent.events.filter((e) => e.type === 'incident.unit_assigned').map((e) => [e.data.unit, e.data.reason])).toEqual([
        [near, undefined],
        [far, language.code === 'ar' ? 'دعم لتطويق المكان' : 'Renfort pour boucler le secteur'],
        [near, undefined],
      ]);
      expect(sent.events.filter((e) => e.type === 'incident.assignment_undone').map((e) => [e.data.unit, e.data.reason, e.actor])).toEqual([[near, 'undo', `user:${dispatcher.username}`]]);
      await expect.poll(incidentStatus).toBe('dispatched');

      // The field officer, on the phone, goes en route then on scene.
      await expect.poll(() => field.getByTestId('field-assignment').textContent()).toContain(number!);
      await field.getByTestId('field-status-en_route').click();
      await expect.poll(() => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status')).toBe('en_route');
      await field.getByTestId('field-status-on_scene').click();
      await expect.poll(() => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status')).toBe('on_scene');
      expect(await dispatch.getByTestId('incident-status').textContent()).toContain(language.onScene);
      await screenshot(field, `field-unit-${language.code}`);
      if (language.code === 'ar') await expectArabicOnly(field);

      // Cleared: the unit is free again, the incident cleared; the dispatcher closes it.
      await field.getByTestId('field-status-available').click();
      await supervisor.post(`/units/${far}/status`, { status: 'available' });
      await expect.poll(() => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status')).toBe('cleared');
      // Closing asks how it ended first.
      await dispatch.getByTestId('action-close').click();
      await expect.poll(() => dispatch.getByTestId('incident-panel').getByRole('alert').count()).toBe(1);
      await dispatch.getByTestId('disposition').selectOption('report_written');
      await screenshot(dispatch, `dispatcher-close-${language.code}`);
      if (language.code === 'ar') await expectArabicOnly(dispatch);
      await dispatch.getByTestId('action-close').click();
      await expect.poll(() => dispatch.locator(`tr[data-incident="${number}"]`).count()).toBe(0);
      const closed = await centre.api(await centre.loginToken(dispatcher.username, dispatcher.password)).get<{ status: string }>(`/incidents/${number}`);
      expect(closed.status).toBe('closed');
      const ending = await supervisor.get<{ events: { type: string; data: { disposition?: string } }[] }>(`/incidents/${number}/timeline`);
      expect(ending.events.find((e) => e.type === 'incident.closed')?.data.disposition).toBe('report_written');


      // The supervisor's figures include it: the call answered within 15 s, the incident dispatched.
      const supervisorUser = await centre.createUser(['supervisor']);
      // This run's units end their shift, so the next run's recommendation is its own.
      for (const unit of [near, far]) await supervisor.post(`/units/${unit}/status`, { status: 'off_duty' });
      const watch = await open(`supervisor-${language.code}`, supervisorUser);
      await chooseLanguage(watch, language.code, language.dir);
      await expect.poll(() => watch.getByTestId('kpi-answer15').getAttribute('data-value'), { timeout: 10_000 }).toBe('100');
      // Dispatched: the incident's own creation-to-dispatch time is the figure of this run, and the
      // screen's time-to-dispatch tile shows a measured median (the day's, this run's incident among them).
      const timeline = await supervisor.get<{ intervals: { createdToDispatchedS?: number } }>(`/incidents/${number}/timeline`);
      const toDispatch = timeline.intervals.createdToDispatchedS;
      expect(toDispatch).toBeGreaterThanOrEqual(0);
      const figures = await supervisor.get<{ incidents: { created: number; medianToDispatchS: number | null; medianToOnSceneS: number | null } }>(`/kpis/live?since=${encodeURIComponent(runStart)}`);
      expect(figures.incidents).toMatchObject({ created: 1, medianToDispatchS: toDispatch });
      expect(figures.incidents.medianToOnSceneS).toBeGreaterThan(toDispatch!);
      await expect.poll(() => watch.getByTestId('kpi-dispatch').getAttribute('data-median'), { timeout: 10_000 }).toMatch(/^\d+(\.\d+)?$/);
      await watch.getByTestId('district-heat').waitFor();
      const takerRow = watch.locator(`[data-testid="calltaker-states"] tr[data-username="${calltaker.username}"]`);
      await expect.poll(() => takerRow.getByTestId('calltaker-name').textContent()).toBe(language.code === 'ar' ? 'سميرة بناني' : 'Samira Bennani');
      await expectIsolatedValue(watch, `[data-testid="calltaker-states"] tr[data-username="${calltaker.username}"] [data-testid="calltaker-username"]`, calltaker.username);
      await screenshot(watch, `supervisor-${language.code}`);
      if (language.code === 'ar') await expectArabicOnly(watch);

      // The language is the person's: signed in again elsewhere, the console speaks it.
      const again = await openBrowser({ operator: `dispatcher-again-${language.code}` });
      browsers.push(again);
      await login(again.page, centre, dispatcher);
      await expect.poll(async () => (await htmlLangDir(again.page))[0]).toBe(language.code);

      expectNoConsoleErrors();
      for (const browser of browsers.splice(0)) await browser.close();
    });
  }
});
