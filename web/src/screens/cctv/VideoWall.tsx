import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { CameraStatusBadge } from './CameraStatusBadge';
import { playsHlsNatively, showable, withoutCredentials } from './media';
import { wallLayouts, type WallLayout } from '@contract';
import type { Camera, CameraView } from '@contract/shapes';
import { FIRST_WALL, type VideoWallControl } from './useVideoWall';

const SNAPSHOT_REFRESH_MS = 5_000;

/** The video wall: a named layout of tiles, one camera each; a click on a tile chooses where the next camera goes. */
export function VideoWall({ control, cameras }: { control: VideoWallControl; cameras: ReadonlyMap<string, Camera> }) {
  const i18n = useI18n();
  const { wall, walls, views, selectedTile } = control;
  const [newName, setNewName] = useState('');
  const side = Math.sqrt(wall.tiles.length);
  const saveAs = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim().toLowerCase();
    if (name === '') return;
    control.create(name);
    setNewName('');
  };
  return (
    <section className="cctv-wall" data-testid="video-wall" data-wall={wall.name} data-layout={wall.layout} aria-labelledby="cctv-wall-title">
      <div className="cctv-wall-bar">
        <h2 id="cctv-wall-title">{i18n.t('cctv.wall')}</h2>
        <label className="row">
          <span className="muted">{i18n.t('cctv.wallName')}</span>
          <select
            value={wallValue(wall)}
            onChange={(e) => {
              const [scope, ...rest] = e.target.value.split(':');
              control.open(rest.join(':'), scope === 'shared');
            }}
            data-testid="wall-choice"
          >
            {([false, true] as const).map((shared) => {
              // The wall on screen may not be saved yet: it is listed all the same.
              const listed = walls.filter((w) => w.shared === shared);
              const group = wall.shared === shared && !listed.some((w) => w.name === wall.name) ? [wall, ...listed] : listed;
              if (group.length === 0) return null;
              return (
                <optgroup key={String(shared)} label={i18n.t(shared ? 'cctv.sharedWalls' : 'cctv.ownWalls')}>
                  {group.map((w) => (
                    <WallOption key={w.name} name={w.name} value={wallValue(w)} />
                  ))}
                </optgroup>
              );
            })}
          </select>
          {wall.shared && <span className="badge muted">{i18n.t('cctv.sharedWall')}</span>}
        </label>
        <div className="cctv-layouts" role="radiogroup" aria-label={i18n.t('cctv.layout')}>
          {wallLayouts.map((layout: WallLayout) => (
            <button
              key={layout}
              type="button"
              role="radio"
              aria-checked={wall.layout === layout}
              className={wall.layout === layout ? '' : 'secondary'}
              onClick={() => control.setLayout(layout)}
              data-testid={`layout-${layout}`}
            >
              <bdi>{layout}</bdi>
            </button>
          ))}
        </div>
        <form className="row" onSubmit={saveAs}>
          <input
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            pattern="[a-z0-9][a-z0-9\-]{0,39}"
            placeholder={i18n.t('cctv.newWall')}
            aria-label={i18n.t('cctv.newWall')}
            title={i18n.t('cctv.wallNameRule')}
            size={12}
          />
          <button type="submit" className="secondary">
            {i18n.t('cctv.saveAs')}
          </button>
        </form>
      </div>
      {control.error !== null && (
        <p className="field-error cctv-wall-error" role="alert">
          {control.error}
        </p>
      )}
      <div className="cctv-tiles" style={{ gridTemplateColumns: `repeat(${side}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${side}, minmax(0, 1fr))` }}>
        {wall.tiles.map((id, index) => {
          const camera = id === null ? undefined : cameras.get(id);
          const view = views.get(index);
          return (
            <div
              key={index}
              className={`cctv-tile${selectedTile === index ? ' selected' : ''}`}
              data-tile={index}
              data-camera={id ?? ''}
              role="button"
              tabIndex={0}
              aria-pressed={selectedTile === index}
              aria-label={i18n.t('cctv.tile', { n: i18n.number(index + 1) })}
              onClick={() => control.selectTile(index)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget && control.selectTile(index)}
            >
              <div className="cctv-tile-head">
                <span className="num">{i18n.number(index + 1)}</span>
                {id !== null && (
                  <>
                    <strong className="grow">
                      <bdi data-testid="tile-camera-name">{camera?.name ?? view?.name ?? id}</bdi>
                    </strong>
                    <CameraStatusBadge status={camera?.status ?? view?.status ?? 'unknown'} />
                    <button
                      type="button"
                      className="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        control.clear(index);
                      }}
                      aria-label={i18n.t('cctv.clearTile')}
                      title={i18n.t('cctv.clearTile')}
                    >
                      ✕
                    </button>
                  </>
                )}
              </div>
              {id === null ? <div className="cctv-tile-body empty">{i18n.t(selectedTile === index ? 'cctv.tileChoose' : 'cctv.tileEmpty')}</div> : view === undefined ? <div className="cctv-tile-body empty">…</div> : <TileMedia view={view} />}
            </div>
          );
        })}
      </div>
    </section>
  );
}

const wallValue = (wall: { name: string; shared: boolean }) => `${wall.shared ? 'shared' : 'own'}:${wall.name}`;

/** A wall in the choice: the first wall by the console's words for it, the others by the name typed (Latin letters, a data token). */
function WallOption({ name, value }: { name: string; value: string }) {
  const i18n = useI18n();
  return name === FIRST_WALL ? (
    <option value={value}>{i18n.t('cctv.firstWall')}</option>
  ) : (
    <option value={value} dir="ltr">
      {name}
    </option>
  );
}

/**
 * A tile's picture: the HLS stream where the browser plays it by itself and the centre serves it, else
 * the latest snapshot (refreshed), else the stream's address to open in a player, else "no stream".
 */
function TileMedia({ view }: { view: CameraView }) {
  const i18n = useI18n();
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const [tick, setTick] = useState(0);
  const { hls, snapshot } = view.streams;
  const kind = showable(hls) && playsHlsNatively() && !failed.has('hls') ? 'hls' : showable(snapshot) && !failed.has('snapshot') ? 'snapshot' : undefined;

  useEffect(() => {
    if (kind !== 'snapshot') return;
    const timer = setInterval(() => setTick((t) => t + 1), SNAPSHOT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [kind]);

  const fail = (what: string) => setFailed((known) => new Set(known).add(what));
  if (kind === 'hls') {
    return (
      <div className="cctv-tile-body" data-play="hls">
        <video src={hls!} autoPlay muted playsInline onError={() => fail('hls')} />
      </div>
    );
  }
  if (kind === 'snapshot') {
    return (
      <div className="cctv-tile-body" data-play="snapshot">
        <img src={tick === 0 ? snapshot! : withTick(snapshot!, tick)} alt={i18n.t('cctv.snapshotOf', { camera: view.name })} onError={() => fail('snapshot')} />
      </div>
    );
  }
  const external = (['webrtc', 'hls', 'main', 'sub', 'snapshot'] as const).flatMap((source) => {
    const url = view.streams[source];
    return url === null ? [] : [{ source, url }];
  });
  if (external.length === 0) {
    return (
      <div className="cctv-tile-body empty" data-play="none">
        {i18n.t('cctv.noStream')}
      </div>
    );
  }
  return (
    <div className="cctv-tile-body external" data-play="external">
      <span>{i18n.t('cctv.openInPlayer')}</span>
      <ul>
        {external.map(({ source, url }) => (
          <li key={source}>
            <span className="badge muted" data-stream={source}>
              {i18n.t(`cctv.stream.${source}`)}
            </span>{' '}
            <a href={url} target="_blank" rel="noreferrer noopener" dir="ltr" onClick={(e) => e.stopPropagation()}>
              {withoutCredentials(url)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function withTick(url: string, tick: number): string {
  try {
    const parsed = new URL(url, location.href);
    parsed.searchParams.set('_', String(tick));
    return parsed.toString();
  } catch {
    return url;
  }
}
