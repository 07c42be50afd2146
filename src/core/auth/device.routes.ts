import { Type } from 'typebox';
import type { Core } from '../context.js';
import { principalOf, type App } from '../http.js';
import { IdParams, ReasonBody } from '../schema.js';
import { Device, DeviceWithToken, NewDevice } from './device.js';
import { getDevice, listDevices, registerDevice, revokeDevice, rotateDeviceToken } from './device.service.js';
import { actorOf } from './principal.js';


/** Device tokens for vehicles, cameras and recorders. */
export function registerDeviceRoutes(app: App, core: Core): void {
  app.get(
    '/devices',
    { config: { permission: 'device.read' }, schema: { tags: ['devices'], summary: 'List devices', response: { 200: Type.Array(Device) } } },
    async () => listDevices(core.db),
  );

  app.post(
    '/devices',
    {
      config: { permission: 'device.manage' },
      schema: {
        tags: ['devices'],
        summary: 'Register a device; its token is returned once',
        body: NewDevice,
        response: { 201: DeviceWithToken },
      },
    },
    async (request, reply) => reply.code(201).send(await registerDevice(core, actorOf(principalOf(request)), request.body)),
  );

  app.post(
    '/devices/:id/revoke',
    {
      config: { permission: 'device.manage' },
      schema: { tags: ['devices'], summary: "Revoke a device's token", params: IdParams, body: ReasonBody, response: { 200: Device } },
    },
    async (request) => revokeDevice(core, actorOf(principalOf(request)), request.params.id, request.body.reason),
  );

  app.post(
    '/devices/:id/token',
    {
      config: { permission: 'device.manage' },
      schema: {
        tags: ['devices'],
        summary: "Rotate a device's token: a new one is returned once, the old one is refused at once and the device's connections closed",
        params: IdParams,
        body: ReasonBody,
        response: { 200: DeviceWithToken },
      },
    },
    async (request) => rotateDeviceToken(core, actorOf(principalOf(request)), request.params.id, request.body.reason),
  );

  app.get(
    '/devices/me',
    {
      config: { permission: 'device.report' },
      schema: { tags: ['devices'], summary: 'The calling device, as its token identifies it', response: { 200: Device } },
    },
    async (request) => {
      const principal = principalOf(request);
      return getDevice(core.db, principal.kind === 'device' ? principal.deviceId : '');
    },
  );
}
