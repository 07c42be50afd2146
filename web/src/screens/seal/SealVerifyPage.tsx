import { useEffect, useState, type ChangeEvent } from 'react';
import { ApiError } from '../../api';
import { problemText } from '../../components/common';
import { languages, useI18n, type MessageKey } from '../../i18n';
import { codeLabel, Token } from '../identity/parts';
import { sealPictures } from './sealPicture';
import type { SealDocument, SealVerification } from '@contract/shapes';
import './seal.css';

/** What the page shows: nothing yet, a picture being read, a verdict, or why no answer came. */
type State = { kind: 'idle' } | { kind: 'reading' } | { kind: 'answered'; answer: SealVerification } | { kind: 'failed'; message: (i18n: ReturnType<typeof useI18n>) => string };

/** The seal's fields in the order a reader compares them with the printed document. */
const fieldOrder = ['kind', 'documentNumber', 'holderName', 'personNumber', 'birthDate', 'issuedOn', 'expiresOn', 'outcome'] as const;
type Field = (typeof fieldOrder)[number];
const dates: readonly Field[] = ['birthDate', 'issuedOn', 'expiresOn'];

/** Sends a picture to the public verification; a refusal comes back as an ApiError. */
async function verify(picture: Blob): Promise<SealVerification> {
  const response = await fetch('/identity/seals/verify', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': picture.type }, body: picture });
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = (json ?? {}) as { code?: string; detail?: string; errors?: { field: string; message: string }[]; retryAfterS?: number };
    const retry = problem.retryAfterS ?? (Number(response.headers.get('retry-after')) || undefined);
    throw new ApiError(response.status, problem.code ?? 'internal', problem.detail ?? response.statusText, problem.errors, [], retry);
  }
  return json as SealVerification;
}

/**
 * The public verification of a visible digital seal (`#verify-seal`, no sign-in): the person chooses a
 * picture of the printed seal (a file, or a photo taken there and then), the console finds the symbol
 * in it and sends that part (`POST /identity/seals/verify`, an image); the answer reads valid, changed,
 * revoked, expired or unknown signer, with what the seal says, or says that no seal could be read.
 */
export function SealVerifyPage() {
  const i18n = useI18n();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => () => void (preview !== null && URL.revokeObjectURL(preview)), [preview]);

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // The same picture chosen again is read again.
    input.value = '';
    if (file === undefined) return;
    setState({ kind: 'reading' });
    try {
      const pictures = await sealPictures(file);
      if (pictures === undefined) {
        setState({ kind: 'failed', message: (w) => w.t('seal.wrongType') });
        return;
      }
      setPreview(URL.createObjectURL(pictures.seal ?? pictures.whole));
      let answer = await verify(pictures.seal ?? pictures.whole);
      // The part found was not the symbol after all: the whole picture, as it is.
      if (answer.verdict === 'unreadable' && pictures.seal !== undefined) answer = await verify(pictures.whole);
      setState({ kind: 'answered', answer });
    } catch (failure) {
      setState({
        kind: 'failed',
        message: (w) =>
          failure instanceof ApiError && failure.code === 'rate_limited'
            ? w.t('seal.limited', { seconds: w.number(failure.retryAfterS ?? 60) })
            : failure instanceof ApiError && failure.status === 413
              ? w.t('seal.tooLarge')
              : failure instanceof ApiError && failure.status === 415
                ? w.t('seal.wrongType')
                : problemText(failure),
      });
    }
  };

  return (
    <div className="login seal-page">
      <div className="login-card" data-testid="seal-verify">
        <h1>
          <img src="/favicon.svg" alt="" width={36} height={36} /> {i18n.t('app.name')}
        </h1>
        <h2>{i18n.t('seal.title')}</h2>
        <p>{i18n.t('seal.intro')}</p>
        <div className="seal-pick">
          <label className="seal-file-button">
            {i18n.t('seal.choose')}
            <input type="file" accept="image/png,image/jpeg" className="sr-only" onChange={(e) => void chosen(e)} data-testid="seal-file" />
          </label>
          <label className="seal-file-button">
            {i18n.t('seal.camera')}
            <input type="file" accept="image/*" capture="environment" className="sr-only" onChange={(e) => void chosen(e)} data-testid="seal-camera" />
          </label>
        </div>
        {state.kind === 'reading' && (
          <p role="status" data-testid="seal-reading">
            {i18n.t('seal.reading')}
          </p>
        )}
        {state.kind === 'failed' && (
          <p className="error" role="alert" data-testid="seal-error">
            {state.message(i18n)}
          </p>
        )}
        {state.kind === 'answered' && <Verdict answer={state.answer} />}
        {preview !== null && state.kind !== 'reading' && <img className="seal-preview" src={preview} alt="" />}
        <div className="login-languages">
          {languages.map((l) => (
            <button key={l.code} type="button" className={l.code === i18n.language ? 'link active' : 'link'} onClick={() => i18n.setLanguage(l.code)} data-testid={`seal-lang-${l.code}`}>
              <bdi lang={l.code}>{l.name}</bdi>
            </button>
          ))}
        </div>
        <a href="#" className="seal-back" data-testid="seal-back">
          {i18n.t('seal.back')}
        </a>
      </div>
    </div>
  );
}

function Verdict({ answer }: { answer: SealVerification }) {
  const i18n = useI18n();
  const document = answer.document;
  return (
    <div className={`seal-verdict ${answer.verdict}`} role="status" data-testid="seal-verdict" data-verdict={answer.verdict}>
      <strong data-testid="seal-verdict-title">{i18n.t(`seal.verdict.${answer.verdict}`)}</strong>
      <p>{i18n.t(`seal.explain.${answer.verdict}`)}</p>
      {document !== undefined && (
        <dl className="facts">
          {fieldOrder.map((field) => (document[field] === undefined ? null : <FieldRow key={field} field={field} document={document} />))}
        </dl>
      )}
    </div>
  );
}

function FieldRow({ field, document }: { field: Field; document: SealDocument }) {
  const i18n = useI18n();
  const value = document[field]!;
  const testId = `seal-field-${field}`;
  return (
    <>
      <dt>{i18n.t(`seal.field.${field}` as MessageKey)}</dt>
      <dd>
        {field === 'kind' ? (
          <span data-testid={testId}>{codeLabel(i18n, 'sealkind', value)}</span>
        ) : field === 'outcome' ? (
          i18n.has(`sealoutcome.${value}`) ? <span data-testid={testId}>{codeLabel(i18n, 'sealoutcome', value)}</span> : <Token testId={testId}>{value}</Token>
        ) : field === 'holderName' ? (
          // As printed, in Latin letters: data.
          <bdi data-testid={testId}>{value}</bdi>
        ) : (
          <Token testId={testId}>{dates.includes(field) ? i18n.date(value) : value}</Token>
        )}
      </dd>
    </>
  );
}
