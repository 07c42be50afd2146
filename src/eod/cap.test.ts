import { describe, expect, it } from 'vitest';
import { localDateTime } from '../core/time-zone.js';
import { capAlertXml, capCircle, type CapInput } from './cap.js';
import { capSchemaValidator } from './cap.testing.js';
import { seedStandoffTable, standoffFor } from './standoff.js';

const validate = capSchemaValidator();

const alert: CapInput = {
  identifier: 'casablanca.police.ma.CASA-2026-000042.1',
  sender: 'casablanca.police.ma',
  sent: localDateTime(new Date('2026-11-29T10:00:00.000Z')),
  msgType: 'Alert',
  references: [],
  incident: 'CASA-2026-000042',
  deviceClass: standoffFor(seedStandoffTable(), 'briefcase_suitcase'),
  centre: { lat: 33.5731, lon: -7.5898 },
  mandatoryM: 46,
  preferredM: 564,
  confirmed: false,
  address: 'Boulevard Mohammed V & rue <Allal>',
};

describe('the CAP 1.2 alert of a cordon', () => {
  it('writes CAP date-times with the offset of Casablanca, without fractions or Z', () => {
    expect(localDateTime(new Date('2026-11-29T10:00:00.750Z'))).toBe('2026-11-29T11:00:00+01:00');
    // During Ramadan Morocco is at UTC+0.
    expect(localDateTime(new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-01T10:00:00+00:00');
    expect(capCircle({ lat: 33.5731, lon: -7.5898 }, 564)).toBe('33.573100,-7.589800 0.564');
  });

  it('carries the two circles in an Arabic and a French info, and escapes what it quotes', () => {
    const xml = capAlertXml(alert);
    expect(xml).toContain('<language>ar-MA</language>');
    expect(xml).toContain('<language>fr-MA</language>');
    expect(xml).toContain('حقيبة يد أو حقيبة سفر');
    expect(xml).toContain('Mallette ou valise');
    expect(xml.match(/<circle>33\.573100,-7\.589800 0\.046<\/circle>/g)).toHaveLength(2);
    expect(xml.match(/<circle>33\.573100,-7\.589800 0\.564<\/circle>/g)).toHaveLength(2);
    expect(xml).toContain('<certainty>Possible</certainty>');
    expect(xml).toContain('Boulevard Mohammed V &amp; rue &lt;Allal&gt;');
    expect(xml).not.toContain('<references>');
  });

  it.skipIf(validate === undefined)('validates an Alert, an Update and a Cancel against the OASIS schema', () => {
    const update = capAlertXml({
      ...alert,
      identifier: 'casablanca.police.ma.CASA-2026-000042.2',
      msgType: 'Update',
      references: [{ sender: alert.sender, identifier: alert.identifier, sent: alert.sent }],
      deviceClass: standoffFor(seedStandoffTable(), 'car'),
      mandatoryM: 98,
      preferredM: 580,
      confirmed: true,
    });
    const cancel = capAlertXml({
      ...alert,
      identifier: 'casablanca.police.ma.CASA-2026-000042.3',
      msgType: 'Cancel',
      references: [
        { sender: alert.sender, identifier: alert.identifier, sent: alert.sent },
        { sender: alert.sender, identifier: 'casablanca.police.ma.CASA-2026-000042.2', sent: alert.sent },
      ],
      reason: 'device neutralised by the EOD squad',
    });
    for (const xml of [capAlertXml(alert), update, cancel]) {
      const verdict = validate!(xml);
      expect(verdict.output, xml).not.toMatch(/fail|error/i);
      expect(verdict.valid).toBe(true);
    }
    expect(update).toContain(`<references>${alert.sender},${alert.identifier},${alert.sent}</references>`);
    expect(update).toContain('<certainty>Likely</certainty>');
    expect(cancel).toContain('<responseType>AllClear</responseType>');
    // The check can fail: a message without its scope is refused.
    expect(validate!(capAlertXml(alert).replace('<scope>Public</scope>', '')).valid).toBe(false);
  });
});
