import { useI18n } from '../../i18n';
import { ChainCheck } from './ChainCheck';
import { JournalSearch } from './JournalSearch';
import { PersonReads } from './PersonReads';
import './audit.css';

/**
 * The auditor's screen: who read a person's record and why, the journal searched and exported for an
 * inquiry, and the chain verified against its signed anchors. It reads and changes nothing, except that
 * a lookup of a person's reads is itself journaled.
 */
export function AuditScreen() {
  const i18n = useI18n();
  return (
    <div className="audit-page" data-testid="audit">
      <header className="audit-header">
        <h1>{i18n.t('audit.title')}</h1>
        <p>{i18n.t('audit.lede')}</p>
      </header>
      <PersonReads />
      <ChainCheck />
      <JournalSearch />
    </div>
  );
}
