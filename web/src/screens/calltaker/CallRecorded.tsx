import { Words } from '../../components/common';
import { useI18n } from '../../i18n';

/** The call's wrap-up line: the incident it is recorded with, in one sentence. */
export function CallRecorded({ incident }: { incident: string }) {
  const i18n = useI18n();
  return (
    <p className="section" data-testid="call-done">
      {/* One inline element: the section is a grid, and each piece of the sentence would take a line of its own. */}
      <span>
        <Words text={i18n.t('calltaker.callLinked')} vars={{ number: <bdi>{incident}</bdi> }} />
      </span>
    </p>
  );
}
