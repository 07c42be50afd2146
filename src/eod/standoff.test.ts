import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { deviceClassOfObjectType, requiredDeviceClasses, seedStandoffTable, standoffFor, validateStandoffTable } from './standoff.js';
import { loadSeedCatalogue } from '../incidents/incident-type.js';

/** The NCTC/DHS bomb threat stand-off chart, in metres: mandatory evacuation, preferred evacuation. */
const chart: Record<string, [number, number]> = {
  pipe_bomb: [21, 366],
  suicide_vest: [34, 518],
  briefcase_suitcase: [46, 564],
  car: [98, 580],
  suv_van: [122, 732],
  small_delivery_truck: [195, 1_159],
  container_water_truck: [263, 1_555],
  semi_trailer: [479, 2_835],
};

describe('the stand-off table', () => {
  it('gives each device class the radii of the NCTC/DHS chart, and cites it', () => {
    const table = seedStandoffTable();
    expect(table.source).toMatch(/NCTC/);
    expect(Object.fromEntries(table.classes.map((c) => [c.code, [c.mandatoryM, c.preferredM]]))).toEqual(chart);
    for (const c of table.classes) expect(c.labels.ar.length * c.labels.fr.length * c.labels.en.length).toBeGreaterThan(0);
    expect(standoffFor(table, 'car')).toMatchObject({ mandatoryM: 98, preferredM: 580 });
  });

  it('refuses a class it does not have, naming those it has', () => {
    expect(() => standoffFor(seedStandoffTable(), 'tractor')).toThrow(/"tractor" is not a class of the stand-off table; classes: pipe_bomb, suicide_vest/);
  });

  it('refuses a table whose mandatory distance is not short of the preferred one, a class twice, or a chart class missing', () => {
    const table = structuredClone(seedStandoffTable());
    table.classes[0]!.preferredM = table.classes[0]!.mandatoryM;
    table.classes.push({ ...table.classes[1]! });
    table.classes.splice(table.classes.findIndex((c) => c.code === 'semi_trailer'), 1);
    let error: DomainError | undefined;
    try {
      validateStandoffTable(table);
    } catch (caught) {
      error = caught as DomainError;
    }
    expect(error?.errors).toEqual([
      { field: 'classes.0.preferredM', message: 'must be more than the mandatory distance (21 m)' },
      { field: `classes.${table.classes.length - 1}.code`, message: '"suicide_vest" appears twice' },
      { field: 'classes', message: 'the chart\'s class "semi_trailer" is missing' },
    ]);
    expect(() => validateStandoffTable({ source: 'x', classes: [{ code: 'pipe_bomb', labels: { ar: 'x', fr: 'x', en: 'x' }, mandatoryM: -1, preferredM: 5 }] })).toThrow(DomainError);
  });

  it("maps each answer of the call-taker's questionnaire to a class of the chart, and every class is reachable", () => {
    const type = loadSeedCatalogue().find((t) => t.code === 'suspicious_object')!;
    const options = type.questions.find((q) => q.id === 'object_type')!.options!.map((o) => o.id);
    for (const option of options) if (option !== 'threat_only') expect(requiredDeviceClasses, option).toContain(deviceClassOfObjectType[option]);
    expect(new Set(Object.values(deviceClassOfObjectType))).toEqual(new Set(requiredDeviceClasses));
    expect(type.questions.map((q) => q.id)).toContain('object_position');
  });
});
