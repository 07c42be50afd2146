import { useId, useState, type FormEvent } from 'react';
import { post } from '../../api';
import { useI18n } from '../../i18n';
import type { Resource } from '../../useResource';
import { ConfirmAction, NoticeLine, OneTimeSecret, phrase, refusalText, useNotice } from './parts';
import { deviceKinds, type DeviceKind } from '@contract';
import type { Device, DeviceWithToken } from '@contract/shapes';

/**
 * Telephony gateways, trackers, camera controllers and recorders: register one (its token shown once),
 * give one a new token with the reason (shown once too), revoke one for good with the reason.
 */
export function DevicesPanel({ devices }: { devices: Resource<Device[]> }) {
  const i18n = useI18n();
  const titleId = useId();
  const formId = useId();
  const { notice, say, refuse } = useNotice();
  const [issued, setIssued] = useState<DeviceWithToken | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const register = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setFormError(null);
    try {
      const answer = await post<DeviceWithToken>('/devices', { name: String(data.get('name') ?? '').trim(), kind: String(data.get('kind')) as DeviceKind });
      form.reset();
      setIssued(answer);
      say((words) => phrase(words, 'admin.device.registered', { name: answer.device.name }));
    } catch (failure) {
      setFormError(refusalText(i18n, failure));
    } finally {
      devices.reload();
    }
  };
  const act = async (request: () => Promise<unknown>, done: Parameters<typeof say>[0]) => {
    try {
      await request();
      say(done);
      return true;
    } catch (failure) {
      refuse(failure);
      return false;
    } finally {
      devices.reload();
    }
  };

  const list = devices.data ?? [];
  return (
    <section className="admin-panel admin-devices" aria-labelledby={titleId} data-testid="admin-devices">
      <h2 id={titleId}>
        {i18n.t('admin.devices')}
        {devices.data !== undefined && <span className="count">{i18n.number(list.length)}</span>}
      </h2>
      <form className="admin-device-form" onSubmit={(event) => void register(event)} aria-label={i18n.t('admin.device.register')} data-testid="admin-device-form">
        <label>
          {i18n.t('admin.field.deviceName')}
          <input
            name="name"
            required
            minLength={2}
            maxLength={64}
            pattern="[a-z0-9][a-z0-9._\-]*"
            autoComplete="off"
            dir="ltr"
            aria-describedby={`${formId}-hint`}
            data-testid="admin-device-name"
          />
        </label>
        <label>
          {i18n.t('admin.col.kind')}
          <select name="kind" defaultValue="vehicle" data-testid="admin-device-kind">
            {deviceKinds.map((kind) => (
              <option key={kind} value={kind}>
                {i18n.t(`admin.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="admin-device-register">
          {i18n.t('admin.device.register')}
        </button>
        <span className="muted admin-hint" id={`${formId}-hint`}>
          {i18n.t('admin.hint.deviceName')}
        </span>
      </form>
      {formError !== null && (
        <p className="error" role="alert" data-testid="admin-device-error">
          {formError}
        </p>
      )}
      {issued !== null && (
        <OneTimeSecret
          title={phrase(i18n, 'admin.token.title', { name: issued.device.name })}
          warning={i18n.t('admin.token.warning')}
          value={issued.token}
          testId="admin-token"
          onDone={() => setIssued(null)}
        />
      )}
      <NoticeLine notice={notice} testId="admin-devices-notice" />
      {devices.data === undefined ? (
        <p className="muted">{devices.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : list.length === 0 ? (
        <p className="empty">{i18n.t('admin.devices.none')}</p>
      ) : (
        <table className="list admin-table" data-testid="admin-device-list">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.col.name')}</th>
              <th scope="col">{i18n.t('admin.col.kind')}</th>
              <th scope="col">{i18n.t('admin.col.state')}</th>
              <th scope="col">{i18n.t('admin.col.tokenIssued')}</th>
              <th scope="col">
                <span className="sr-only">{i18n.t('admin.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((device) => (
              <tr key={device.id} data-device={device.name} data-revoked={device.revokedAt !== null}>
                <td>
                  <bdi dir="ltr">{device.name}</bdi>
                </td>
                <td>{i18n.t(`admin.kind.${device.kind}`)}</td>
                <td>
                  {device.revokedAt === null ? (
                    <span className="badge admin-state enabled">{i18n.t('admin.device.active')}</span>
                  ) : (
                    <span className="badge admin-state disabled">{phrase(i18n, 'admin.device.revokedOn', { time: i18n.dateTime(device.revokedAt) })}</span>
                  )}
                </td>
                <td>
                  <bdi>{i18n.dateTime(device.tokenIssuedAt)}</bdi>
                </td>
                <td>
                  <div className="admin-row-actions">
                    {device.revokedAt === null && (
                      <>
                        <ConfirmAction
                          label={i18n.t('admin.device.rotate')}
                          confirmText={phrase(i18n, 'admin.device.rotate.confirm', { name: device.name })}
                          withReason
                          testId="admin-device-rotate"
                          onConfirm={(reason) =>
                            act(
                              async () => setIssued(await post<DeviceWithToken>(`/devices/${device.id}/token`, { reason })),
                              (words) => phrase(words, 'admin.device.rotated', { name: device.name }),
                            )
                          }
                        />
                        <ConfirmAction
                          label={i18n.t('admin.device.revoke')}
                          confirmText={phrase(i18n, 'admin.device.revoke.confirm', { name: device.name })}
                          withReason
                          danger
                          testId="admin-device-revoke"
                          onConfirm={(reason) => act(() => post(`/devices/${device.id}/revoke`, { reason }), (words) => phrase(words, 'admin.device.revoked', { name: device.name }))}
                        />
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
