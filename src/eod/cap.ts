import { escapeXml } from '../core/xml-text.js';
import type { LatLon } from '../geo/geometry.js';
import type { StandoffClass } from './standoff.js';

/**
 * The public warning of a cordon as an OASIS CAP 1.2 alert (urn:oasis:names:tc:emergency:cap:1.2): one
 * `<info>` in Arabic and one in French, each with two `<area>`s, the mandatory-evacuation circle and the
 * shelter-in-place circle (`lat,lon radius_km`). Pure: the service keeps each message as issued.
 */

export const CapMsgType = { alert: 'Alert', update: 'Update', cancel: 'Cancel' } as const;
export type CapMsgType = (typeof CapMsgType)[keyof typeof CapMsgType];

/** An earlier message, as CAP's `<references>` names it. */
export interface CapReference {
  readonly sender: string;
  readonly identifier: string;
  readonly sent: string;
}

export interface CapInput {
  readonly identifier: string;
  readonly sender: string;
  /** CAP's own date-time: `2026-11-29T11:00:00+01:00` (see `localDateTime`). */
  readonly sent: string;
  readonly msgType: CapMsgType;
  /** The earlier messages of the cordon, oldest first (none for an Alert). */
  readonly references: readonly CapReference[];
  readonly incident: string;
  readonly deviceClass: StandoffClass;
  readonly centre: LatLon;
  readonly mandatoryM: number;
  readonly preferredM: number;
  /** The class was confirmed on scene (certainty Likely rather than Possible). */
  readonly confirmed: boolean;
  readonly address: string | null;
  /** Why the cordon was lifted (Cancel). */
  readonly reason?: string;
}

/** A CAP circle: `lat,lon radius`, the radius in kilometres. */
export function capCircle(centre: LatLon, radiusM: number): string {
  return `${centre.lat.toFixed(6)},${centre.lon.toFixed(6)} ${(radiusM / 1_000).toFixed(3)}`;
}

interface Words {
  readonly language: string;
  readonly event: string;
  readonly senderName: string;
  headline(input: CapInput, label: string): string;
  description(input: CapInput, label: string): string;
  instruction(input: CapInput): string;
  readonly mandatoryArea: string;
  readonly shelterArea: string;
}

const arabic: Words = {
  language: 'ar-MA',
  event: 'جسم مشبوه / تهديد بوجود قنبلة',
  senderName: 'المديرية العامة للأمن الوطني - المركز الرئيسي للقيادة والتنسيق',
  headline: (input) =>
    input.msgType === 'Cancel'
      ? 'انتهاء الإنذار: رفع الطوق الأمني'
      : `${input.msgType === 'Update' ? 'تحديث: ' : ''}جسم مشبوه - إخلاء إجباري في دائرة ${input.mandatoryM} متر`,
  description: (input, label) =>
    input.msgType === 'Cancel'
      ? `رفع الطوق الأمني حول ${label}${input.address === null ? '' : ` قرب ${input.address}`}. يمكن العودة إلى المنطقة.`
      : `${input.confirmed ? 'تم تأكيد' : 'تم الإبلاغ عن'} جسم مشبوه (${label})${input.address === null ? '' : ` قرب ${input.address}`}. الطوق الأمني: إخلاء إجباري حتى ${input.mandatoryM} متر، والاحتماء في المكان حتى ${input.preferredM} متر.`,
  instruction: (input) =>
    input.msgType === 'Cancel'
      ? 'اتبعوا تعليمات الشرطة.'
      : `غادروا فورا المنطقة الواقعة على أقل من ${input.mandatoryM} متر. بين ${input.mandatoryM} و${input.preferredM} متر: ابقوا داخل المباني بعيدا عن النوافذ. اتبعوا تعليمات الشرطة.`,
  mandatoryArea: 'منطقة الإخلاء الإجباري',
  shelterArea: 'منطقة الاحتماء في المكان',
};

const french: Words = {
  language: 'fr-MA',
  event: 'Colis / objet suspect, alerte à la bombe',
  senderName: 'DGSN - Poste central de commandement et de coordination',
  headline: (input) =>
    input.msgType === 'Cancel'
      ? "Fin d'alerte : périmètre de sécurité levé"
      : `${input.msgType === 'Update' ? 'Mise à jour : ' : ''}objet suspect, évacuation obligatoire dans un rayon de ${input.mandatoryM} m`,
  description: (input, label) =>
    input.msgType === 'Cancel'
      ? `Le périmètre de sécurité (${label})${input.address === null ? '' : ` près de ${input.address}`} est levé. Le retour dans la zone est possible.`
      : `Objet suspect ${input.confirmed ? 'confirmé' : 'signalé'} (${label})${input.address === null ? '' : ` près de ${input.address}`}. Périmètre de sécurité : évacuation obligatoire jusqu'à ${input.mandatoryM} m, confinement sur place jusqu'à ${input.preferredM} m.`,
  instruction: (input) =>
    input.msgType === 'Cancel'
      ? 'Suivez les consignes de la police.'
      : `Quittez immédiatement la zone à moins de ${input.mandatoryM} m. Entre ${input.mandatoryM} et ${input.preferredM} m : restez à l'intérieur, loin des fenêtres. Suivez les consignes de la police.`,
  mandatoryArea: "Zone d'évacuation obligatoire",
  shelterArea: 'Zone de confinement sur place',
};

/** The alert as CAP 1.2 XML (UTF-8). */
export function capAlertXml(input: CapInput): string {
  const cancel = input.msgType === 'Cancel';
  const info = (words: Words, label: string) => [
    '  <info>',
    el('language', words.language, 4),
    el('category', 'Security', 4),
    el('category', 'CBRNE', 4),
    el('event', words.event, 4),
    ...(cancel ? [el('responseType', 'AllClear', 4)] : [el('responseType', 'Evacuate', 4), el('responseType', 'Shelter', 4)]),
    el('urgency', cancel ? 'Past' : 'Immediate', 4),
    el('severity', cancel ? 'Minor' : 'Severe', 4),
    el('certainty', cancel ? 'Observed' : input.confirmed ? 'Likely' : 'Possible', 4),
    el('senderName', words.senderName, 4),
    el('headline', words.headline(input, label), 4),
    el('description', words.description(input, label), 4),
    el('instruction', words.instruction(input), 4),
    parameter('deviceClass', input.deviceClass.code),
    parameter('mandatoryEvacuationM', String(input.mandatoryM)),
    parameter('preferredEvacuationM', String(input.preferredM)),
    '    <area>',
    el('areaDesc', words.mandatoryArea, 6),
    el('circle', capCircle(input.centre, input.mandatoryM), 6),
    '    </area>',
    '    <area>',
    el('areaDesc', words.shelterArea, 6),
    el('circle', capCircle(input.centre, input.preferredM), 6),
    '    </area>',
    '  </info>',
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    el('identifier', input.identifier, 2),
    el('sender', input.sender, 2),
    el('sent', input.sent, 2),
    el('status', 'Actual', 2),
    el('msgType', input.msgType, 2),
    el('scope', 'Public', 2),
    ...(input.reason === undefined ? [] : [el('note', input.reason, 2)]),
    ...(input.references.length === 0 ? [] : [el('references', input.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' '), 2)]),
    el('incidents', input.incident, 2),
    ...info(arabic, input.deviceClass.labels.ar),
    ...info(french, input.deviceClass.labels.fr),
    '</alert>',
    '',
  ];
  return lines.join('\n');
}

function parameter(name: string, value: string): string {
  return `    <parameter>\n${el('valueName', name, 6)}\n${el('value', value, 6)}\n    </parameter>`;
}

function el(name: string, text: string, indent: number): string {
  return `${' '.repeat(indent)}<${name}>${escapeXml(text)}</${name}>`;
}
