import type { ScreenProps } from '../App';
import { useI18n } from '../i18n';
import { OpsMap } from '../map/OpsMap';
import { CallCard } from './calltaker/CallCard';
import { defaultTransferNumbers } from './calltaker/callDesk';
import { CallRecorded } from './calltaker/CallRecorded';
import { Duplicates } from './calltaker/Duplicates';
import { IncidentForm } from './calltaker/IncidentForm';
import { QueuePanel } from './calltaker/QueuePanel';
import { useCallDesk } from './calltaker/useCallDesk';

/**
 * The call-taker's screen: the queue with waiting times, the call in hand with the caller on the map,
 * the type and its questions, duplicate suggestions, and create-or-link. Every action has a key.
 */
export function CallTakerScreen({ settings }: ScreenProps) {
  const i18n = useI18n();
  const desk = useCallDesk();
  const { call, place } = desk;
  const done = desk.form.incident !== null;
  return (
    <div className="layout">
      <QueuePanel myState={desk.myState} queue={desk.queue} message={desk.message} onReady={(state) => void desk.setReady(state)} onAnswer={() => void desk.answerNext()} />

      <section className="map-cell" aria-label={i18n.t('map.legend')}>
        <OpsMap settings={settings.map} caller={place} callerNetwork={desk.networkBeside} focus={place} onPick={(position) => void desk.placeCaller(position)} />
      </section>

      <section className="column" aria-labelledby="call-title">
        <h2 id="call-title">{i18n.t('calltaker.currentCall')}</h2>
        {call === null ? (
          <p className="empty">{i18n.t('calltaker.noCall')}</p>
        ) : (
          <>
            <CallCard
              call={call}
              place={place}
              mine={call.callTaker === desk.username}
              done={done}
              transferNumbers={desk.type?.transferTo?.numbers ?? defaultTransferNumbers}
              transferRef={desk.transferRef}
              onEnd={() => void desk.endCall()}
              onTransfer={(to) => void desk.transferCall(to)}
            />
            {desk.near.length > 0 && !done && <Duplicates near={desk.near} onLink={(number) => void desk.link(number)} />}
            {desk.form.incident !== null ? (
              <CallRecorded incident={desk.form.incident} />
            ) : (
              <IncidentForm
                form={desk.form}
                types={desk.sortedTypes}
                type={desk.type}
                expected={desk.expected}
                implied={desk.implied}
                typeRef={desk.typeRef}
                onChange={desk.change}
                onSubmit={(event) => void desk.createIncident(event)}
              />
            )}
          </>
        )}
      </section>
    </div>
  );
}
