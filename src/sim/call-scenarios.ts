import { chance, pickWeighted, type Random } from './sim-random.js';

/**
 * What the simulated callers report, and how long things take. No breakdown of line 19's calls by
 * type is published that we could find, so the shares below are our estimate, shaped after the
 * NICJR analysis of 1.2 million Seattle calls for service (2017-2019): about 80% were about
 * non-criminal events (disturbances, suspicious circumstances, traffic, welfare), 14% about
 * misdemeanours and 6% about felonies, 2% violent ones. Here disorder, noise, suspicion, traffic,
 * welfare and lost property make about two thirds of the incidents; thefts, burglaries, assaults,
 * robberies and domestic violence the rest; shots fired and suspicious objects well under 1%.
 * Durations on scene are medians of a log-normal spread (our estimate: a noise complaint takes
 * minutes, a road accident with injuries most of an hour, a suspicious object the EOD squad's
 * procedure).
 */
export interface TypeProfile {
  /** Share of the incidents, in percent. */
  readonly share: number;
  /** Probability that more than one person calls about the same event (a crash seen by a street). */
  readonly duplicateChance: number;
  /** Median minutes a unit stays on scene. */
  readonly onSceneMinutes: number;
  /** How many units the dispatcher sends at least (P1 incidents get two; see `unitsToSend`). */
  readonly units: number;
  /** The call-taker's one-line summary. */
  readonly summary: string;
}

export const incidentMix: Readonly<Record<string, TypeProfile>> = {
  noise: { share: 12, duplicateChance: 0.15, onSceneMinutes: 12, units: 1, summary: 'Noise from a flat or a street, caller cannot sleep' },
  public_disorder: { share: 9, duplicateChance: 0.3, onSceneMinutes: 25, units: 1, summary: 'Disturbance in the street, people shouting' },
  suspicious_person: { share: 9, duplicateChance: 0.05, onSceneMinutes: 15, units: 1, summary: 'Person acting suspiciously near parked cars' },
  traffic_accident: { share: 11, duplicateChance: 0.2, onSceneMinutes: 35, units: 1, summary: 'Collision between two cars, no one hurt' },
  traffic_accident_injuries: { share: 4, duplicateChance: 0.35, onSceneMinutes: 50, units: 2, summary: 'Collision with injured people on the road' },
  dangerous_driving: { share: 4, duplicateChance: 0.2, onSceneMinutes: 15, units: 1, summary: 'Car driving dangerously, weaving through traffic' },
  theft: { share: 10, duplicateChance: 0.05, onSceneMinutes: 25, units: 1, summary: 'Phone or bag stolen, caller is the victim' },
  burglary: { share: 4, duplicateChance: 0.05, onSceneMinutes: 50, units: 1, summary: 'Break-in at a flat or a shop' },
  robbery: { share: 3, duplicateChance: 0.1, onSceneMinutes: 45, units: 1, summary: 'Robbery with threats in the street' },
  assault: { share: 7, duplicateChance: 0.15, onSceneMinutes: 35, units: 1, summary: 'Fight, someone was hit' },
  domestic_violence: { share: 5, duplicateChance: 0.05, onSceneMinutes: 45, units: 1, summary: 'Violence at home, neighbour or victim calling' },
  medical: { share: 6, duplicateChance: 0.05, onSceneMinutes: 25, units: 1, summary: 'Person unwell in the street' },
  missing_person: { share: 2, duplicateChance: 0.02, onSceneMinutes: 60, units: 1, summary: 'Family member missing since this morning' },
  lost_property: { share: 4, duplicateChance: 0, onSceneMinutes: 15, units: 1, summary: 'Lost wallet with identity card' },
  fire: { share: 2, duplicateChance: 0.45, onSceneMinutes: 60, units: 1, summary: 'Smoke from a building, civil protection informed' },
  shots_fired: { share: 0.3, duplicateChance: 0.6, onSceneMinutes: 90, units: 3, summary: 'Shots heard in the street' },
  suspicious_object: { share: 0.4, duplicateChance: 0.25, onSceneMinutes: 90, units: 1, summary: 'Unattended package in a public place' },
  other: { share: 7.3, duplicateChance: 0.05, onSceneMinutes: 20, units: 1, summary: 'Caller needs police help' },
};

/**
 * Share of events that need no incident: wrong numbers, silent and hoax calls, questions for
 * information, calls for another service. Our assumption; emergency lines report far higher shares
 * of such calls in places.
 */
export const NO_INCIDENT_SHARE = 0.25;

/** The chance a caller answers yes, by question id (the catalogue's questionnaires); others 0.15. */
const yesChances: Readonly<Record<string, number>> = {
  in_progress: 0.3,
  weapon_seen: 0.06,
  injured: 0.2,
  over_long_ago: 0.25,
  suspect_fleeing: 0.2,
  suspect_on_scene: 0.15,
  intruders_inside: 0.15,
  children_present: 0.3,
  vulnerable: 0.2,
  road_blocked: 0.3,
  hit_and_run: 0.1,
  someone_hurt_after_all: 0.05,
  dispute: 0.2,
  vehicle_in_sight: 0.3,
  near_school_or_crowd: 0.1,
  trying_doors: 0.2,
  wires_or_smell: 0.2,
  crowded_place: 0.3,
  shooter_on_scene: 0.3,
  people_trapped: 0.1,
  arson_suspected: 0.1,
  violence_involved: 0.1,
  public_place: 0.4,
  threats: 0.1,
  identity_documents: 0.5,
  life_at_risk: 0.05,
};

/** Options' weights for choice questions; options not listed weigh 1. */
const optionWeights: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  age_group: { child: 2, minor: 2, adult: 3, elderly: 3 },
  crowd_size: { few: 5, group: 3.5, crowd: 1.5 },
  object_type: { package: 5, pipe: 1, vehicle: 1, threat_only: 3 },
};

/** The part of an incident type the simulator reads: its code and its questionnaire. */
export interface ScenarioType {
  readonly code: string;
  readonly questions: readonly { readonly id: string; readonly kind: string; readonly options?: readonly { readonly id: string }[] }[];
}

/** What one event in the city is, as its callers will report it. */
export type CallScenario =
  | { readonly kind: 'no_incident'; readonly callers: 1; readonly summary: string }
  | {
      readonly kind: 'incident';
      readonly type: string;
      readonly answers: Readonly<Record<string, boolean | string>>;
      readonly callers: number;
      readonly summary: string;
      readonly profile: TypeProfile;
    };

const noIncidentReasons = ['Wrong number', 'Silent call', 'Asks for a pharmacy on duty', 'Hoax call', 'Asks how to report a lost document'] as const;

/**
 * Draws an event: no incident, or an incident of a type in the catalogue (types the mix does not know
 * are left out; if the catalogue has none of the mix's types, every event is `no_incident`), with its
 * questionnaire answered and how many people call about it. `incidentOnly`: never `no_incident`.
 */
export function drawScenario(random: Random, catalogue: readonly ScenarioType[], localHour: number, options: { incidentOnly?: boolean } = {}): CallScenario {
  const known = catalogue.filter((type) => incidentMix[type.code] !== undefined);
  if (known.length === 0 || (options.incidentOnly !== true && chance(random, NO_INCIDENT_SHARE))) {
    return { kind: 'no_incident', callers: 1, summary: pickWeighted(random, noIncidentReasons.map((reason) => [reason, 1] as const)) };
  }
  const type = pickWeighted(random, known.map((t) => [t, incidentMix[t.code]!.share] as const));
  const profile = incidentMix[type.code]!;
  const answers: Record<string, boolean | string> = {};
  for (const question of type.questions) {
    if (question.kind === 'choice' && question.options !== undefined) {
      const weights = optionWeights[question.id] ?? {};
      answers[question.id] = pickWeighted(random, question.options.map((option) => [option.id, weights[option.id] ?? 1] as const));
    } else if (question.id === 'night_time') {
      answers[question.id] = localHour >= 22 || localHour < 6;
    } else {
      answers[question.id] = chance(random, yesChances[question.id] ?? 0.15);
    }
  }
  // One caller, or two to four when the event is seen by several people.
  const callers = chance(random, profile.duplicateChance) ? 2 + Math.floor(random() * 3) : 1;
  return { kind: 'incident', type: type.code, answers, callers, summary: profile.summary, profile };
}

/** Expected callers per event for this catalogue: turns a number of calls a day into events a day. */
export function meanCallersPerEvent(catalogue: readonly ScenarioType[]): number {
  const known = catalogue.map((t) => incidentMix[t.code]).filter((p): p is TypeProfile => p !== undefined);
  const total = known.reduce((sum, p) => sum + p.share, 0);
  if (total === 0) return 1;
  // Extra callers are 1, 2 or 3, so 2 on average when there are any.
  const perIncident = known.reduce((sum, p) => sum + (p.share / total) * (1 + 2 * p.duplicateChance), 0);
  return NO_INCIDENT_SHARE + (1 - NO_INCIDENT_SHARE) * perIncident;
}

/** Units to send: the type's own number, at least two for P1 and three to a crowd. */
export function unitsToSend(profile: TypeProfile, priority: string, answers: Readonly<Record<string, boolean | string>>): number {
  let units = profile.units;
  if (priority === 'P1') units = Math.max(units, 2);
  if (answers.crowd_size === 'crowd') units = Math.max(units, 3);
  return units;
}
