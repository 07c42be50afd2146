import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { problemText } from '../../components/common';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import type { ApplicationStatus, ApplicationStep, BatchStatus } from './types';

/** A word of the bundle made from a server code (`idstatus.approved`), or the code itself when the console has none. */
export function codeLabel(i18n: I18n, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return i18n.has(key) ? i18n.t(key as MessageKey) : code;
}

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const i18n = useI18n();
  return (
    <span className={`badge id-status ${status}`} data-status={status}>
      {codeLabel(i18n, 'idstatus', status)}
    </span>
  );
}

export function BatchStatusBadge({ status }: { status: BatchStatus }) {
  const i18n = useI18n();
  return <span className={`badge id-batch ${status}`}>{codeLabel(i18n, 'idbatch', status)}</span>;
}

type HistoryStep = Pick<ApplicationStep, 'to' | 'at'> & Partial<Omit<ApplicationStep, 'to' | 'at'>>;

/** The status history of an application, oldest first: when, what, who, why (a citizen sees when and what). */
export function StatusHistory({ steps }: { steps: readonly HistoryStep[] }) {
  const i18n = useI18n();
  return (
    <ol className="timeline" data-testid="id-history">
      {steps.map((step, index) => (
        <li key={step.step ?? index} data-to={step.to}>
          <span className="num">{i18n.dateTime(step.at)}</span> <ApplicationStatusBadge status={step.to} />
          {step.actor !== undefined && <span className="muted"> {step.actor.replace(/^(user|system):/, '')}</span>}
          {step.reason !== undefined && step.reason !== null && <span> — {step.reason}</span>}
        </li>
      ))}
    </ol>
  );
}

/** The fields a refusal from the server names (none for other failures). */
export function refusedFields(failure: unknown): string[] {
  return failure instanceof ApiError ? failure.errors.map((e) => e.field) : [];
}

/** A message shown a few seconds; made at display time so it follows a change of language. */
export function useToast(): { toast: ((words: I18n) => string) | null; say: (message: (words: I18n) => string) => void; fail: (failure: unknown) => void } {
  const [toast, setToast] = useState<((words: I18n) => string) | null>(null);
  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), 6_000);
    return () => clearTimeout(timer);
  }, [toast]);
  const say = useCallback((message: (words: I18n) => string) => setToast(() => message), []);
  const fail = useCallback((failure: unknown) => setToast(() => () => problemText(failure)), []);
  return { toast, say, fail };
}

export function Toast({ toast }: { toast: ((words: I18n) => string) | null }) {
  const i18n = useI18n();
  if (toast === null) return null;
  return (
    <div className="toast" role="status" data-testid="id-toast">
      {toast(i18n)}
    </div>
  );
}
