import { lazy, Suspense, useEffect } from 'react';
import { expectMap } from '../firstPaint';
import { useI18n } from '../i18n';
import type { Incident, LatLon } from '@contract/shapes';
import type { CongestionLine } from './congestion';
import type { TransitPicture } from './transit';
import type * as Canvas from './MapCanvas';
import type { CameraStatus } from './symbols';
import './OpsMap.css';

export { cameraStatusColours, type CameraStatus } from './symbols';

export type Selection = { readonly kind: 'incident'; readonly id: string } | { readonly kind: 'unit'; readonly id: string };

export interface MapSettings {
  readonly rasterTiles: string | null;
  readonly styleUrl: string | null;
  readonly attribution: string | null;
}

export interface OpsMapProps {
  readonly onSelect?: (selection: Selection) => void;
  /** Incidents to draw; all open ones when absent. */
  readonly incidentFilter?: (incident: Incident) => boolean;
  /** A caller's location with its uncertainty (metres), drawn as a circle. */
  readonly caller?: (LatLon & { radiusM?: number }) | null;
  /** The network's own location of the caller, drawn lighter beside `caller` once someone placed the caller elsewhere. */
  readonly callerNetwork?: (LatLon & { radiusM?: number }) | null;
  /** Routes to draw (a dispatched unit's road to its incident). */
  readonly routes?: readonly (readonly [number, number][])[];
  /** Where to look: the map flies there when it changes, or when `focusKey` does (the same place again). */
  readonly focus?: LatLon | null;
  readonly focusKey?: number;
  readonly settings: MapSettings;
  /** Clicking the map itself (placing a caller). */
  readonly onPick?: (position: LatLon) => void;
  /** The incident drawn as selected. */
  readonly selectedIncident?: string | null;
  /** CCTV cameras, drawn as what they see (none when absent). */
  readonly cameras?: readonly CameraFeature[];
  /** Clicking a camera's position or field of view. */
  readonly onSelectCamera?: (id: string) => void;
  /** Road segments closed by cordons, [lon, lat] end to end (none when absent). */
  readonly closedRoads?: readonly (readonly [number, number][])[];
  /** Call signs written beside the unit markers. */
  readonly unitLabels?: boolean;
  /** Road segments slower than free flow, coloured by level (none when absent). */
  readonly congestion?: readonly CongestionLine[];
  /** Tram, bus and train lines, their stops and vehicles (none when absent). */
  readonly transit?: TransitPicture;
  /** Clicking a transit stop (its `FEED:STOP` id). */
  readonly onSelectStop?: (id: string) => void;
}

/**
 * A camera on the map: a fixed camera is a wedge of `fovDeg` around `headingDeg` (clockwise from north),
 * `rangeM` deep; a PTZ camera, which can turn to anything around it, a lighter full circle.
 */
export interface CameraFeature extends LatLon {
  readonly id: string;
  readonly headingDeg: number;
  readonly fovDeg: number;
  readonly rangeM: number;
  readonly ptz: boolean;
  readonly status: CameraStatus;
  readonly selected?: boolean;
  /** An open alarm of this camera: drawn with a red edge. */
  readonly alarm?: boolean;
}

/** The map's code with MapLibre, once asked for. */
let canvas: Promise<typeof Canvas> | undefined;

/**
 * Fetches MapLibre and the map's own code (about 1 MB of script, a worker and a style sheet) ahead of the
 * first map, which would fetch them otherwise: the screens without a map never download them. A failed
 * fetch is tried again at the next call.
 */
export function preloadMap(): Promise<typeof Canvas> {
  canvas ??= import('./MapCanvas').catch((failure: unknown) => {
    canvas = undefined;
    throw failure;
  });
  return canvas;
}

const MapCanvas = lazy(() => preloadMap().then((module) => ({ default: module.MapCanvas })));

/**
 * The operational map: the server's roads and districts as vector layers (no tile server needed), an
 * optional background from the deployment's own tile server, and live incidents and units. Until
 * MapLibre has arrived, the same box says the map is loading, so nothing around it moves.
 */
export function OpsMap(props: OpsMapProps) {
  const i18n = useI18n();
  // Committed with the screen, before the screen says its data is shown: its first paint waits for the map's.
  useEffect(() => {
    expectMap();
  }, []);
  return (
    <Suspense
      fallback={
        <div className="ops-map map-loading" role="status" data-testid="map-loading">
          {i18n.t('map.loading')}
        </div>
      }
    >
      <MapCanvas {...props} />
    </Suspense>
  );
}
