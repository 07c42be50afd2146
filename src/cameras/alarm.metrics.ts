import client from 'prom-client';
import type { Metrics } from '../core/metrics.js';
import { AlarmKind, alarmSeverities } from './alarm.js';
import { CameraStatus } from './camera.js';
import { EventResult, EventSource } from './camera-events.js';

export interface CameraMetrics {
  /** Every report from cameras and analytics, by source and by what became of it. */
  readonly events: client.Counter<'source' | 'result'>;
  /** Alarms that entered the queue, by kind and severity. */
  readonly alarms: client.Counter<'kind' | 'severity'>;
  /** Cameras by health status, as the monitor holds them. */
  readonly cameras: client.Gauge<'status'>;
  /** Seconds a save of the alarm desk took (one transaction for everything seen since the last). */
  readonly flushSeconds: client.Histogram;
}

const byRegistry = new WeakMap<client.Registry, CameraMetrics>();

/** The camera metrics of a process, registered once in its registry, every label pair at 0. */
export function cameraMetrics(metrics: Metrics): CameraMetrics {
  let found = byRegistry.get(metrics.registry);
  if (found === undefined) {
    found = {
      events: new client.Counter({
        name: 'amane_camera_events_total',
        help: 'Reports from cameras and video analytics (frigate, onvif, heartbeat) by result: accepted, ignored, invalid, unknown_camera, not_allowed, rate_limited.',
        labelNames: ['source', 'result'] as const,
        registers: [metrics.registry],
      }),
      alarms: new client.Counter({
        name: 'amane_camera_alarms_total',
        help: 'Camera alarms raised into the queue, by kind and severity.',
        labelNames: ['kind', 'severity'] as const,
        registers: [metrics.registry],
      }),
      cameras: new client.Gauge({ name: 'amane_cameras', help: 'Cameras by health status.', labelNames: ['status'] as const, registers: [metrics.registry] }),
      flushSeconds: new client.Histogram({
        name: 'amane_camera_alarm_save_seconds',
        help: 'Seconds one save of the alarm desk took.',
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        registers: [metrics.registry],
      }),
    };
    for (const source of Object.values(EventSource)) for (const result of Object.values(EventResult)) found.events.inc({ source, result }, 0);
    for (const kind of Object.values(AlarmKind)) for (const severity of alarmSeverities) found.alarms.inc({ kind, severity }, 0);
    for (const status of Object.values(CameraStatus)) found.cameras.set({ status }, 0);
    byRegistry.set(metrics.registry, found);
  }
  return found;
}
