import { Type, type Static } from 'typebox';
import { Closed, Line } from '../core/schema.js';

/**
 * How an incident ended, said by the dispatcher who closes it: the figure a supervisor and the year's
 * report count (dispositions by type and district). Codes are stable; labels are in the three
 * languages of the console.
 */
export const dispositions = [
  { code: 'report_written', labels: { ar: 'تحرير محضر', fr: 'Procès-verbal établi', en: 'Report written' } },
  { code: 'arrest', labels: { ar: 'توقيف شخص أو أكثر', fr: 'Interpellation', en: 'Arrest made' } },
  { code: 'resolved_on_scene', labels: { ar: 'سُوّي في عين المكان', fr: 'Réglé sur place', en: 'Resolved on scene' } },
  { code: 'no_offence', labels: { ar: 'لم تُعاين أي مخالفة', fr: 'Aucune infraction constatée', en: 'No offence found' } },
  { code: 'gone_on_arrival', labels: { ar: 'لا أحد عند الوصول', fr: 'Personne à l’arrivée', en: 'Gone on arrival' } },
  { code: 'false_alarm', labels: { ar: 'بلاغ كاذب أو إنذار خاطئ', fr: 'Fausse alerte', en: 'False alarm' } },
  { code: 'referred', labels: { ar: 'أحيل على مصلحة أخرى', fr: 'Transmis à un autre service', en: 'Referred to another service' } },
] as const;

export type DispositionCode = (typeof dispositions)[number]['code'];
export const dispositionCodes: readonly DispositionCode[] = dispositions.map((d) => d.code);

export const DispositionSchema = Type.Enum([...dispositionCodes], { 'x-expected': `one of ${dispositionCodes.join(', ')}` });

export const Disposition = Closed({
  code: DispositionSchema,
  labels: Closed({ ar: Type.String(), fr: Type.String(), en: Type.String() }),
});
export type Disposition = Static<typeof Disposition>;

/** What closes an incident: how it ended, and a reason (required when no unit was sent). */
export const CloseBody = Closed({
  disposition: Type.Optional(DispositionSchema),
  reason: Type.Optional(Line({ maxLength: 500 })),
});
