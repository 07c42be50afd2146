// The identity module's public entry: what other modules may use.
export { seedIdentityDemo } from './identity.demo.js';
export { createPerson, linkAccount, rewrapPersonDataKeys } from './person.service.js';
// The keys the identity service seals with, for their rotation (`amane keys rotate`).
export { resealBiometrics } from './biometric-vault.js';
export { changeKeystorePassphrase } from './icao/keystore.js';
export { recomputeRegisterIndexes } from './index-rotation.js';
export { PERSON_KEK_FILE } from './register-keys.js';
