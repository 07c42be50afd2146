import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, put } from '../../api';
import { PriorityBadge } from '../../components/common';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { priorities } from '@contract';
import type { Priority } from '@contract';
import type { Effect, Labels } from '@contract/shapes';
import { ConfirmLine, phrase, refusalText } from '../admin/parts';
import { placeOf, typeFieldName } from './fields';
import { capabilities, labelLanguages, type CatalogueType, type Draft } from './types';

/** Whether two versions of a type are the same (both come from the server's JSON, fields in one order). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Labels as they are sent: trimmed, so that a label of spaces is refused as empty. */
function trimmed(labels: Labels): Labels {
  return { ar: labels.ar.trim(), fr: labels.fr.trim(), en: labels.en.trim() };
}

/** The type as it is sent: every label trimmed. */
function cleaned(type: CatalogueType): CatalogueType {
  return {
    ...type,
    labels: trimmed(type.labels),
    questions: type.questions.map((question) => ({
      ...question,
      labels: trimmed(question.labels),
      ...(question.options === undefined ? {} : { options: question.options.map((option) => ({ ...option, labels: trimmed(option.labels) })) }),
    })),
  };
}

export function capabilityName(i18n: I18n, capability: string): string {
  const key = `catalogue.capability.${capability}`;
  return i18n.has(key) ? i18n.t(key) : capability;
}

/** What an answer does, in words: raises the priority, asks for capabilities, marks flags. */
function EffectText({ effect }: { effect: Effect | undefined }) {
  const i18n = useI18n();
  const parts: ReactNode[] = [];
  if (effect?.raisePriorityTo !== undefined) parts.push(i18n.t('catalogue.effect.raise', { priority: i18n.t(`priority.${effect.raisePriorityTo}` as MessageKey) }));
  if (effect?.lowerPriorityTo !== undefined) parts.push(i18n.t('catalogue.effect.lower', { priority: i18n.t(`priority.${effect.lowerPriorityTo}` as MessageKey) }));
  if (effect?.addCapabilities !== undefined && effect.addCapabilities.length > 0) {
    parts.push(i18n.t('catalogue.effect.capabilities', { capabilities: effect.addCapabilities.map((c) => capabilityName(i18n, c)).join(i18n.separator) }));
  }
  if (effect?.setFlags !== undefined && effect.setFlags.length > 0) {
    parts.push(i18n.t('catalogue.effect.flags', { flags: effect.setFlags.map((flag) => i18n.t(`flag.${flag}`)).join(i18n.separator) }));
  }
  return <span className="catalogue-effect">{parts.length === 0 ? i18n.t('catalogue.effect.none') : parts.join(i18n.language === 'ar' ? '؛ ' : '; ')}</span>;
}

/** A label in the three languages, each typed in its own direction. */
function LabelInputs({ legend, labels, path, invalid, onChange }: { legend: ReactNode; labels: Labels; path: string; invalid: string | undefined; onChange: (labels: Labels) => void }) {
  const i18n = useI18n();
  return (
    <fieldset className="admin-fieldset catalogue-labels">
      <legend>{legend}</legend>
      {labelLanguages.map((language) => {
        const name = `${path}.${language}`;
        return (
          <label key={language} lang={language}>
            <span lang={i18n.language}>{i18n.t(`catalogue.label.${language}`)}</span>
            <input
              name={name}
              value={labels[language]}
              onChange={(event) => onChange({ ...labels, [language]: event.target.value })}
              maxLength={120}
              autoComplete="off"
              dir={language === 'ar' ? 'rtl' : 'ltr'}
              aria-invalid={invalid === name ? true : undefined}
              data-testid={`catalogue-${name}`}
            />
          </label>
        );
      })}
    </fieldset>
  );
}

/** The server's refusal of a save, kept with the type it was about. */
interface Refusal {
  readonly failure: unknown;
  /** The code of the type the refused field belongs to, and the field inside it. */
  readonly type?: CatalogueType;
  readonly path?: string;
}

/**
 * One type of the catalogue: its names in three languages, base priority and required capabilities,
 * and its questionnaire with each question's and answer's names (what the answers do is shown, not
 * edited here). Saving sends the whole catalogue with this type changed, after a confirmation (Enter
 * confirms, Escape goes back); the server checks it all, and its refusal names the field.
 */
export function TypeEditor({ type, catalogue, onSaved, onClose }: { type: CatalogueType; catalogue: readonly CatalogueType[]; onSaved: (type: CatalogueType) => void; onClose: () => void }) {
  const i18n = useI18n();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  // `base` is the type as it was when editing began: what the draft's changes are measured from.
  const [edit, setEdit] = useState<{ draft: Draft<CatalogueType>; base: CatalogueType }>(() => ({ draft: structuredClone(type) as Draft<CatalogueType>, base: type }));
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const { draft, base } = edit;
  const dirty = !same(draft, base);

  // The catalogue read again (a save, here or elsewhere): an untouched draft follows it.
  useEffect(() => setEdit((current) => (same(current.draft, current.base) || same(current.draft, type) ? { draft: structuredClone(type) as Draft<CatalogueType>, base: type } : current)), [type]);

  const change = (update: (draft: Draft<CatalogueType>) => void) => {
    setEdit((current) => {
      const next = structuredClone(current.draft);
      update(next);
      return { ...current, draft: next };
    });
    setConfirming(false);
    setUnchanged(false);
  };

  const reset = () => {
    setEdit({ draft: structuredClone(base) as Draft<CatalogueType>, base });
    setRefusal(null);
    setUnchanged(false);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setRefusal(null);
    if (same(cleaned(draft), type)) {
      setUnchanged(true);
      return;
    }
    setConfirming(true);
  };
  const cancel = () => {
    setConfirming(false);
    setTimeout(() => saveRef.current?.focus());
  };
  const save = async () => {
    const sent = catalogue.map((t) => (t.code === draft.code ? cleaned(draft) : t));
    try {
      await put<CatalogueType[]>('/incident-types', sent);
      setConfirming(false);
      onSaved(cleaned(draft));
      return true;
    } catch (failure) {
      const place = failure instanceof ApiError && failure.errors[0] !== undefined ? placeOf(failure.errors[0].field) : undefined;
      const refused = place === undefined ? undefined : sent[place.index];
      setRefusal({ failure, ...(refused === undefined || place === undefined ? {} : { type: refused, path: place.path }) });
      setConfirming(false);
      // The cursor goes to the field refused, when it is one of this type's.
      if (refused?.code === draft.code && place !== undefined) setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(place.path)}"]`)?.focus());
      return false;
    }
  };

  const invalid = refusal?.type?.code === draft.code ? refusal.path : undefined;
  const refusalLine =
    refusal === null
      ? null
      : refusal.type !== undefined && refusal.path !== undefined && refusal.failure instanceof ApiError && refusal.failure.code === 'validation'
        ? phrase(i18n, 'catalogue.error.field', { field: typeFieldName(i18n, refusal.path), type: i18n.label(refusal.type.labels) || refusal.type.code })
        : refusalText(i18n, refusal.failure, 'settings');

  return (
    <section className="admin-panel admin-detail catalogue-editor" aria-labelledby={`${id}-title`} data-testid="catalogue-editor" data-type={type.code}>
      <h2 id={`${id}-title`}>
        <bdi>{i18n.label(type.labels)}</bdi>
        <bdi dir="ltr" className="admin-username">
          {type.code}
        </bdi>
        <button type="button" className="link admin-close" onClick={onClose}>
          {i18n.t('admin.detail.close')}
        </button>
      </h2>
      <dl className="admin-facts">
        <dt>{i18n.t('catalogue.family')}</dt>
        <dd>
          <bdi dir="ltr">{type.family}</bdi>
        </dd>
        {type.commonType !== undefined && (
          <>
            <dt>{i18n.t('catalogue.commonType')}</dt>
            <dd>
              <bdi dir="ltr">{type.commonType}</bdi>
            </dd>
          </>
        )}
        {type.transferTo !== undefined && (
          <>
            <dt>{i18n.t('catalogue.transfer')}</dt>
            <dd>
              <bdi>{type.transferTo.service}</bdi> (<bdi dir="ltr">{type.transferTo.numbers.join(', ')}</bdi>)
            </dd>
          </>
        )}
      </dl>
      {!same(base, type) && dirty && (
        <p className="admin-pending" role="status">
          {i18n.t('catalogue.changedMeanwhile')}
        </p>
      )}
      <form ref={formRef} className="admin-form catalogue-form" noValidate onSubmit={submit} data-testid="catalogue-form">
        <LabelInputs legend={i18n.t('catalogue.labels')} labels={draft.labels} path="labels" invalid={invalid} onChange={(labels) => change((d) => void (d.labels = labels))} />
        <div className="catalogue-row">
          <label>
            {i18n.t('catalogue.col.priority')}
            <span className="catalogue-priority">
              <select
                name="defaultPriority"
                value={draft.defaultPriority}
                onChange={(event) => change((d) => void (d.defaultPriority = event.target.value as Priority))}
                aria-invalid={invalid === 'defaultPriority' ? true : undefined}
                data-testid="catalogue-priority"
              >
                {priorities.map((priority) => (
                  <option key={priority} value={priority}>
                    {i18n.t(`priority.${priority}` as MessageKey)}
                  </option>
                ))}
              </select>
              <PriorityBadge priority={draft.defaultPriority} />
            </span>
          </label>
        </div>
        <fieldset className="admin-fieldset catalogue-capabilities" aria-invalid={invalid?.startsWith('capabilities') === true ? true : undefined}>
          <legend>{i18n.t('catalogue.col.capabilities')}</legend>
          {capabilities.map((capability) => (
            <label key={capability} className="admin-check">
              <input
                type="checkbox"
                name="capabilities"
                value={capability}
                checked={draft.capabilities.includes(capability)}
                onChange={(event) =>
                  change((d) => void (d.capabilities = event.target.checked ? capabilities.filter((c) => c === capability || d.capabilities.includes(c)) : d.capabilities.filter((c) => c !== capability)))
                }
                data-testid={`catalogue-capability-${capability}`}
              />{' '}
              {capabilityName(i18n, capability)}
            </label>
          ))}
        </fieldset>
        <h3>{i18n.t('catalogue.questionnaire')}</h3>
        {draft.questions.length === 0 && <p className="muted">{i18n.t('catalogue.noQuestions')}</p>}
        {draft.questions.map((question, q) => (
          <fieldset key={question.id} className="admin-fieldset catalogue-question" data-question={question.id}>
            <legend>
              {i18n.t('catalogue.question', { n: i18n.number(q + 1) })} · {i18n.t(question.kind === 'yes-no' ? 'catalogue.kind.yesNo' : 'catalogue.kind.choice')} ·{' '}
              <bdi dir="ltr" className="admin-username">
                {question.id}
              </bdi>
            </legend>
            <LabelInputs
              legend={i18n.t('catalogue.questionText')}
              labels={question.labels}
              path={`questions.${q}.labels`}
              invalid={invalid}
              onChange={(labels) => change((d) => void (d.questions[q]!.labels = labels))}
            />
            {question.kind === 'yes-no' && (
              <p className="muted catalogue-effects">
                {i18n.t('catalogue.ifYes')} <EffectText effect={question.ifYes} />
              </p>
            )}
            {(question.options ?? []).map((option, o) => (
              <div key={option.id} className="catalogue-option">
                <LabelInputs
                  legend={
                    <>
                      {i18n.t('catalogue.option', { n: i18n.number(o + 1) })} ·{' '}
                      <bdi dir="ltr" className="admin-username">
                        {option.id}
                      </bdi>
                    </>
                  }
                  labels={option.labels}
                  path={`questions.${q}.options.${o}.labels`}
                  invalid={invalid}
                  onChange={(labels) => change((d) => void (d.questions[q]!.options![o]!.labels = labels))}
                />
                <p className="muted catalogue-effects">
                  {i18n.t('catalogue.effects')} <EffectText effect={option.effect} />
                </p>
              </div>
            ))}
          </fieldset>
        ))}
        {refusalLine !== null && (
          <p className="error" role="alert" data-testid="catalogue-error" data-field={refusal?.path}>
            {refusalLine}
          </p>
        )}
        {unchanged && <p className="muted">{i18n.t('catalogue.unchanged')}</p>}
        {!confirming && (
          <div className="row">
            <button type="submit" ref={saveRef} data-testid="catalogue-save">
              {i18n.t('catalogue.save')}
            </button>
            <button type="button" className="secondary" disabled={!dirty} onClick={reset}>
              {i18n.t('catalogue.undo')}
            </button>
            {dirty && <span className="muted">{i18n.t('catalogue.unsaved')}</span>}
          </div>
        )}
      </form>
      {confirming && (
        <ConfirmLine
          text={<p>{phrase(i18n, 'catalogue.confirm', { type: i18n.label(trimmed(draft.labels)) || draft.code })}</p>}
          withReason={false}
          testId="catalogue-confirm"
          onCancel={cancel}
          onConfirm={save}
        />
      )}
    </section>
  );
}
