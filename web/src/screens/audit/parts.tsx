import type { ReactNode } from 'react';
import { ApiError } from '../../api';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { refusalText as refusalOfCode } from '../../refusal';

export { Words } from '../../components/common';

/**
 * A data token (actor, stream, event type, number, hash) isolated from the text around it, read left to
 * right; in a table cell it is set in monospace, inside a sentence (`inline`) in the sentence's type.
 */
export function Token({ children, className, inline }: { children: ReactNode; className?: string; inline?: boolean }) {
  return (
    <bdi dir="ltr" className={`${inline === true ? 'audit-inline' : 'audit-token'}${className === undefined ? '' : ` ${className}`}`}>
      {children}
    </bdi>
  );
}

/**
 * A date and time on the centre's clock, isolated but in the direction of its own language: an Arabic
 * date carries its own marks, and forcing it left to right would scramble it.
 */
export function When({ at }: { at: string | Date }) {
  const i18n = useI18n();
  return <bdi className="audit-when">{i18n.dateTime(at)}</bdi>;
}

/** Words for an event type, when the console has them (this screen's, or the incident timeline's). */
export function eventWords(i18n: I18n, type: string): string | undefined {
  for (const key of [`audit.event.${type}`, `event.${type}`]) if (i18n.has(key)) return i18n.t(key);
  return undefined;
}

/**
 * A request the server refused, in the operator's words: the form's own sentence for the field refused
 * (`fieldWords`: what the field accepts), else the console's one wording of refusals (`refusal.ts`),
 * naming a field by the form's label for it (`fieldLabels`), never by the API's name.
 */
export function refusalText(i18n: I18n, failure: unknown, fieldLabels: Readonly<Record<string, MessageKey>>, fieldWords: Readonly<Record<string, string>> = {}): string {
  if (!(failure instanceof ApiError)) return i18n.t('problem.network');
  const field = failure.errors[0]?.field;
  const own = field === undefined ? undefined : fieldWords[field];
  if (own !== undefined) return own;
  return refusalOfCode(i18n, failure, (name) => {
    const label = fieldLabels[name];
    return label === undefined ? undefined : i18n.t(label);
  });
}

/** Hands a file to the browser to save (an export for an inquiry). */
export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
