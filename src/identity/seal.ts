/**
 * The message zone of this service's seals: feature values (strings, dates `YYYY-MM-DD`) to the TLV
 * features of a seal and back, by the kind's definition (`sealDefinitions` in the contract). Pure.
 */
import { SealEncoding, sealDefinitions, sealKindOf, type SealFeature, type SealKind } from '../contract/seal.js';
import { decodeC40, encodeC40, isC40Text } from './icao/c40.js';
import { decodeVdsDate, encodeVdsDate, VdsError, type Vds, type VdsFeature } from './icao/vds.js';

export { SealEncoding, SealFeature, SealKind, SealStatus, SealVerdict, sealDefinitions, sealKindOf } from '../contract/seal.js';

/** A sealed document's features by name. */
export type SealFeatures = Partial<Record<SealFeature, string>>;

/** What a seal says, read back. */
export interface SealContent {
  readonly kind: SealKind;
  readonly documentNumber: string;
  readonly issuedOn: string;
  readonly expiresOn: string;
  readonly features: SealFeatures;
}

/** The features of a seal of `kind`; a value a feature cannot hold is refused with the feature's name. */
export function encodeSealFeatures(kind: SealKind, values: SealFeatures): VdsFeature[] {
  const definition = sealDefinitions[kind];
  const out: VdsFeature[] = [];
  for (const { feature, tag, encoding, maxLength } of definition.features) {
    const value = values[feature];
    if (value === undefined || value === '') continue;
    if (encoding === SealEncoding.c40) {
      if (!isC40Text(value) || value.length > maxLength) throw new VdsError(`${feature}: "${value}" is not up to ${maxLength} capital letters, digits and spaces`);
      out.push({ tag, value: encodeC40(value) });
    } else if (encoding === SealEncoding.date) {
      out.push({ tag, value: encodeVdsDate(value) });
    } else {
      const bytes = Buffer.from(value, 'utf8');
      if (bytes.length > maxLength || value !== value.normalize('NFC')) throw new VdsError(`${feature}: up to ${maxLength} bytes of UTF-8 text (NFC)`);
      out.push({ tag, value: Uint8Array.from(bytes) });
    }
  }
  return out;
}

/** The content of a decoded seal of this service; a seal of another kind, or a feature that does not read, is refused. */
export function sealContentOf(vds: Vds): SealContent {
  const kind = sealKindOf(vds.header.featureDefinitionReference, vds.header.documentTypeCategory);
  if (kind === undefined) throw new VdsError(`feature definition 0x${vds.header.featureDefinitionReference.toString(16)}, category 0x${vds.header.documentTypeCategory.toString(16)} is none of this service's seals`);
  const definitions = sealDefinitions[kind].features;
  const features: SealFeatures = {};
  for (const { tag, value } of vds.features) {
    const definition = definitions.find((d) => d.tag === tag);
    if (definition === undefined) throw new VdsError(`feature tag 0x${tag.toString(16)} is not in the ${kind} definition`);
    if (features[definition.feature] !== undefined) throw new VdsError(`feature ${definition.feature} appears twice`);
    features[definition.feature] =
      definition.encoding === SealEncoding.c40 ? decodeC40(value) : definition.encoding === SealEncoding.date ? decodeVdsDate(value) : new TextDecoder('utf-8', { fatal: true }).decode(value);
  }
  const documentNumber = features.documentNumber;
  const expiresOn = features.validUntil;
  if (documentNumber === undefined || expiresOn === undefined) throw new VdsError('a seal of this service carries its document number and its validity end');
  return { kind, documentNumber, issuedOn: vds.header.documentIssueDate, expiresOn, features };
}
