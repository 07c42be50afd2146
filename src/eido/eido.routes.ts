import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { assertValid } from '../core/validate.js';
import { Incident, IncidentNumber } from '../incidents/index.js';
import { ReceivedEido } from './eido.js';
import { exportEido, importEido } from './eido.service.js';

const EidoDocument = Type.Object({}, { additionalProperties: true, description: 'a NENA EIDO 1.0 document (NENA-STA-024.1)' });

/** Incidents shared with other centres as NENA EIDO 1.0 documents. */
export function registerEidoRoutes(app: App, core: Core): void {
  app.get(
    '/incidents/:number/eido',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: 'The incident as a NENA EIDO 1.0 document: incident, location, calls, notes, cautions',
        params: Closed({ number: IncidentNumber }),
        response: { 200: EidoDocument },
      },
    },
    async (request) => exportEido(core, request.params.number),
  );

  app.post(
    '/incidents/eido',
    {
      config: { permission: 'incident.create' },
      schema: {
        tags: ['incidents'],
        summary: "Open an incident from another centre's EIDO 1.0 document (CAD-to-CAD transfer); each problem is reported on its field",
        // Checked in the handler: EIDO's field names `$id` and `$ref` would read as JSON-Schema keywords
        // to the OpenAPI generator.
        body: EidoDocument,
        response: { 201: Closed({ incident: Incident, warnings: Type.Array(Type.String()) }) },
      },
    },
    async (request, reply) => reply.code(201).send(await importEido(core, actorOf(principalOf(request)), assertValid<ReceivedEido>(ReceivedEido, request.body, 'body'))),
  );
}
