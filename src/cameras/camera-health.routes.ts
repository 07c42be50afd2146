import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import { invalidField } from '../core/errors.js';
import type { App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { CameraStatus } from './camera.js';
import { CameraHealth, UptimeQuery, UptimeReport } from './camera-health.js';
import { cameraIngest } from './camera-ingest.js';

const HealthQuery = Closed({
  district: Type.Optional(Type.String({ minLength: 1, maxLength: 40, 'x-expected': 'the code of an imported district' })),
  status: Type.Optional(Type.Enum(Object.values(CameraStatus), { 'x-expected': `one of ${Object.values(CameraStatus).join(', ')}` })),
});

/** Live health (from memory) and uptime over a period (from the transitions). */
export function registerCameraHealthRoutes(app: App, core: Core): void {
  app.get(
    '/cameras/health',
    {
      config: { permission: 'camera.read' },
      schema: { tags: ['cameras'], summary: "Every camera's live health: status, last heartbeat and where it came from, Frigate's object counts", querystring: HealthQuery, response: { 200: Type.Array(CameraHealth) } },
    },
    async (request) => {
      const ingest = cameraIngest(core);
      await ingest.ready();
      return ingest.monitor.snapshot(request.query);
    },
  );

  app.get(
    '/cameras/uptime',
    {
      config: { permission: 'camera.read' },
      schema: {
        tags: ['cameras'],
        summary: 'Uptime per camera, per district and in all over [from, to), from the online/offline transitions (maintenance and never-heard time count neither way)',
        querystring: UptimeQuery,
        response: { 200: UptimeReport },
      },
    },
    async (request) => {
      if (Date.parse(request.query.to) <= Date.parse(request.query.from)) throw invalidField('to', 'must be after from');
      const ingest = cameraIngest(core);
      await ingest.ready();
      return ingest.monitor.uptime(request.query);
    },
  );
}
