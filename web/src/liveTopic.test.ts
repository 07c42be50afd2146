import { describe, expect, it } from 'vitest';
import { concernsTopic } from './liveTopic';

describe('live topics', () => {
  it('takes a stream as a beginning: a family of streams or one stream', () => {
    expect(concernsTopic(['identity-application/'], { stream: 'identity-application/APP-1', type: 'identity.application_submitted' })).toBe(true);
    expect(concernsTopic(['identity-centre/'], { stream: 'identity-application/APP-1', type: 'identity.application_submitted' })).toBe(false);
    expect(concernsTopic(['incident/CASA-2026-000123'], { stream: 'incident/CASA-2026-000123', type: 'incident.note_added' })).toBe(true);
  });

  it('keeps only the events of the types given, by their beginning, on the stream given', () => {
    const topics = ['unit/P-1', { stream: 'incident/CASA-2026-000123', types: ['incident.unit_'] }];
    expect(concernsTopic(topics, { stream: 'incident/CASA-2026-000123', type: 'incident.unit_assigned' })).toBe(true);
    expect(concernsTopic(topics, { stream: 'incident/CASA-2026-000123', type: 'incident.note_added' })).toBe(false);
    expect(concernsTopic(topics, { stream: 'incident/CASA-2026-000999', type: 'incident.unit_assigned' })).toBe(false);
    expect(concernsTopic(topics, { stream: 'unit/P-1', type: 'unit.status_changed' })).toBe(true);
  });

  it('is concerned by nothing when it has no topic', () => {
    expect(concernsTopic([], { stream: 'incident/CASA-2026-000123', type: 'incident.created' })).toBe(false);
  });
});
