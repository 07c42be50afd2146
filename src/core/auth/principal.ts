import type { DeviceKind } from './device.js';
import type { Permission, Role } from './permission.js';

/** Who is calling: a logged-in person or a device with its token. */
export type Principal =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly username: string;
      readonly roles: readonly Role[];
      readonly permissions: ReadonlySet<Permission>;
      readonly sessionId: string;
      readonly sessionExpiresAt: string;
      readonly mustChangePassword: boolean;
      /** Its roles ask for a second factor this session has not proved: it may only enrol one. */
      readonly secondFactorMissing: boolean;
    }
  | {
      readonly kind: 'device';
      readonly deviceId: string;
      readonly name: string;
      readonly deviceKind: DeviceKind;
      readonly permissions: ReadonlySet<Permission>;
    };

/** The journal's name for whoever acts: `user:alice`, `device:car-12`, `system:bootstrap`, `cli:root`. */
export type Actor = `user:${string}` | `device:${string}` | `system:${string}` | `cli:${string}`;

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user' ? `user:${principal.username}` : `device:${principal.name}`;
}
