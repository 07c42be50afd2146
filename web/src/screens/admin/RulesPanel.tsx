import { Fragment, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { put } from '../../api';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { ConfirmLine, FormRefusal, NoticeLine, phrase, useFormRefusal, useNotice, type FieldNamer } from './parts';
import type { IdentityRules } from '@contract/shapes';

/** The two lists of age bands, and the word of each one's value. */
type BandList = 'validity' | 'fees';
const bandValue = { validity: 'years', fees: 'mad' } as const;
const bandWords: Record<BandList, { section: MessageKey; value: MessageKey; count: 'admin.rules.years' | 'admin.rules.dirhams' }> = {
  validity: { section: 'admin.rules.validity', value: 'admin.rules.validityYears', count: 'admin.rules.years' },
  fees: { section: 'admin.rules.fees', value: 'admin.rules.feeMad', count: 'admin.rules.dirhams' },
};

/** The rules as the form holds them: what is typed, as typed. */
interface Draft {
  readonly validity: readonly { readonly underAge: string; readonly value: string }[];
  readonly fees: readonly { readonly underAge: string; readonly value: string }[];
  readonly photo: string;
  readonly fingerprint: string;
  readonly minimumFingerprints: string;
  readonly autoApprove: boolean;
  readonly source: string;
}

/** A band's figure: years of validity, or the fee. */
function figureOf(band: IdentityRules[BandList][number]): number {
  return 'years' in band ? band.years : band.mad;
}

function draftOf(rules: IdentityRules): Draft {
  const bands = (list: BandList) => rules[list].map((band) => ({ underAge: band.underAge === null ? '' : String(band.underAge), value: String(figureOf(band)) }));
  return {
    validity: bands('validity'),
    fees: bands('fees'),
    photo: String(rules.minimumQuality.photo),
    fingerprint: String(rules.minimumQuality.fingerprint),
    minimumFingerprints: String(rules.minimumFingerprints),
    autoApprove: rules.autoApprove,
    source: rules.source,
  };
}

/** A typed number, or null (sent as such: the server names the field). */
function numberOf(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(value) ? null : value;
}

/** What `PUT /identity/rules` is sent: the last band of each list is for everyone older (no age). */
function rulesOf(draft: Draft): IdentityRules {
  const bands = (list: BandList) =>
    draft[list].map((band, index, all) => ({ underAge: index === all.length - 1 ? null : numberOf(band.underAge), [bandValue[list]]: numberOf(band.value) }));
  return {
    validity: bands('validity') as unknown as IdentityRules['validity'],
    fees: bands('fees') as unknown as IdentityRules['fees'],
    minimumQuality: { photo: numberOf(draft.photo) as number, fingerprint: numberOf(draft.fingerprint) as number },
    minimumFingerprints: numberOf(draft.minimumFingerprints) as number,
    autoApprove: draft.autoApprove,
    source: draft.source.trim(),
  };
}

const ruleFields: Record<string, MessageKey> = {
  validity: 'admin.rules.validity',
  fees: 'admin.rules.fees',
  minimumQuality: 'admin.rules.quality',
  'minimumQuality.photo': 'admin.rules.photo',
  'minimumQuality.fingerprint': 'admin.rules.fingerprint',
  minimumFingerprints: 'admin.rules.fingers',
  autoApprove: 'admin.rules.autoApprove',
  source: 'admin.rules.source',
};

/** `fees.1.underAge` is "Fees, band 2: under the age of"; the others have their label. */
const ruleFieldName: FieldNamer = (field, i18n) => {
  const band = /^(validity|fees)\.(\d+)\.(underAge|years|mad)$/.exec(field);
  if (band !== null) {
    const list = band[1] as BandList;
    return i18n.t('admin.rules.bandField', {
      section: i18n.t(bandWords[list].section),
      n: i18n.number(Number(band[2]) + 1),
      column: i18n.t(band[3] === 'underAge' ? 'admin.rules.underAge' : bandWords[list].value),
    });
  }
  return ruleFields[field] === undefined ? undefined : i18n.t(ruleFields[field]);
};

/** Age bands in one line: `under 12: 5 years; 12 and older: 10 years`. */
function bandsText(i18n: I18n, list: BandList, bands: IdentityRules[BandList]): string {
  return bands
    .map((band, index) => {
      const value = figureOf(band) ?? 0;
      const previous = bands[index - 1]?.underAge ?? null;
      const ages =
        band.underAge !== null ? i18n.t('admin.rules.under', { age: i18n.number(band.underAge) }) : previous === null ? i18n.t('admin.rules.allAges') : i18n.t('admin.rules.older', { age: i18n.number(previous) });
      return `${ages}: ${i18n.count(bandWords[list].count, value)}`;
    })
    .join(i18n.language === 'ar' ? '؛ ' : '; ');
}

/** Each thing the draft changes, as "what: before → after", for the confirmation. */
function changesOf(i18n: I18n, before: IdentityRules, after: IdentityRules): ReactNode[] {
  const lines: ReactNode[] = [];
  const line = (label: MessageKey, was: string, now: string) =>
    lines.push(
      <li key={label}>
        {i18n.t(label)}: {phrase(i18n, 'admin.rules.fromTo', { before: was, after: now })}
      </li>,
    );
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const onOff = (on: boolean) => i18n.t(on ? 'admin.rules.on' : 'admin.rules.off');
  const figure = (n: number | null) => (n === null ? '—' : i18n.number(n));
  if (!same(before.autoApprove, after.autoApprove)) line('admin.rules.autoApprove', onOff(before.autoApprove), onOff(after.autoApprove));
  for (const list of ['validity', 'fees'] as const) {
    if (!same(before[list], after[list])) line(bandWords[list].section, bandsText(i18n, list, before[list]), bandsText(i18n, list, after[list]));
  }
  if (!same(before.minimumQuality.photo, after.minimumQuality.photo)) line('admin.rules.photo', figure(before.minimumQuality.photo), figure(after.minimumQuality.photo));
  if (!same(before.minimumQuality.fingerprint, after.minimumQuality.fingerprint)) line('admin.rules.fingerprint', figure(before.minimumQuality.fingerprint), figure(after.minimumQuality.fingerprint));
  if (!same(before.minimumFingerprints, after.minimumFingerprints)) line('admin.rules.fingers', figure(before.minimumFingerprints), figure(after.minimumFingerprints));
  if (before.source !== after.source) {
    lines.push(
      <li key="source">
        {i18n.t('admin.rules.source')}: {i18n.t('admin.rules.sourceChanged')}
      </li>,
    );
  }
  return lines;
}

/**
 * The identity card rules, safe to change live: fees and validity by age, the quality an enrolment must
 * reach, the fingerprints it must hold, automatic approval, and where the figures come from. Saving asks
 * for a confirmation that lists what changes; applications already opened keep their fee and validity.
 */
export function RulesPanel() {
  const i18n = useI18n();
  const titleId = useId();
  const rules = useResource<IdentityRules>('/identity/rules', ['identity-rules/']);
  const { notice, say } = useNotice();
  return (
    <section className="admin-panel admin-rules" aria-labelledby={titleId} data-testid="admin-rules">
      <h2 id={titleId}>{i18n.t('admin.rules')}</h2>
      <p className="muted">{i18n.t('admin.rules.intro')}</p>
      <NoticeLine notice={notice} testId="admin-rules-notice" />
      {rules.data === undefined ? (
        <p className="muted">{rules.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : (
        <RulesForm
          key={JSON.stringify(rules.data)}
          rules={rules.data}
          canChange={store.can('identity.manage')}
          onSaved={() => {
            say((words) => words.t('admin.rules.saved'));
            rules.reload();
          }}
        />
      )}
    </section>
  );
}

function RulesForm({ rules, canChange, onSaved }: { rules: IdentityRules; canChange: boolean; onSaved: () => void }) {
  const i18n = useI18n();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(rules));
  const [confirming, setConfirming] = useState<IdentityRules | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const refusal = useFormRefusal(ruleFieldName);
  const edit = (change: Partial<Draft>) => {
    setDraft((before) => ({ ...before, ...change }));
    setUnchanged(false);
    setConfirming(null);
  };
  const editBand = (list: BandList, index: number, change: Partial<{ underAge: string; value: string }>) =>
    edit({ [list]: draft[list].map((band, i) => (i === index ? { ...band, ...change } : band)) });
  const addBand = (list: BandList) => {
    const bands = draft[list];
    // A new band goes before the last one (for everyone older), with the last one's value to start from.
    edit({ [list]: [...bands.slice(0, -1), { underAge: '', value: bands.at(-1)?.value ?? '' }, ...bands.slice(-1)] });
  };
  const removeBand = (list: BandList, index: number) => edit({ [list]: draft[list].filter((_, i) => i !== index) });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    refusal.clear();
    const next = rulesOf(draft);
    if (changesOf(i18n, rules, next).length === 0) {
      setUnchanged(true);
      return;
    }
    setConfirming(next);
  };
  const save = async (next: IdentityRules) => {
    try {
      await put<IdentityRules>('/identity/rules', next);
      setConfirming(null);
      onSaved();
      return true;
    } catch (failure) {
      setConfirming(null);
      refusal.refuse(failure, formRef.current);
      return false;
    }
  };

  const bandsField = (list: BandList) => (
    <fieldset className="admin-fieldset admin-bands" data-testid={`admin-rules-${list}`}>
      <legend>{i18n.t(bandWords[list].section)}</legend>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{i18n.t('admin.rules.ages')}</th>
            <th scope="col">{i18n.t(bandWords[list].value)}</th>
            <th scope="col">
              <span className="sr-only">{i18n.t('admin.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft[list].map((band, index, all) => {
            const last = index === all.length - 1;
            const previous = numberOf(all[index - 1]?.underAge ?? '');
            const agesText = last
              ? previous === null
                ? i18n.t('admin.rules.allAges')
                : i18n.t('admin.rules.older', { age: i18n.number(previous) })
              : i18n.t('admin.rules.under', { age: band.underAge === '' ? '…' : band.underAge });
            return (
              <tr key={index}>
                <td>
                  {last ? (
                    <span>{previous === null ? i18n.t('admin.rules.allAges') : phrase(i18n, 'admin.rules.older', { age: i18n.number(previous) })}</span>
                  ) : (
                    <label className="admin-inline">
                      <span>{i18n.t('admin.rules.underAge')}</span>
                      <input
                        name={`${list}.${index}.underAge`}
                        type="number"
                        min={1}
                        max={150}
                        value={band.underAge}
                        onChange={(event) => editBand(list, index, { underAge: event.target.value })}
                        disabled={!canChange}
                        dir="ltr"
                        aria-invalid={refusal.invalid(`${list}.${index}.underAge`)}
                      />
                    </label>
                  )}
                </td>
                <td>
                  <input
                    name={`${list}.${index}.${bandValue[list]}`}
                    type="number"
                    min={0}
                    value={band.value}
                    onChange={(event) => editBand(list, index, { value: event.target.value })}
                    disabled={!canChange}
                    dir="ltr"
                    aria-label={`${i18n.t(bandWords[list].value)} (${agesText})`}
                    aria-invalid={refusal.invalid(`${list}.${index}.${bandValue[list]}`)}
                    data-testid={`admin-rules-${list}-${index}`}
                  />
                </td>
                <td>
                  {!last && canChange && (
                    <button type="button" className="link" onClick={() => removeBand(list, index)}>
                      {i18n.t('admin.rules.removeBand')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {canChange && draft[list].length < 10 && (
        <div>
          <button type="button" className="secondary" onClick={() => addBand(list)}>
            {i18n.t('admin.rules.addBand')}
          </button>
        </div>
      )}
    </fieldset>
  );

  return (
    <>
      <form ref={formRef} className="admin-form" noValidate onSubmit={submit} data-testid="admin-rules-form">
        <label className="admin-check admin-auto-approve">
          <input type="checkbox" name="autoApprove" checked={draft.autoApprove} onChange={(event) => edit({ autoApprove: event.target.checked })} disabled={!canChange} data-testid="admin-rules-auto-approve" />
          <span>
            <strong>{i18n.t('admin.rules.autoApprove')}</strong>
            <span className="muted admin-hint-block">{i18n.t('admin.rules.autoApproveHint')}</span>
          </span>
        </label>
        <div className="admin-bands-pair">
          {bandsField('validity')}
          {bandsField('fees')}
        </div>
        <fieldset className="admin-fieldset admin-pair">
          <legend>{i18n.t('admin.rules.quality')}</legend>
          {(
            [
              ['photo', 'minimumQuality.photo', 'admin.rules.photo'],
              ['fingerprint', 'minimumQuality.fingerprint', 'admin.rules.fingerprint'],
            ] as const
          ).map(([key, name, label]) => (
            <label key={key}>
              {i18n.t(label)}
              <input name={name} type="number" min={0} max={100} value={draft[key]} onChange={(event) => edit({ [key]: event.target.value })} disabled={!canChange} dir="ltr" aria-invalid={refusal.invalid(name)} />
            </label>
          ))}
          <label>
            {i18n.t('admin.rules.fingers')}
            <input
              name="minimumFingerprints"
              type="number"
              min={1}
              max={10}
              value={draft.minimumFingerprints}
              onChange={(event) => edit({ minimumFingerprints: event.target.value })}
              disabled={!canChange}
              dir="ltr"
              aria-invalid={refusal.invalid('minimumFingerprints')}
            />
          </label>
        </fieldset>
        <label>
          {i18n.t('admin.rules.source')}
          <textarea name="source" rows={2} maxLength={500} value={draft.source} onChange={(event) => edit({ source: event.target.value })} disabled={!canChange} dir="auto" aria-invalid={refusal.invalid('source')} aria-describedby={`${id}-source`} />
          <span className="muted" id={`${id}-source`}>
            {i18n.t('admin.rules.sourceHint')}
          </span>
        </label>
        <FormRefusal refusal={refusal} testId="admin-rules-error" />
        {unchanged && <p className="muted">{i18n.t('admin.unchanged')}</p>}
        {canChange && confirming === null && (
          <div className="row">
            <button type="submit" data-testid="admin-rules-save">
              {i18n.t('admin.rules.save')}
            </button>
            <button type="button" className="secondary" onClick={() => edit(draftOf(rules))}>
              {i18n.t('admin.undo')}
            </button>
          </div>
        )}
      </form>
      {confirming !== null && (
        <ConfirmLine
          text={
            <>
              <p>{i18n.t('admin.rules.confirm')}</p>
              <ul>
                {changesOf(i18n, rules, confirming).map((change, index) => (
                  <Fragment key={index}>{change}</Fragment>
                ))}
              </ul>
            </>
          }
          withReason={false}
          testId="admin-rules-confirm"
          onCancel={() => setConfirming(null)}
          onConfirm={() => save(confirming)}
        />
      )}
    </>
  );
}
