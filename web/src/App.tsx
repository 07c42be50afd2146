import { Component, lazy, Suspense, useCallback, useEffect, useState, type ComponentType, type FormEvent, type ReactNode } from 'react';
import { ApiError, get, onUnauthenticated, post, put } from './api';
import { markDataRendered, storeLoaded } from './firstPaint';
import { languages, useI18n, setServerOffsets, type MessageKey } from './i18n';
import { preloadMap, type MapSettings } from './map/OpsMap';
import type { Language, Me } from '@contract/shapes';
import { refusalText } from './refusal';
import { setMediaOrigins } from './screens/cctv/media';
import { store, useStore } from './store';
import './App.css';

interface ConsoleSettings {
  readonly map: MapSettings;
  readonly timeZoneOffsets: readonly { from: string; offsetMinutes: number }[];
  readonly mediaOrigins: readonly string[];
}

export interface ScreenProps {
  readonly settings: ConsoleSettings;
}

interface ScreenDef {
  readonly id: string;
  readonly title: MessageKey;
  /** Whether the signed-in person's permissions open this screen. */
  readonly allowed: (me: Me) => boolean;
  /** The screen, whose code is fetched the first time it opens: a role downloads its own screens only. */
  readonly Screen: ComponentType<ScreenProps>;
  /** It shows a map: MapLibre is fetched with the screen's code, not after it. */
  readonly map: boolean;
}

const has = (me: Me, permission: string) => me.permissions.includes(permission);

/** A screen loaded on first use: `load` imports its module, `pick` takes the screen out of it. */
function onFirstUse<M>(load: () => Promise<M>, pick: (module: M) => ComponentType<ScreenProps>): ComponentType<ScreenProps> {
  return lazy(() => load().then((module) => ({ default: pick(module) })));
}

/** The screens, in the order of the menu; each shows only for the roles whose permissions it needs. */
export const screens: readonly ScreenDef[] = [
  {
    id: 'calls',
    title: 'screen.calltaker',
    allowed: (me) => has(me, 'call.take'),
    Screen: onFirstUse(() => import('./screens/CallTaker'), (m) => m.CallTakerScreen),
    map: true,
  },
  {
    id: 'dispatch',
    title: 'screen.dispatcher',
    allowed: (me) => has(me, 'unit.dispatch') && has(me, 'incident.dispatch'),
    Screen: onFirstUse(() => import('./screens/Dispatcher'), (m) => m.DispatcherScreen),
    map: true,
  },
  { id: 'cctv', title: 'cctv.screen', allowed: (me) => has(me, 'camera.alarm'), Screen: onFirstUse(() => import('./screens/Cctv'), (m) => m.CctvScreen), map: true },
  {
    id: 'supervision',
    title: 'screen.supervisor',
    allowed: (me) => has(me, 'call.kpi') && has(me, 'incident.read'),
    Screen: onFirstUse(() => import('./screens/Supervisor'), (m) => m.SupervisorScreen),
    map: false,
  },
  {
    id: 'unit',
    title: 'screen.field',
    allowed: (me) => has(me, 'avl.report') && has(me, 'unit.status') && !has(me, 'unit.dispatch'),
    Screen: onFirstUse(() => import('./screens/FieldUnit'), (m) => m.FieldUnitScreen),
    map: true,
  },
  {
    id: 'identity',
    title: 'identity.screen.clerk',
    allowed: (me) => has(me, 'identity.appointment') || has(me, 'identity.enrol') || has(me, 'identity.review'),
    Screen: onFirstUse(() => import('./screens/identity/ClerkScreen'), (m) => m.IdentityClerkScreen),
    map: false,
  },
  // The foreigners' desk (residence permits): the same clerks, the residents' register and its own applications.
  {
    id: 'foreigners',
    title: 'permit.screen',
    allowed: (me) => has(me, 'identity.enrol') || (has(me, 'identity.review') && has(me, 'identity.deliver')),
    Screen: onFirstUse(() => import('./screens/identity/ForeignersScreen'), (m) => m.ForeignersScreen),
    map: false,
  },
  {
    id: 'issuance',
    title: 'identity.screen.issuance',
    allowed: (me) => has(me, 'identity.produce'),
    Screen: onFirstUse(() => import('./screens/identity/IssuanceScreen'), (m) => m.IssuanceScreen),
    map: false,
  },
  {
    id: 'my-id',
    title: 'identity.screen.citizen',
    allowed: (me) => has(me, 'identity.self'),
    Screen: onFirstUse(() => import('./screens/identity/CitizenScreen'), (m) => m.CitizenScreen),
    map: false,
  },
  // Administrative certificates: the desk, the officer who decides, the administration that keeps the judicial records.
  {
    id: 'certificates',
    title: 'cert.screen',
    allowed: (me) => has(me, 'identity.certificates') || has(me, 'identity.certificates.approve') || has(me, 'identity.records.manage'),
    Screen: onFirstUse(() => import('./screens/identity/CertificateScreen'), (m) => m.CertificateScreen),
    map: false,
  },
  { id: 'audit', title: 'audit.screen', allowed: (me) => has(me, 'journal.read'), Screen: onFirstUse(() => import('./screens/audit/AuditScreen'), (m) => m.AuditScreen), map: false },
  { id: 'admin', title: 'admin.screen', allowed: (me) => has(me, 'user.manage'), Screen: onFirstUse(() => import('./screens/admin/AdminScreen'), (m) => m.AdminScreen), map: false },
  // The EOD officer's own board; dispatchers and supervisors work the same scenes from the incident panel.
  {
    id: 'eod',
    title: 'eod.board',
    allowed: (me) => has(me, 'eod.operate') && has(me, 'avl.report') && !has(me, 'unit.dispatch'),
    Screen: onFirstUse(() => import('./screens/eod/SquadBoard'), (m) => m.SquadBoard),
    map: false,
  },
  // The traffic room reads units, incidents and cordons and moves nothing.
  {
    id: 'traffic',
    title: 'traffic.screen',
    allowed: (me) => has(me, 'eod.read') && has(me, 'unit.read') && has(me, 'incident.read') && !has(me, 'unit.dispatch') && !has(me, 'avl.report'),
    Screen: onFirstUse(() => import('./screens/traffic/TrafficScreen'), (m) => m.TrafficScreen),
    map: true,
  },
  // The call-takers' protocols, changed by whoever holds the catalogue (the supervisor).
  {
    id: 'catalogue',
    title: 'catalogue.screen',
    allowed: (me) => has(me, 'incident.catalogue'),
    Screen: onFirstUse(() => import('./screens/catalogue/CatalogueScreen'), (m) => m.CatalogueScreen),
    map: false,
  },
];

/** The public verification of a printed seal (`#verify-seal`), open to anyone, signed in or not. */
const SealVerifyPage = lazy(() => import('./screens/seal/SealVerifyPage').then((m) => ({ default: m.SealVerifyPage })));
const SEAL_PAGE = 'verify-seal';

/** Two-step sign-in's page: fetched when a person enrols or opens it (it carries a QR code encoder). */
const SecondFactorScreen = lazy(() => import('./screens/SecondFactorScreen').then((m) => ({ default: m.SecondFactorScreen })));

// An auditor lands on the journal and an administrator on administration, whatever else they may read;
// identity screens come after the operations screens: a person holding both lands on operations.
const landingOrder = ['audit', 'admin', 'supervision', 'dispatch', 'cctv', 'calls', 'eod', 'traffic', 'unit', 'identity', 'foreigners', 'issuance', 'certificates', 'my-id'];

function currentScreenId(): string {
  return location.hash.replace(/^#\/?/, '');
}

/** Why the sign-in page shows: the idle lock or another end of the session says so there. */
type SignedOutNotice = 'session.idle' | 'session.ended' | null;

/** The screen id of two-step sign-in (from the top bar), outside the role screens. */
const SECOND_FACTOR_SCREEN = 'second-factor';

export function App() {
  const i18n = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<SignedOutNotice>(null);
  const [settings, setSettings] = useState<ConsoleSettings | undefined>(undefined);
  const [screenId, setScreenId] = useState(currentScreenId);

  /** `picked`: the language chosen on the sign-in page, which wins over the one saved for the person. */
  const signedIn = useCallback(
    (next: Me, picked?: Language) => {
      store.stop();
      setMe(next);
      const chosen = picked ?? next.user?.language ?? next.user?.locale;
      if (chosen !== undefined && chosen !== i18n.language) i18n.setLanguage(chosen);
      setNotice(null);
      // The live feed is for a session that may act: not while a password or a second factor is owed.
      if (next.user?.mustChangePassword !== true && next.secondFactor?.mustEnrol !== true) {
        // MapLibre is fetched beside the first screen's code rather than once that code has run.
        if (screenFor(next, currentScreenId())?.map === true) preloadMap().catch(() => undefined);
        store.start(next, (why) => {
          setNotice(why === 'idle' ? 'session.idle' : 'session.ended');
          setMe(null);
        });
      }
    },
    [i18n],
  );
  const chooseLanguage = (language: Language) => {
    i18n.setLanguage(language);
    // Remembered for the person, on whichever computer they sign in next.
    void put('/auth/me/language', { language }).catch(() => undefined);
  };

  useEffect(() => {
    void get<ConsoleSettings>('/console/settings').then((loaded) => {
      setServerOffsets(loaded.timeZoneOffsets);
      setMediaOrigins(loaded.mediaOrigins);
      setSettings(loaded);
    });
    void get<{ authenticated: boolean; user?: Me }>('/auth/session').then((session) => (session.authenticated && session.user ? signedIn(session.user) : setMe(null)));
    const offUnauthenticated = onUnauthenticated((code) => {
      store.stop();
      if (code === 'session_idle') setNotice('session.idle');
      setMe(null);
    });
    const onHash = () => setScreenId(currentScreenId());
    window.addEventListener('hashchange', onHash);
    return () => {
      offUnauthenticated();
      window.removeEventListener('hashchange', onHash);
    };
    // Once, at load.
  }, []);

  if (me === undefined || settings === undefined) return <div className="splash">{i18n.t('app.name')}</div>;
  if (screenId === SEAL_PAGE) {
    return (
      <Suspense fallback={<div className="splash">{i18n.t('app.name')}</div>}>
        <SealVerifyPage />
      </Suspense>
    );
  }
  if (me === null || me.user === undefined) return <Login onSignedIn={signedIn} notice={notice} />;
  if (me.user.mustChangePassword) return <ChangePassword onChanged={async () => signedIn(await get<Me>('/auth/me'))} />;
  const reload = async () => signedIn(await get<Me>('/auth/me'));
  if (me.secondFactor?.mustEnrol === true) {
    return (
      <div className="login totp-page">
        <div className="login-card">
          <Suspense fallback={<ScreenLoading title="totp.title" />}>
            <SecondFactorScreen me={me} onEnrolled={reload} />
          </Suspense>
          <div className="login-languages">
            {languages.map((l) => (
              <button key={l.code} type="button" className={l.code === i18n.language ? 'link active' : 'link'} onClick={() => chooseLanguage(l.code)}>
                <bdi lang={l.code}>{l.name}</bdi>
              </button>
            ))}
            <button
              type="button"
              className="link"
              onClick={async () => {
                await post('/auth/logout').catch(() => undefined);
                setMe(null);
              }}
            >
              {i18n.t('shell.logout')}
            </button>
          </div>
        </div>
      </div>
    );
  }

  const allowed = screens.filter((screen) => screen.allowed(me));
  const screen = screenFor(me, screenId);
  return (
    <div className="shell">
      <TopBar me={me} allowed={allowed} current={screenId === SECOND_FACTOR_SCREEN ? undefined : screen?.id} onChangeLanguage={chooseLanguage} onSignedOut={() => setMe(null)} />
      <LiveBanner />
      {screenId === SECOND_FACTOR_SCREEN ? (
        <main className="screen totp-screen" data-screen={SECOND_FACTOR_SCREEN}>
          <Suspense fallback={<ScreenLoading title="totp.title" />}>
            <SecondFactorScreen me={me} onEnrolled={reload} onBack={() => (location.hash = '')} />
          </Suspense>
        </main>
      ) : (
        <main className="screen" data-screen={screen?.id}>
          {screen === undefined ? (
            <p className="empty">{i18n.t('screen.none')}</p>
          ) : (
            <ScreenBoundary key={screen.id}>
              <Suspense fallback={<ScreenLoading title={screen.title} />}>
                <screen.Screen settings={settings} />
                <FirstPaintMark screen={screen.id} />
              </Suspense>
            </ScreenBoundary>
          )}
        </main>
      )}
    </div>
  );
}

/** The screen at `screenId` when the person may use it; else the broadest one they may (a supervisor's is Supervision). */
function screenFor(me: Me, screenId: string): ScreenDef | undefined {
  const allowed = screens.filter((screen) => screen.allowed(me));
  // A screen not in the landing order (a settings screen such as the catalogue) is opened, never landed on.
  const rank = (id: string) => (landingOrder.includes(id) ? landingOrder.indexOf(id) : landingOrder.length);
  return allowed.find((s) => s.id === screenId) ?? [...allowed].sort((a, b) => rank(a.id) - rank(b.id))[0];
}

/** What a screen's box shows while its code arrives: which screen opens, said to assistive technologies too. */
function ScreenLoading({ title }: { title: MessageKey }) {
  const i18n = useI18n();
  return (
    <div className="screen-loading" role="status" data-testid="screen-loading">
      {i18n.t('screen.loading', { screen: i18n.t(title) })}
    </div>
  );
}

/** A screen that failed (its code could not be fetched, or it threw) leaves the top bar, and says what to do. */
class ScreenBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <ScreenFailed /> : this.props.children;
  }
}

function ScreenFailed() {
  const i18n = useI18n();
  return (
    <div className="screen-loading" role="alert" data-testid="screen-failed">
      <p>{i18n.t('screen.loadFailed')}</p>
      <button type="button" onClick={() => location.reload()}>
        {i18n.t('screen.reload')}
      </button>
    </div>
  );
}

/** Marks the first screen's first meaningful paint once it shows the store's first data (see firstPaint.ts). */
function FirstPaintMark({ screen }: { screen: string }) {
  const s = useStore('incidents', 'units');
  const loaded = storeLoaded(s);
  useEffect(() => {
    if (loaded) markDataRendered(screen);
  }, [loaded, screen]);
  return null;
}

function TopBar({
  me,
  allowed,
  current,
  onChangeLanguage,
  onSignedOut,
}: {
  me: Me;
  allowed: readonly ScreenDef[];
  current: string | undefined;
  onChangeLanguage: (language: Language) => void;
  onSignedOut: () => void;
}) {
  const i18n = useI18n();
  const live = useStore('live');
  const name = i18n.language === 'ar' && me.user?.fullNameAr ? me.user.fullNameAr : me.user?.fullName;
  return (
    <header className="topbar">
      <span className="brand">
        <img src="/favicon.svg" alt="" width={22} height={22} /> {i18n.t('app.name')}
      </span>
      <nav aria-label="screens">
        {allowed.map((screen) => (
          <a key={screen.id} href={`#/${screen.id}`} className={screen.id === current ? 'active' : ''} aria-current={screen.id === current ? 'page' : undefined}>
            {i18n.t(screen.title)}
          </a>
        ))}
      </nav>
      <span className={`live-dot ${live.liveState}`} title={i18n.t(live.liveState === 'live' ? 'live.live' : 'live.connecting')} data-testid="live-state" data-state={live.liveState} />
      <span className="who" data-testid="who" data-roles={me.user?.roles.join(' ')}>
        {/* A name typed in Latin letters reads as a token in Arabic text. */}
        <bdi data-testid="who-name">{name}</bdi> <span className="roles">· {me.user?.roles.map((role) => (i18n.has(`role.${role}`) ? i18n.t(`role.${role}` as MessageKey) : role)).join(', ')}</span>
      </span>
      <a href={`#/${SECOND_FACTOR_SCREEN}`} className="totp-link" data-testid="totp-menu" data-state={me.secondFactor?.state}>
        {i18n.t('totp.menu')}
      </a>
      <label className="lang">
        <span className="sr-only">{i18n.t('shell.language')}</span>
        <select aria-label={i18n.t('shell.language')} value={i18n.language} onChange={(e) => onChangeLanguage(e.target.value as Language)} data-testid="language">
          {languages.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {i18n.language === 'ar' && (
        <label className="digits">
          <input type="checkbox" checked={i18n.arabicDigits} onChange={(e) => i18n.setArabicDigits(e.target.checked)} /> {i18n.t('shell.arabicDigits')}
        </label>
      )}
      <button
        type="button"
        onClick={async () => {
          // The screens go first, then the session: nothing of theirs (a map's districts and roads still
          // on their way) asks the centre with a session already closed.
          store.stop();
          onSignedOut();
          await post('/auth/logout').catch(() => undefined);
        }}
      >
        {i18n.t('shell.logout')}
      </button>
    </header>
  );
}

function LiveBanner() {
  const i18n = useI18n();
  const live = useStore('live');
  if (live.liveState !== 'lost' || live.lostSince === null) return null;
  return (
    <div className="banner lost" role="alert" data-testid="live-lost">
      {i18n.t('live.lost', { time: i18n.time(live.lostSince) })}
    </div>
  );
}

/** Why a sign-in was refused, in the console's language: the server's codes, not its English sentences. */
function loginRefusal(i18n: ReturnType<typeof useI18n>, failure: unknown): string {
  if (failure instanceof ApiError && failure.code === 'unauthenticated' && failure.errors.some((problem) => problem.field === 'code')) return i18n.t('login.wrongCode');
  if (failure instanceof ApiError && failure.code === 'unauthenticated') return i18n.t('login.wrong');
  if (failure instanceof ApiError && failure.code === 'rate_limited') {
    // An account's lock says how long it lasts; the workstation's limit is a one-minute window.
    return failure.retryAfterS === undefined ? i18n.t('login.busy') : i18n.t('login.locked', { minutes: i18n.number(Math.max(1, Math.ceil(failure.retryAfterS / 60))) });
  }
  return i18n.t('login.failed', { reason: failure instanceof ApiError ? refusalText(i18n, failure) : i18n.t('problem.network') });
}

function Login({ onSignedIn, notice }: { onSignedIn: (me: Me, picked?: Language) => void; notice: SignedOutNotice }) {
  const i18n = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The server asked for the code of a second factor: the same form, with one more field.
  const [askCode, setAskCode] = useState(false);
  // A language chosen here becomes the person's once signed in; none chosen, the one saved for them applies.
  const [picked, setPicked] = useState<Language | undefined>(undefined);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const code = askCode ? String(form.get('code')).trim() : undefined;
    setBusy(true);
    setError(null);
    try {
      await post('/auth/login', { username: String(form.get('username')), password: String(form.get('password')), ...(code === undefined ? {} : { code }) });
      // Saved before the person is read back: the steps still owed (a new password, a second factor) and
      // every later sign-in open in it. Not saved (the network), it still holds for this session.
      if (picked !== undefined) await put('/auth/me/language', { language: picked }).catch(() => undefined);
      onSignedIn(await get<Me>('/auth/me'), picked);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'second_factor_required') setAskCode(true);
      else setError(loginRefusal(i18n, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          <img src="/favicon.svg" alt="" width={36} height={36} /> {i18n.t('app.name')}
        </h1>
        <p className="subtitle">{i18n.t('app.centre')}</p>
        {notice !== null && !askCode && (
          <p className="notice" role="status" data-testid="signed-out-notice">
            {i18n.t(notice)}
          </p>
        )}
        <label>
          {i18n.t('login.username')}
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          {i18n.t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {askCode && (
          <>
            <p className="notice" role="status">
              {i18n.t('login.codeAsked')}
            </p>
            <label>
              {i18n.t('login.code')}
              <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required autoFocus dir="ltr" data-testid="login-code" />
            </label>
          </>
        )}
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {i18n.t('login.submit')}
        </button>
        <div className="login-languages">
          {languages.map((l) => (
            <button
              key={l.code}
              type="button"
              className={l.code === i18n.language ? 'link active' : 'link'}
              onClick={() => {
                i18n.setLanguage(l.code);
                setPicked(l.code);
              }}
              data-testid={`login-lang-${l.code}`}
            >
              {/* Each language by its own name, in its own script. */}
              <bdi lang={l.code}>{l.name}</bdi>
            </button>
          ))}
        </div>
        <a href={`#${SEAL_PAGE}`} className="login-seal" data-testid="verify-seal-link">
          {i18n.t('seal.link')}
        </a>
      </form>
    </div>
  );
}

function ChangePassword({ onChanged }: { onChanged: () => Promise<void> }) {
  const i18n = useI18n();
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await post('/auth/password', { currentPassword: String(form.get('current')), newPassword: String(form.get('next')) });
      await onChanged();
    } catch (failure) {
      const fields = failure instanceof ApiError ? failure.errors.map((problem) => problem.field) : [];
      setError(fields.includes('currentPassword') ? i18n.t('login.wrongCurrent') : fields.includes('newPassword') ? i18n.t('login.weakPassword') : loginRefusal(i18n, failure));
    }
  };
  return (
    <div className="login">
      <form onSubmit={submit}>
        <p>{i18n.t('login.passwordChange')}</p>
        <label>
          {i18n.t('login.password')}
          <input name="current" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {i18n.t('login.newPassword')}
          <input name="next" type="password" autoComplete="new-password" required minLength={12} />
        </label>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">{i18n.t('login.change')}</button>
      </form>
    </div>
  );
}
