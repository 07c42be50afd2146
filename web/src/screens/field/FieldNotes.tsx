import { useState, type FormEvent } from 'react';
import { post } from '../../api';
import { problemText, useIncidentResource } from '../../components/common';
import { useI18n } from '../../i18n';
import type { Note } from '@contract/shapes';

/**
 * The incident's notes, newest first (on a phone the latest is what matters), with a large box to add
 * one. Notes others add arrive through `/live`.
 */
export function FieldNotes({ number, canWrite }: { number: string; canWrite: boolean }) {
  const i18n = useI18n();
  const { data: notes, setData: setNotes, error: unread } = useIncidentResource<readonly Note[]>(number, 'notes', ['incident.note_added']);
  const [refused, setRefused] = useState<string | null>(null);
  const error = refused ?? unread;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const path = `/incidents/${encodeURIComponent(number)}/notes`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '' || busy) return;
    setBusy(true);
    try {
      const note = await post<Note>(path, { text: trimmed });
      setNotes((current) => (current === undefined || current.some((n) => n.n === note.n) ? current : [...current, note]));
      setText('');
      setRefused(null);
    } catch (failure) {
      setRefused(problemText(failure));
    } finally {
      setBusy(false);
    }
  };

  const newestFirst = notes === undefined ? [] : [...notes].sort((a, b) => b.n - a.n);
  return (
    <section className="field-card" aria-labelledby="field-notes-title" data-testid="field-notes">
      <h2 id="field-notes-title">
        {i18n.t('notes.title')}
        {notes !== undefined && notes.length > 0 && <span className="count num">{i18n.number(notes.length)}</span>}
      </h2>
      {canWrite && (
        <form className="field-note-form" onSubmit={submit}>
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Enter adds the note (as everywhere in the console); Shift+Enter starts a new line.
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            rows={2}
            maxLength={4_000}
            enterKeyHint="send"
            placeholder={i18n.t('field.notes.placeholder')}
            aria-label={i18n.t('notes.add')}
            data-testid="field-note-text"
          />
          <button type="submit" className="field-button" disabled={busy || text.trim() === ''} data-testid="field-note-add">
            {i18n.t('notes.add')}
          </button>
        </form>
      )}
      {error !== null && (
        <p className="error" role="alert">
          {i18n.t('common.error', { message: error })}
        </p>
      )}
      {notes === undefined ? null : newestFirst.length === 0 ? (
        <p className="field-muted">{i18n.t('notes.none')}</p>
      ) : (
        <ul className="notes field-note-list">
          {newestFirst.map((note) => (
            <li key={note.n}>
              <div className="meta">
                <span className="num">{i18n.time(note.at)}</span> · <bdi>{authorName(note.author)}</bdi>
              </div>
              <bdi className="field-note-text">{note.text}</bdi>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `user:alice` -> `alice`; a device keeps its prefix so it reads as one. */
function authorName(author: string): string {
  return author.replace(/^user:/, '');
}
