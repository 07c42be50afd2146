import type { Priority, UnitKind, UnitStatus } from '@contract';

/** Colours shared by the map, the lists and the legend. */
export const priorityColours: Record<Priority, string> = { P1: '#c62828', P2: '#ef6c00', P3: '#f9a825', P4: '#607d8b' };

/** Camera statuses as the registry and its health checks report them. */
export type CameraStatus = 'online' | 'offline' | 'maintenance' | 'unknown';

export const cameraStatusColours: Record<CameraStatus, string> = { online: '#2e7d32', offline: '#c62828', maintenance: '#f9a825', unknown: '#78909c' };

export const statusColours: Record<UnitStatus, string> = {
  available: '#2e7d32',
  dispatched: '#f57c00',
  en_route: '#1565c0',
  on_scene: '#6a1b9a',
  busy: '#8d6e63',
  out_of_service: '#616161',
  off_duty: '#9e9e9e',
};

/** One letter per kind of unit, drawn white on the status colour. */
const kindLetters: Record<UnitKind, string> = {
  patrol_car: 'P',
  motorcycle: 'M',
  foot_patrol: 'F',
  traffic_unit: 'T',
  intervention_brigade: 'B',
  eod_squad: 'E',
  canine_unit: 'K',
};

/** Icons for the map, as SDF images (one colour, set by the layer), drawn once on a canvas. */
export function kindIcons(): [string, ImageData][] {
  return Object.entries(kindLetters).map(([kind, letter]) => {
    const size = 32;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.fillStyle = '#000';
    context.font = 'bold 22px sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(letter, size / 2, size / 2 + 1);
    return [`kind-${kind}`, context.getImageData(0, 0, size, size)];
  });
}
