import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../api';
import { problemText, Words } from '../../components/common';
import { useI18n, type CountKey, type I18n, type MessageKey } from '../../i18n';
import type { ApplicationStatus, BatchStatus } from '@contract';
import type { ApplicationStep } from '@contract/shapes';

/** A word of the bundle made from a server code (`idstatus.approved`), or the code itself when the console has none. */
export function codeLabel(i18n: I18n, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return i18n.has(key) ? i18n.t(key as MessageKey) : code;
}

/**
 * A value inside right-to-left text: a number (national ID, application, document, batch), a code, a
 * date, a time or an amount. Isolated and left to right, it reads as the server wrote it.
 */
export function Token({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <bdi dir="ltr" className="num" data-testid={testId}>
      {children}
    </bdi>
  );
}

/** A sentence of the bundle whose `{placeholders}` are values (numbers, codes, dates), each isolated. */
export function sentence(i18n: I18n, key: MessageKey, values: Record<string, string>, words?: Record<string, string | number>): ReactNode {
  return <Words text={i18n.t(key, words)} vars={tokens(values)} />;
}

/** `count` with its number isolated (an amount, a number of cards): `{n}` is a `Token`. */
export function CountWords({ name, n, testId }: { name: CountKey; n: number; testId?: string }) {
  const i18n = useI18n();
  return <Words text={i18n.count(name, n, { n: '{n}' })} vars={{ n: <Token testId={testId}>{i18n.number(n)}</Token> }} />;
}

function tokens(values: Record<string, string>): Record<string, ReactNode> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, <Token key={name}>{value}</Token>]));
}

/** An instant on the centre's clock, day first: `07/12/2026 10:19:00`. */
export function When({ at }: { at: string }) {
  const i18n = useI18n();
  return (
    <Token>
      {i18n.date(at)} {i18n.time(at)}
    </Token>
  );
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
  return (
    <ol className="timeline" data-testid="id-history">
      {steps.map((step, index) => (
        <li key={step.step ?? index} data-to={step.to}>
          <When at={step.at} /> <ApplicationStatusBadge status={step.to} />
          {step.actor !== undefined && (
            <span className="muted">
              {' '}
              <bdi dir="ltr">{step.actor.replace(/^(user|system):/, '')}</bdi>
            </span>
          )}
          {step.reason !== undefined && step.reason !== null && (
            <span>
              {' '}
              — <bdi>{step.reason}</bdi>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The fields a refusal from the server names (none for other failures). */
export function refusedFields(failure: unknown): string[] {
  return failure instanceof ApiError ? failure.errors.map((e) => e.field) : [];
}

/** A message made at display time, so that it follows a change of language. */
export type Message = (words: I18n) => ReactNode;

/** A message shown a few seconds. */
export function useToast(): { toast: Message | null; say: (message: Message) => void; fail: (failure: unknown) => void } {
  const [toast, setToast] = useState<Message | null>(null);
  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast(null), 6_000);
    return () => clearTimeout(timer);
  }, [toast]);
  const say = useCallback((message: Message) => setToast(() => message), []);
  const fail = useCallback((failure: unknown) => setToast(() => () => problemText(failure)), []);
  return { toast, say, fail };
}

export function Toast({ toast }: { toast: Message | null }) {
  const i18n = useI18n();
  if (toast === null) return null;
  return (
    <div className="toast" role="status" data-testid="id-toast">
      {toast(i18n)}
    </div>
  );
}
