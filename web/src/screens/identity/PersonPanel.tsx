import { useState, type FormEvent } from 'react';
import { get, post, query } from '../../api';
import { problemText, Words } from '../../components/common';
import { DateInput } from '../../components/DateInput';
import { useI18n, type MessageKey } from '../../i18n';
import { store } from '../../store';
import { codeLabel, refusedFields, sentence, Token, When, type Message } from './parts';
import type { ErasedPerson, Person, PersonRecord } from '@contract/shapes';

type Say = (message: Message) => void;

/** The fields of a new record, in the order of the form, with their words and what the browser checks first. */
// Free text follows the script typed (`auto`): an address typed in Latin reads left to right in Arabic.
const FIELDS: readonly { name: string; label: MessageKey; required: boolean; type?: string; pattern?: string; dir: 'rtl' | 'ltr' | 'auto' }[] = [
  { name: 'nin', label: 'identity.nin', required: false, pattern: '[A-Za-z]{1,2}[0-9]{3,7}', dir: 'ltr' },
  { name: 'surname', label: 'identity.surname', required: true, dir: 'ltr' },
  { name: 'givenNames', label: 'identity.givenNames', required: true, dir: 'ltr' },
  { name: 'surnameAr', label: 'identity.surnameAr', required: true, dir: 'rtl' },
  { name: 'givenNamesAr', label: 'identity.givenNamesAr', required: true, dir: 'rtl' },
  { name: 'birthDate', label: 'identity.birthDate', required: true, type: 'date', dir: 'ltr' },
  { name: 'birthPlace', label: 'identity.birthPlace', required: true, dir: 'auto' },
  { name: 'fatherName', label: 'identity.fatherName', required: false, dir: 'auto' },
  { name: 'motherName', label: 'identity.motherName', required: false, dir: 'auto' },
  { name: 'address', label: 'identity.address', required: true, dir: 'auto' },
  { name: 'phone', label: 'identity.phone', required: false, type: 'tel', dir: 'ltr' },
];

/**
 * The person in front of the clerk: found in the national register by their national ID number (the
 * read is journaled with its reason), or registered when they are not in it yet. The server checks every
 * field (names in one script each, a real birth date, ...) and names those it refuses. A person who has
 * no national ID number yet is given the next one of the desk's letters. From the record, the clerk opens
 * the person's application. A person erased from the register reads as such: the number, when and under
 * which text, and what became of the cards; nothing personal is left to show.
 */
export function PersonPanel({ desk, onOpen, say }: { desk: string; onOpen: (nin: string) => void; say: Say }) {
  const i18n = useI18n();
  const [mode, setMode] = useState<'find' | 'register'>('find');
  const [person, setPerson] = useState<PersonRecord | null>(null);
  // The failure itself: its words are found when shown, in the language then in force.
  const [error, setError] = useState<{ failure: unknown; fields: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const failed = (failure: unknown) => setError({ failure, fields: refusedFields(failure) });

  const find = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const nin = String(data.get('nin') ?? '').trim().toUpperCase();
    setBusy(true);
    try {
      setPerson(await get<PersonRecord>(`/identity/persons/${nin}${query({ reason: String(data.get('reason') ?? '').trim() })}`));
      setError(null);
    } catch (failure) {
      setPerson(null);
      failed(failure);
    } finally {
      setBusy(false);
    }
  };

  const register = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body: Record<string, string> = {};
    for (const field of FIELDS) {
      const value = String(data.get(field.name) ?? '').trim();
      if (value !== '') body[field.name] = field.name === 'nin' ? value.toUpperCase() : value;
    }
    body.sex = String(data.get('sex') ?? '');
    // Without a number, the clerk's desk allocates the next one of its letters.
    if (body.nin === undefined && desk !== '') body.desk = desk;
    setBusy(true);
    try {
      const created = await post<Person>('/identity/persons', body);
      setPerson(created);
      setError(null);
      setMode('find');
      say((words) => sentence(words, 'identity.registered', { nin: created.nin }));
    } catch (failure) {
      failed(failure);
    } finally {
      setBusy(false);
    }
  };

  const invalid = (name: string) => error?.fields.includes(name) === true;
  return (
    <section className="id-panel" aria-labelledby="id-person-title" data-testid="id-person">
      <h2 id="id-person-title">
        {i18n.t('identity.person')}
        {store.can('identity.enrol') && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setMode(mode === 'find' ? 'register' : 'find');
              setError(null);
            }}
            data-testid="id-person-mode"
          >
            {i18n.t(mode === 'find' ? 'identity.registerPerson' : 'identity.findPerson')}
          </button>
        )}
      </h2>
      {mode === 'find' ? (
        <form className="form id-inline" onSubmit={(e) => void find(e)} data-testid="id-person-find">
          <label>
            {i18n.t('identity.nin')}
            <input name="nin" dir="ltr" required pattern="[A-Za-z]{1,2}[0-9]{3,7}" autoComplete="off" data-testid="id-person-nin" />
          </label>
          <label>
            {i18n.t('identity.readReason')}
            <input name="reason" dir="auto" required minLength={3} maxLength={200} defaultValue={i18n.t('identity.readReasonDefault')} key={i18n.language} />
          </label>
          <button type="submit" disabled={busy} data-testid="id-person-find-submit">
            {i18n.t('identity.findPerson')}
          </button>
        </form>
      ) : (
        <form className="form" onSubmit={(e) => void register(e)} data-testid="id-person-register">
          {FIELDS.map((field) => (
            <label key={field.name}>
              {i18n.t(field.label)}
              {field.name === 'nin' && <span className="muted">{i18n.t('identity.ninAllocated')}</span>}
              {field.type === 'date' ? (
                <DateInput name={field.name} required={field.required} invalid={invalid(field.name)} data-testid={`id-person-${field.name}`} />
              ) : (
                <input
                  name={field.name}
                  required={field.required}
                  type={field.type ?? 'text'}
                  pattern={field.pattern}
                  dir={field.dir}
                  autoComplete="off"
                  aria-invalid={invalid(field.name)}
                  data-testid={`id-person-${field.name}`}
                />
              )}
            </label>
          ))}
          <fieldset className="row">
            <legend>{i18n.t('identity.sex')}</legend>
            <label>
              <input type="radio" name="sex" value="F" required /> {i18n.t('identity.female')}
            </label>
            <label>
              <input type="radio" name="sex" value="M" required data-testid="id-person-sex-m" /> {i18n.t('identity.male')}
            </label>
          </fieldset>
          <button type="submit" disabled={busy} data-testid="id-person-register-submit">
            {i18n.t('identity.registerPerson')}
          </button>
        </form>
      )}
      {error !== null && (
        <p className="field-error" role="alert" data-testid="id-person-error">
          {problemText(error.failure)}
        </p>
      )}
      {person !== null && mode === 'find' && 'erased' in person && <ErasedRecord person={person} />}
      {person !== null && mode === 'find' && !('erased' in person) && (
        <div className="id-detail" data-testid="id-person-record" data-nin={person.nin}>
          <h3>
            {/* Names as the register holds them, each in its own script and direction. */}
            <span>
              <bdi dir="ltr">{`${person.givenNames} ${person.surname}`}</bdi> · <bdi dir="rtl">{`${person.givenNamesAr} ${person.surnameAr}`}</bdi>
            </span>
          </h3>
          <dl className="facts">
            <dt>{i18n.t('identity.nin')}</dt>
            <dd>
              <Token>{person.nin}</Token>
            </dd>
            <dt>{i18n.t('identity.birthDate')}</dt>
            <dd>
              <Token testId="id-person-birth-date">{i18n.date(person.birthDate)}</Token> · <bdi>{person.birthPlace}</bdi> · {i18n.t(person.sex === 'F' ? 'identity.female' : 'identity.male')}
            </dd>
            {(person.fatherName !== null || person.motherName !== null) && (
              <>
                <dt>{i18n.t('identity.parents')}</dt>
                <dd>
                  {[person.fatherName, person.motherName]
                    .filter((name) => name !== null)
                    .map((name, index) => (
                      <span key={index}>
                        {index > 0 && ' · '}
                        <bdi>{name}</bdi>
                      </span>
                    ))}
                </dd>
              </>
            )}
            <dt>{i18n.t('identity.address')}</dt>
            <dd>
              <bdi>{person.address}</bdi>
            </dd>
            <dt>{i18n.t('identity.cards')}</dt>
            <dd>
              <CardList cards={person.cards} />
            </dd>
          </dl>
          {store.can('identity.enrol') && (
            <div className="id-actions">
              <button type="button" onClick={() => onOpen(person.nin)} data-testid="id-person-open">
                {i18n.t('identity.openApplication')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** A person's cards: number, status and expiry of each. */
function CardList({ cards }: { cards: Person['cards'] }) {
  const i18n = useI18n();
  if (cards.length === 0) return <>{i18n.t('identity.noCard')}</>;
  return (
    <>
      {cards.map((card) => (
        <span key={card.documentNumber}>
          <Token>{card.documentNumber}</Token> ({codeLabel(i18n, 'idcard', card.status)}, {i18n.t('identity.expiry')} <Token>{i18n.date(card.dateOfExpiry)}</Token>){' '}
        </span>
      ))}
    </>
  );
}

/** A record erased from the register: its number, when and under which text, and its cards. */
function ErasedRecord({ person }: { person: ErasedPerson }) {
  const i18n = useI18n();
  return (
    <div className="id-detail" data-testid="id-person-erased" data-nin={person.nin}>
      <h3>{i18n.t('identity.erasedRecord')}</h3>
      <ErasedOn at={person.erasedAt} basis={person.legalBasis} />
      <dl className="facts">
        <dt>{i18n.t('identity.nin')}</dt>
        <dd>
          <Token>{person.nin}</Token>
        </dd>
        <dt>{i18n.t('identity.cards')}</dt>
        <dd>
          <CardList cards={person.cards} />
        </dd>
      </dl>
    </div>
  );
}

/** When and under which text a record was erased; the text, quoted as written (often French), isolated. */
function ErasedOn({ at, basis }: { at: string; basis: string }) {
  const i18n = useI18n();
  return (
    <p>
      <Words text={i18n.t('identity.erasedOn')} vars={{ date: <When at={at} />, basis: <bdi>{basis}</bdi> }} />
    </p>
  );
}
