import type { Actor } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { renderDocument, type BilingualDocument, type DocumentField } from '../core/pdf/bilingual-document.js';
import { CertificateKind, dayFirst, type CertificateHolder } from './certificate.js';
import { certificateSealPng } from './certificate-seal.js';
import { issuedCertificate, type IssuedCertificate } from './certificate.service.js';

/**
 * The printed certificate: what it says in Arabic and in French, laid out by the bilingual renderer
 * (`core/pdf`), with its visible digital seal. Made on request from what the register stored at issue
 * (the holder, the address, the records check) and the seal the sealed-document register keeps: nothing
 * is kept as a PDF.
 */

/** The certificate as the renderer lays it out. */
export type CertificateDocument = BilingualDocument;
type CertificateLine = DocumentField;

const AUTHORITY = { ar: 'المملكة المغربية\nالمديرية العامة للأمن الوطني', fr: 'Royaume du Maroc\nDirection Générale de la Sûreté Nationale' };

const TITLES: Readonly<Record<CertificateKind, { ar: string; fr: string }>> = {
  [CertificateKind.policeRecord]: { ar: 'البطاقة الأنثروبومترية', fr: 'Fiche anthropométrique' },
  [CertificateKind.residence]: { ar: 'شهادة السكنى', fr: 'Certificat de résidence' },
};

/**
 * Latin text in the Arabic column, kept left to right: a left-to-right mark before it, or an address that
 * starts with its number would show the number at its far end ("rue ..., Casablanca 3").
 */
function latinInArabic(text: string): string {
  return /[\u0600-\u06FF]/u.test(text) ? text : `\u200E${text}`;
}

const SEX = { F: { ar: 'أنثى', fr: 'Féminin' }, M: { ar: 'ذكر', fr: 'Masculin' } } as const;

/** The holder's lines; the police record certificate names the sex too, as the anthropometric record does. */
function holderLines(holder: CertificateHolder, nin: string, withSex: boolean): CertificateLine[] {
  const sex = withSex ? SEX[holder.sex as keyof typeof SEX] : undefined;
  return [
    { labelAr: 'النسب', labelFr: 'Nom', valueAr: holder.surnameAr, valueFr: holder.surname },
    { labelAr: 'الاسم الشخصي', labelFr: 'Prénom', valueAr: holder.givenNamesAr, valueFr: holder.givenNames },
    // One line, as Moroccan documents put it: the seal then fits on the first page.
    { labelAr: 'تاريخ ومكان الازدياد', labelFr: 'Date et lieu de naissance', value: `${dayFirst(holder.birthDate)} - ${holder.birthPlace}` },
    ...(sex === undefined ? [] : [{ labelAr: 'الجنس', labelFr: 'Sexe', valueAr: sex.ar, valueFr: sex.fr }]),
    { labelAr: 'رقم البطاقة الوطنية للتعريف', labelFr: 'N° CNIE', value: nin },
  ];
}

/** What the certificate says, in both languages, from what was stored at issue. Pure. */
export function certificateDocument(issued: IssuedCertificate, sealImage: Buffer): CertificateDocument {
  const { certificate, holder } = issued;
  const fields = holderLines(holder, certificate.nin, certificate.kind === CertificateKind.policeRecord);
  const paragraphs: { ar: string; fr: string }[] = [];
  if (certificate.kind === CertificateKind.policeRecord) {
    const check = certificate.recordsCheck;
    if (check === null || check.clean) {
      fields.push({ labelAr: 'السوابق العدلية', labelFr: 'Antécédents judiciaires', valueAr: 'لا شيء', valueFr: 'Néant' });
      paragraphs.push({
        ar: 'تشهد المديرية العامة للأمن الوطني بأنه لا يوجد أي حكم مسجل في اسم المعني بالأمر إلى تاريخ تسليم هذه البطاقة.',
        fr: 'La Direction Générale de la Sûreté Nationale atteste qu’aucune condamnation n’est inscrite au nom de l’intéressé(e) à la date de délivrance.',
      });
    } else {
      check.entries.forEach((entry, index) => {
        fields.push({
          labelAr: `حكم ${index + 1}`,
          labelFr: `Condamnation ${index + 1}`,
          valueFr: `${dayFirst(entry.judgmentDate)} - ${entry.court} (${entry.caseReference}) - ${entry.offence} - ${entry.sentence}`,
          // The court's words are French: the Arabic column gives the date and the case, short enough to stay on one line.
          valueAr: latinInArabic(`${dayFirst(entry.judgmentDate)} - ${entry.caseReference}`),
        });
      });
      paragraphs.push({
        ar: 'تشهد المديرية العامة للأمن الوطني بأن الأحكام المذكورة أعلاه مسجلة في اسم المعني بالأمر إلى تاريخ تسليم هذه البطاقة.',
        fr: 'La Direction Générale de la Sûreté Nationale atteste que les condamnations ci-dessus sont inscrites au nom de l’intéressé(e) à la date de délivrance.',
      });
    }
  } else {
    const residence = certificate.residence!;
    fields.push({ labelAr: 'العنوان', labelFr: 'Adresse', valueAr: latinInArabic(residence.address), valueFr: residence.address });
    if (residence.documentReference !== null) fields.push({ labelAr: 'الوثيقة المثبتة', labelFr: 'Justificatif', value: residence.documentReference });
    paragraphs.push({
      ar: 'تشهد المديرية العامة للأمن الوطني بأن الشخص المذكور أعلاه يقطن بالعنوان المبين.',
      fr: 'La Direction Générale de la Sûreté Nationale certifie que la personne désignée ci-dessus réside à l’adresse indiquée.',
    });
  }
  return {
    authority: AUTHORITY,
    title: TITLES[certificate.kind],
    documentNumber: certificate.documentNumber!,
    issuedOn: certificate.issuedOn!,
    expiresOn: certificate.expiresOn!,
    fields,
    paragraphs,
    footer: {
      ar: `طلب رقم ${certificate.number}. صالحة إلى غاية ${dayFirst(certificate.expiresOn!)}. يمكن التحقق من الختم الرقمي المرئي.`,
      fr: `Demande n° ${certificate.number}. Valable jusqu’au ${dayFirst(certificate.expiresOn!)}. Le cachet numérique visible peut être vérifié.`,
    },
    seal: { png: sealImage, caption: { ar: 'الختم الرقمي المرئي', fr: 'Cachet numérique visible' } },
  };
}

/**
 * An issued certificate as a PDF, rendered now from the stored data and seal; the read is journaled.
 * `owner`: a citizen's username, who gets their own certificates only.
 */
export async function certificatePdf(core: Core, actor: Actor, number: string, owner?: string): Promise<{ fileName: string; pdf: Buffer }> {
  const issued = await issuedCertificate(core, actor, number, owner);
  const document = certificateDocument(issued, await certificateSealPng(issued.seal));
  return { fileName: `${issued.certificate.documentNumber}.pdf`, pdf: await renderDocument(document) };
}
