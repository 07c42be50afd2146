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
/** A summary in each language the centre's call-takers write in. */
export interface Summary {
  readonly fr: string;
  readonly ar: string;
}

export interface TypeProfile {
  /** Share of the incidents, in percent. */
  readonly share: number;
  /** Probability that more than one person calls about the same event (a crash seen by a street). */
  readonly duplicateChance: number;
  /** Median minutes a unit stays on scene. */
  readonly onSceneMinutes: number;
  /** How many units the dispatcher sends at least (P1 incidents get two; see `unitsToSend`). */
  readonly units: number;
  /** The call-taker's one-line summary, as a Casablanca call-taker writes it: in French or in Arabic. */
  readonly summary: Summary;
}

export const incidentMix: Readonly<Record<string, TypeProfile>> = {
  noise: { share: 12, duplicateChance: 0.15, onSceneMinutes: 12, units: 1, summary: { fr: 'Tapage nocturne dans un appartement ou la rue, l’appelant ne peut pas dormir', ar: 'ضجيج من شقة أو من الشارع، المتصل لا يستطيع النوم' } },
  public_disorder: { share: 9, duplicateChance: 0.3, onSceneMinutes: 25, units: 1, summary: { fr: 'Troubles sur la voie publique, des personnes crient', ar: 'إخلال بالنظام العام في الشارع، أشخاص يصرخون' } },
  suspicious_person: { share: 9, duplicateChance: 0.05, onSceneMinutes: 15, units: 1, summary: { fr: 'Individu au comportement suspect près de voitures garées', ar: 'شخص يتصرف بشكل مريب قرب سيارات مركونة' } },
  traffic_accident: { share: 11, duplicateChance: 0.2, onSceneMinutes: 35, units: 1, summary: { fr: 'Collision entre deux voitures, pas de blessé', ar: 'اصطدام بين سيارتين، دون إصابات' } },
  traffic_accident_injuries: { share: 4, duplicateChance: 0.35, onSceneMinutes: 50, units: 2, summary: { fr: 'Collision avec des blessés sur la chaussée', ar: 'اصطدام مع وجود مصابين على الطريق' } },
  dangerous_driving: { share: 4, duplicateChance: 0.2, onSceneMinutes: 15, units: 1, summary: { fr: 'Véhicule en conduite dangereuse, zigzague dans la circulation', ar: 'سيارة تسير بشكل خطير وتتمايل بين السيارات' } },
  theft: { share: 10, duplicateChance: 0.05, onSceneMinutes: 25, units: 1, summary: { fr: 'Vol de téléphone ou de sac, l’appelant est la victime', ar: 'سرقة هاتف أو حقيبة، المتصل هو الضحية' } },
  burglary: { share: 4, duplicateChance: 0.05, onSceneMinutes: 50, units: 1, summary: { fr: 'Cambriolage d’un appartement ou d’un commerce', ar: 'سطو على شقة أو محل تجاري' } },
  robbery: { share: 3, duplicateChance: 0.1, onSceneMinutes: 45, units: 1, summary: { fr: 'Vol avec menaces sur la voie publique', ar: 'سرقة تحت التهديد في الشارع' } },
  assault: { share: 7, duplicateChance: 0.15, onSceneMinutes: 35, units: 1, summary: { fr: 'Rixe, une personne a été frappée', ar: 'شجار، تعرض شخص للضرب' } },
  domestic_violence: { share: 5, duplicateChance: 0.05, onSceneMinutes: 45, units: 1, summary: { fr: 'Violences au domicile, appel d’un voisin ou de la victime', ar: 'عنف داخل المنزل، المتصل جار أو الضحية' } },
  medical: { share: 6, duplicateChance: 0.05, onSceneMinutes: 25, units: 1, summary: { fr: 'Personne en malaise sur la voie publique', ar: 'شخص في حالة إغماء في الشارع' } },
  missing_person: { share: 2, duplicateChance: 0.02, onSceneMinutes: 60, units: 1, summary: { fr: 'Membre de la famille disparu depuis ce matin', ar: 'فرد من العائلة مفقود منذ هذا الصباح' } },
  lost_property: { share: 4, duplicateChance: 0, onSceneMinutes: 15, units: 1, summary: { fr: 'Portefeuille perdu avec la carte d’identité', ar: 'ضياع محفظة بها البطاقة الوطنية' } },
  fire: { share: 2, duplicateChance: 0.45, onSceneMinutes: 60, units: 1, summary: { fr: 'Fumée sortant d’un immeuble, protection civile avisée', ar: 'دخان يتصاعد من عمارة، تم إخبار الوقاية المدنية' } },
  shots_fired: { share: 0.3, duplicateChance: 0.6, onSceneMinutes: 90, units: 3, summary: { fr: 'Coups de feu entendus dans la rue', ar: 'سماع طلقات نارية في الشارع' } },
  suspicious_object: { share: 0.4, duplicateChance: 0.25, onSceneMinutes: 90, units: 1, summary: { fr: 'Colis abandonné dans un lieu public', ar: 'طرد مهجور في مكان عمومي' } },
  other: { share: 7.3, duplicateChance: 0.05, onSceneMinutes: 20, units: 1, summary: { fr: 'L’appelant demande l’aide de la police', ar: 'المتصل يطلب مساعدة الشرطة' } },
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
  | { readonly kind: 'no_incident'; readonly callers: 1; readonly summary: Summary }
  | {
      readonly kind: 'incident';
      readonly type: string;
      readonly answers: Readonly<Record<string, boolean | string>>;
      readonly callers: number;
      readonly summary: Summary;
      readonly profile: TypeProfile;
    };

const noIncidentReasons: readonly Summary[] = [
  { fr: 'Erreur de numéro', ar: 'رقم خاطئ' },
  { fr: 'Appel silencieux', ar: 'مكالمة صامتة' },
  { fr: 'Demande la pharmacie de garde', ar: 'يسأل عن الصيدلية المداومة' },
  { fr: 'Canular', ar: 'بلاغ كاذب' },
  { fr: 'Demande comment déclarer la perte d’un document', ar: 'يسأل عن كيفية التصريح بضياع وثيقة' },
];

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
