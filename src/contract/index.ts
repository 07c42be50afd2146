/**
 * The contract the server and the console share, without a line of Node: status tables and the actions
 * they allow, the rules both apply (classification, priority order, open or closed, a unit's moves,
 * dispatch targets) and the error codes with their parameters. The shapes the API answers are TypeBox
 * schemas in the `*.schema.ts` files; the console reads them as types only, from `./shapes.ts`.
 */
export * from './account.js';
export * from './application.js';
export * from './appointment.js';
export * from './auth.js';
export * from './call.js';
export * from './camera.js';
export * from './card.js';
export * from './certificate.js';
export * from './classify.js';
export * from './dispatch.js';
export * from './eod.js';
export * from './errors.js';
export * from './incident.js';
export * from './journal.js';
export * from './lifecycle.js';
export * from './person.js';
export * from './production.js';
export * from './seal.js';
export * from './traffic.js';
export * from './unit.js';
