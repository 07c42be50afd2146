import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const BASE = 'https://eido.invalid/';

/**
 * A JSON-Schema validator for NENA's EIDO 1.0 schema as published (`openapi.yaml` and the NIEM
 * components it references), for tests. Two slips in the published files are read as their authors
 * meant: numeric keywords written with a trailing comma (`minItems: 1,`) and `$ref`s with a doubled
 * slash (`NIEMComponents//j.yaml`).
 */
export function nenaEidoValidator(folder: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  const files = ['openapi.yaml', ...fs.readdirSync(path.join(folder, 'NIEMComponents')).filter((f) => f.endsWith('.yaml')).map((f) => `NIEMComponents/${f}`)];
  for (const file of files) {
    const document = normalise(YAML.parse(fs.readFileSync(path.join(folder, file), 'utf8')));
    ajv.addSchema(document as object, BASE + file);
  }
  return ajv.compile({ $ref: `${BASE}openapi.yaml#/components/schemas/EmergencyIncidentDataObjectType` });
}

const NUMERIC = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'minProperties', 'maxProperties']);

function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (NUMERIC.has(key) && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*,?\s*$/.test(value)) out[key] = Number(value.replace(',', ''));
    else if (key === '$ref' && typeof value === 'string') out[key] = value.replace(/\/\/+/g, '/');
    else out[key] = normalise(value);
  }
  return out;
}
