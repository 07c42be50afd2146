import fs from 'node:fs';
import { DomainError } from '../core/errors.js';
import { assertValid } from '../core/validate.js';
import { StandoffTable, type StandoffClass } from '../contract/eod.schema.js';

// The table's shape is the contract's: the console shows it.
export { DeviceClassCode, StandoffClass, StandoffTable, StandoffTableInForce } from '../contract/eod.schema.js';

/**
 * The bomb threat stand-off table: for each class of device, the mandatory evacuation distance and the
 * preferred one (shelter in place between the two). Data (`standoff-table.json`, from the NCTC/DHS
 * chart, its source cited in the file), editable by an administrator, validated whenever it is loaded.
 */


/** The classes every table must keep: those of the NCTC/DHS chart, which the call-taker's answers name. */
export const requiredDeviceClasses: readonly string[] = [
  'pipe_bomb',
  'suicide_vest',
  'briefcase_suitcase',
  'car',
  'suv_van',
  'small_delivery_truck',
  'container_water_truck',
  'semi_trailer',
];

/**
 * Checks a table beyond its schema: unique codes, the mandatory distance short of the preferred one,
 * the chart's classes present. Throws a validation error naming each problem.
 */
export function validateStandoffTable(input: unknown): StandoffTable {
  const table = assertValid<StandoffTable>(StandoffTable, input, 'table');
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  table.classes.forEach((c, i) => {
    if (seen.has(c.code)) problems.push({ field: `classes.${i}.code`, message: `"${c.code}" appears twice` });
    seen.add(c.code);
    if (c.mandatoryM >= c.preferredM) problems.push({ field: `classes.${i}.preferredM`, message: `must be more than the mandatory distance (${c.mandatoryM} m)` });
  });
  for (const code of requiredDeviceClasses) if (!seen.has(code)) problems.push({ field: 'classes', message: `the chart's class "${code}" is missing` });
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  return table;
}

let seed: StandoffTable | undefined;

/** The table shipped with Amane (loaded and validated once per process). */
export function seedStandoffTable(): StandoffTable {
  seed ??= validateStandoffTable(JSON.parse(fs.readFileSync(new URL('./standoff-table.json', import.meta.url), 'utf8')));
  return seed;
}

/** A class of the table, or a refusal listing the classes. */
export function standoffFor(table: StandoffTable, code: string, field = 'deviceClass'): StandoffClass {
  const found = table.classes.find((c) => c.code === code);
  if (found === undefined) {
    throw new DomainError('validation', `${field}: "${code}" is not a class of the stand-off table; classes: ${table.classes.map((c) => c.code).join(', ')}`, {
      errors: [{ field, message: `is not a class of the stand-off table` }],
    });
  }
  return found;
}

/**
 * The device class a call-taker's answer to "kind of object" points to; undefined for a threat without
 * an object (the first unit on scene, or the EOD officer, names one).
 */
export const deviceClassOfObjectType: Readonly<Record<string, string>> = {
  pipe: 'pipe_bomb',
  suicide_vest: 'suicide_vest',
  package: 'briefcase_suitcase',
  vehicle: 'car',
  van: 'suv_van',
  small_truck: 'small_delivery_truck',
  large_truck: 'container_water_truck',
  semi_trailer: 'semi_trailer',
};
