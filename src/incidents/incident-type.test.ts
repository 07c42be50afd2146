import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { classify, loadSeedCatalogue, requiredTypes, validateCatalogue, type IncidentType } from './incident-type.js';

const catalogue = loadSeedCatalogue();
const type = (code: string): IncidentType => {
  const found = catalogue.find((t) => t.code === code);
  if (found === undefined) throw new Error(`no type ${code}`);
  return found;
};

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('the incident type catalogue', () => {
  it('covers every protocol the centre must handle, labelled in Arabic, French and English', () => {
    // The required ones, and the stolen vehicle a plate hotlist's hit opens (not required: a catalogue saved
    // before it existed stays valid, and such a hit then opens a theft).
    expect(catalogue.map((t) => t.code).sort()).toEqual([...requiredTypes, 'stolen_vehicle'].sort());
    for (const t of catalogue) {
      expect(t.labels.ar, t.code).toMatch(/\p{Script=Arabic}/u);
      expect(t.labels.fr, t.code).toMatch(/^\p{Script=Latin}/u);
      expect(t.labels.en, t.code).toMatch(/^\p{Script=Latin}/u);
      for (const q of t.questions) expect(q.labels.ar, `${t.code}.${q.id}`).toMatch(/\p{Script=Arabic}/u);
    }
  });

  it('sends fire to civil protection and medical calls to 15/150', () => {
    expect(type('fire').transferTo).toEqual({ service: 'civil-protection', numbers: ['15'] });
    expect(type('medical').transferTo).toEqual({ service: 'medical', numbers: ['15', '150'] });
  });

  it('refuses a catalogue with a repeated code, a missing required type, or a malformed question', () => {
    const copy = () => structuredClone(catalogue) as unknown as Record<string, unknown>[];
    const repeated = copy();
    repeated.push(structuredClone(repeated[0]!));
    expect(refusal(() => validateCatalogue(repeated)).errors[0]).toEqual({ field: `${catalogue.length}.code`, message: '"assault" appears twice' });

    const missing = copy().filter((t) => t.code !== 'shots_fired');
    expect(refusal(() => validateCatalogue(missing)).message).toContain('the required type "shots_fired" is missing');

    const noOptions = copy();
    (noOptions[0]!.questions as Record<string, unknown>[])[0]!.kind = 'choice';
    expect(refusal(() => validateCatalogue(noOptions)).message).toContain('a choice question needs options');
  });

  it('refuses unknown capabilities, priorities and fields, naming where', () => {
    const bad = structuredClone(catalogue) as unknown as Record<string, unknown>[];
    bad[1]!.capabilities = ['armed', 'jetpack'];
    bad[2]!.defaultPriority = 'P0';
    bad[3]!.colour = 'red';
    const fields = refusal(() => validateCatalogue(bad)).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['1.capabilities.1', '2.defaultPriority', '3.colour']));
  });
});

describe('classifying a call from the questionnaire', () => {
  it('keeps the default priority and capabilities without answers', () => {
    expect(classify(type('assault'), {})).toEqual({ priority: 'P2', capabilities: [], flags: { weapons: false, hazards: false, children: false } });
    expect(classify(type('suspicious_object'), {})).toEqual({ priority: 'P1', capabilities: ['eod'], flags: { weapons: false, hazards: false, children: false } });
  });

  it('raises an assault with a weapon seen to P1, asks for an armed unit and sets the weapons flag', () => {
    expect(classify(type('assault'), { weapon_seen: true })).toEqual({ priority: 'P1', capabilities: ['armed'], flags: { weapons: true, hazards: false, children: false } });
    expect(classify(type('assault'), { weapon_seen: false })).toEqual({ priority: 'P2', capabilities: [], flags: { weapons: false, hazards: false, children: false } });
  });

  it('sets the children flag for children present or a missing child, and the hazards flag for wires or a smell', () => {
    expect(classify(type('domestic_violence'), { children_present: true }).flags).toEqual({ weapons: false, hazards: false, children: true });
    expect(classify(type('missing_person'), { age_group: 'minor' }).flags).toEqual({ weapons: false, hazards: false, children: true });
    expect(classify(type('missing_person'), { age_group: 'adult' }).flags).toEqual({ weapons: false, hazards: false, children: false });
    expect(classify(type('suspicious_object'), { object_type: 'suicide_vest' }).flags).toEqual({ weapons: true, hazards: true, children: false });
  });

  it('adds the robot to a suspicious object with wires showing', () => {
    expect(classify(type('suspicious_object'), { object_type: 'pipe', wires_or_smell: true })).toEqual({ priority: 'P1', capabilities: ['eod', 'robot'], flags: { weapons: false, hazards: true, children: false } });
  });

  it('lowers and raises by choice, and a raise wins over a lowering', () => {
    expect(classify(type('public_disorder'), { crowd_size: 'few' }).priority).toBe('P3');
    expect(classify(type('public_disorder'), { crowd_size: 'crowd' })).toEqual({ priority: 'P1', capabilities: ['intervention'], flags: { weapons: false, hazards: false, children: false } });
    expect(classify(type('assault'), { over_long_ago: true }).priority).toBe('P3');
    expect(classify(type('assault'), { over_long_ago: true, injured: true }).priority).toBe('P1');
    expect(classify(type('theft'), { over_long_ago: true, suspect_on_scene: true }).priority).toBe('P2');
  });

  it('refuses an answer to a question the type does not ask, or an answer of the wrong kind', () => {
    expect(refusal(() => classify(type('noise'), { weapon_seen: true })).errors).toEqual([
      { field: 'answers.weapon_seen', message: 'is not a question of noise' },
    ]);
    expect(refusal(() => classify(type('assault'), { weapon_seen: 'yes' })).errors[0]?.message).toBe('must be true or false');
    expect(refusal(() => classify(type('missing_person'), { age_group: 'teen' })).errors[0]?.message).toBe('must be one of child, minor, adult, elderly');
  });
});
