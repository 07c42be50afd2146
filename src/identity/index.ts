// The identity module's public entry: what other modules may use.
export { seedIdentityDemo } from './identity.demo.js';
export { createPerson, linkAccount, rewrapPersonDataKeys } from './person.service.js';
// The keys the identity service seals with, for their rotation (`amane keys rotate`).
export { resealBiometrics } from './biometric-vault.js';
export { changeKeystorePassphrase } from './icao/keystore.js';
export { recomputeRegisterIndexes } from './index-rotation.js';
export { PERSON_KEK_FILE } from './register-keys.js';
// Visible digital seals (ICAO Doc 9303 Part 13) on printed documents: issued inside the caller's command.
export { issueSeal, registeredSeal, resealSealedDocuments, revokeSeal, revokeSealInCommand, verifySeal, type IssueSealInput, type SealHolderFeatures } from './seal.service.js';
export { readSealImage, sealPng, type SealPngOptions } from './seal-image.js';
export { SealFeature, SealKind, SealVerdict, sealDefinitions } from './seal.js';
