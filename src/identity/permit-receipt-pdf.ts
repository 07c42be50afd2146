import type { Actor } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { formatDayFirst, renderDocument, type BilingualDocument, type DocumentField } from '../core/pdf/bilingual-document.js';
import type { PermitKind } from '../contract/permit.js';
import type { ReceiptDocument } from '../contract/permit.schema.js';
import { receiptDocument } from './permit.service.js';
import { sealPng } from './seal-image.js';

const TITLES: Readonly<Record<PermitKind, { ar: string; fr: string }>> = {
  first_registration: { ar: 'وصل طلب بطاقة التسجيل', fr: 'Récépissé de demande de carte d’immatriculation' },
  renewal: { ar: 'وصل طلب تجديد بطاقة التسجيل', fr: 'Récépissé de demande de renouvellement de la carte d’immatriculation' },
  residence_card: { ar: 'وصل طلب بطاقة الإقامة', fr: 'Récépissé de demande de carte de résidence' },
};

/** What the receipt prints, laid out for the bilingual renderer (core/pdf): the holder, the file, the validity, the seal. */
export function receiptLayout(document: ReceiptDocument): BilingualDocument {
  const { receipt, holder } = document;
  const fields: DocumentField[] = [
    { labelAr: 'الاسم العائلي', labelFr: 'Nom', valueFr: holder.surname, valueAr: holder.surnameAr ?? holder.surname },
    { labelAr: 'الاسم الشخصي', labelFr: 'Prénoms', valueFr: holder.givenNames, valueAr: holder.givenNamesAr ?? holder.givenNames },
    { labelAr: 'رقم التسجيل', labelFr: 'N° d’immatriculation', value: holder.number },
    { labelAr: 'تاريخ الازدياد', labelFr: 'Date de naissance', value: formatDayFirst(holder.birthDate, 'holder.birthDate') },
    { labelAr: 'الجنسية', labelFr: 'Nationalité', value: holder.nationality },
    { labelAr: 'رقم جواز السفر', labelFr: 'N° de passeport', value: holder.passportNumber },
    { labelAr: 'رقم الطلب', labelFr: 'N° de la demande', value: receipt.application },
    { labelAr: 'عدد التجديدات', labelFr: 'Renouvellements', value: String(receipt.renewals) },
  ];
  const until = formatDayFirst(receipt.validUntil, 'receipt.validUntil');
  return {
    authority: {
      ar: `المملكة المغربية\nالمديرية العامة للأمن الوطني\n${document.desk.name}`,
      fr: `Royaume du Maroc\nDirection Générale de la Sûreté Nationale\n${document.desk.name}`,
    },
    title: TITLES[document.kind],
    documentNumber: document.sealNumber ?? receipt.number,
    issuedOn: receipt.issuedOn,
    expiresOn: receipt.validUntil,
    fields,
    paragraphs: [
      {
        ar: `يثبت هذا الوصل إيداع الطلب المذكور أعلاه، ويقوم مقام سند إقامة مؤقت إلى غاية ${until} (القانون رقم 02-03).`,
        fr: `Ce récépissé atteste le dépôt de la demande ci-dessus et tient lieu de titre de séjour provisoire jusqu’au ${until} (loi n° 02-03).`,
      },
    ],
    footer: {
      ar: `وصل رقم ${receipt.number}. يمكن التحقق من الختم الرقمي المرئي.`,
      fr: `Récépissé n° ${receipt.number}. Le cachet numérique visible peut être vérifié.`,
    },
    ...(document.seal === null ? {} : { seal: { png: sealPng(Buffer.from(document.seal, 'base64')), caption: { ar: 'الختم الرقمي المرئي', fr: 'Cachet numérique visible' } } }),
  };
}

/** An application's receipt as a PDF in Arabic and French, rendered now from the register (the holder's read journaled). */
export async function receiptPdf(core: Core, actor: Actor, application: string): Promise<{ fileName: string; pdf: Buffer }> {
  const document = await receiptDocument(core, actor, application);
  return { fileName: `${document.sealNumber ?? document.receipt.number}.pdf`, pdf: await renderDocument(receiptLayout(document)) };
}
