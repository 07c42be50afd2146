import { describe, expect, it } from 'vitest';
import {
  audioDetection,
  frigateTopic,
  readFrigateEvent,
  readFrigateReview,
  readFrigateStats,
  readHeartbeat,
  readOnvifEvent,
  readTrackedObjectUpdate,
  type OnvifEvent,
} from './camera-events.js';
import { frigateEventMessage, frigateReviewMessage } from './camera-events.testing.js';

describe('Frigate messages', () => {
  it('reads the documented event update: the tracked object, its zones, sub label and scores', () => {
    const read = readFrigateEvent(frigateEventMessage('update'));
    expect(read).toEqual({
      ok: {
        source: 'frigate',
        key: 'frigate:event:1607123955.475377-mxklsc',
        camera: 'front_door',
        kind: 'object',
        phase: 'update',
        atMs: 1607123962083,
        label: 'person',
        subLabel: 'John Smith',
        score: 0.87890625,
        topScore: 0.958984375,
        zones: ['yard', 'driveway'],
        hasSnapshot: false,
        hasClip: false,
        snapshotUrl: null,
        plate: null,
        position: null,
        severity: 'medium',
        frigateId: '1607123955.475377-mxklsc',
      },
    });
  });

  it('reads new as a start and end (or an end_time) as an end, at the end time', () => {
    expect(readFrigateEvent(frigateEventMessage('new'))).toMatchObject({ ok: { phase: 'start' } });
    expect(readFrigateEvent(frigateEventMessage('end', { end_time: 1607123970.5 }))).toMatchObject({ ok: { phase: 'end', atMs: 1607123970500 } });
    expect(readFrigateEvent(frigateEventMessage('update', { end_time: 1607123970.5 }))).toMatchObject({ ok: { phase: 'end' } });
  });

  it("reads the plate Frigate 0.16 recognised, and rates a car low and a knife high", () => {
    const car = readFrigateEvent(frigateEventMessage('update', { label: 'car', recognized_license_plate: '12345-A-6', recognized_license_plate_score: 0.933451, has_snapshot: true }));
    expect(car).toMatchObject({ ok: { label: 'car', severity: 'low', hasSnapshot: true, plate: { text: '12345-A-6', score: 0.933451 } } });
    expect(readFrigateEvent(frigateEventMessage('new', { label: 'knife' }))).toMatchObject({ ok: { severity: 'high' } });
  });

  it('ignores a false positive', () => {
    expect(readFrigateEvent(frigateEventMessage('update', { false_positive: true }))).toEqual({ ignored: 'a false positive' });
  });

  it('refuses malformed events, naming the field', () => {
    expect(readFrigateEvent([1, 2])).toEqual({ invalid: 'must be a JSON object {type, before, after}' });
    expect(readFrigateEvent({ ...frigateEventMessage('new'), type: 'created' })).toEqual({ invalid: 'type: must be new, update or end' });
    expect(readFrigateEvent({ type: 'new', after: null })).toEqual({ invalid: 'after: must be the tracked object' });
    expect(readFrigateEvent(frigateEventMessage('new', { id: '' }))).toEqual({ invalid: 'after.id: must be the tracked object id' });
    expect(readFrigateEvent(frigateEventMessage('new', { camera: 7 }))).toEqual({ invalid: 'after.camera: must be the camera name' });
    expect(readFrigateEvent(frigateEventMessage('new', { start_time: '1607123955' }))).toEqual({ invalid: 'after.start_time: must be Unix seconds' });
    expect(readFrigateEvent(frigateEventMessage('new', { score: 1.5 }))).toEqual({ invalid: 'after.score: must be a number from 0 to 1' });
    expect(readFrigateEvent(frigateEventMessage('new', { current_zones: 'yard' }))).toMatchObject({ invalid: expect.stringContaining('after.current_zones') });
    expect(readFrigateEvent(frigateEventMessage('new', { has_clip: 'yes' }))).toEqual({ invalid: 'after.has_clip: must be true or false' });
    expect(readFrigateEvent(frigateEventMessage('new', { sub_label: { name: 'x' } }))).toMatchObject({ invalid: expect.stringContaining('after.sub_label') });
  });

  it('reads the documented review: an alert grouping three tracked objects', () => {
    expect(readFrigateReview(frigateReviewMessage('update'))).toEqual({
      ok: {
        key: 'frigate:review:1718987129.308396-fqk5ka',
        id: '1718987129.308396-fqk5ka',
        camera: 'front_cam',
        phase: 'update',
        severity: 'alert',
        atMs: 1718987129308,
        detections: ['1718987128.947436-g92ztx', '1718987148.879516-d7oq7r', '1718987126.934663-q5ywpt'],
        objects: ['person', 'car'],
        subLabels: ['Bob'],
        zones: ['front_yard'],
        audio: [],
      },
    });
    expect(readFrigateReview(frigateReviewMessage('new', { severity: 'urgent' }))).toEqual({ invalid: 'after.severity: must be alert or detection' });
  });

  it('makes an alarm of an audio-only review, and none of a review with tracked objects', () => {
    const audio = readFrigateReview(frigateReviewMessage('new', { data: { detections: [], objects: [], sub_labels: [], zones: [], audio: ['scream'] } }));
    if (!('ok' in audio)) throw new Error('expected a review');
    expect(audioDetection(audio.ok)).toMatchObject({ kind: 'audio', label: 'scream', severity: 'high', key: 'frigate:review:1718987129.308396-fqk5ka' });
    const objects = readFrigateReview(frigateReviewMessage('new'));
    if (!('ok' in objects)) throw new Error('expected a review');
    expect(audioDetection(objects.ok)).toBeUndefined();
  });

  it('reads a license plate update and ignores the other tracked-object updates', () => {
    expect(readTrackedObjectUpdate({ type: 'lpr', id: '1607123955.475377-mxklsc', name: "John's Car", plate: '123ABC', score: 0.95, camera: 'driveway_cam', timestamp: 1607123958.748393 })).toEqual({
      ok: { frigateId: '1607123955.475377-mxklsc', camera: 'driveway_cam', text: '123ABC', score: 0.95, atMs: 1607123958748 },
    });
    expect(readTrackedObjectUpdate({ type: 'description', id: 'x', description: 'A person', event_id: 'x' })).toEqual({ ignored: 'a description update' });
    expect(readTrackedObjectUpdate({ type: 'lpr', id: 'x', camera: 'c', score: 0.9, timestamp: 1607123958 })).toEqual({ invalid: 'plate: must be the plate read' });
  });

  it('tells the cameras receiving frames from those that are not in the stats', () => {
    expect(readFrigateStats({ cameras: { front: { camera_fps: 5, process_fps: 5 }, back: { camera_fps: 0 } }, detection_fps: 1 })).toEqual({ ok: { live: ['front'], still: ['back'] } });
    expect(readFrigateStats({ front: { camera_fps: 5 } })).toMatchObject({ invalid: expect.any(String) });
  });

  it('classifies the topics under a prefix: camera status, motion, counts, and the rest', () => {
    expect(frigateTopic('frigate', 'frigate/events')).toEqual({ kind: 'events' });
    expect(frigateTopic('frigate', 'frigate/available')).toEqual({ kind: 'available' });
    expect(frigateTopic('frigate', 'frigate/front_door/status/detect')).toEqual({ kind: 'camera_status', camera: 'front_door', role: 'detect' });
    expect(frigateTopic('frigate', 'frigate/front_door/motion')).toEqual({ kind: 'motion', camera: 'front_door' });
    expect(frigateTopic('frigate', 'frigate/front_door/person')).toEqual({ kind: 'count', camera: 'front_door', object: 'person' });
    expect(frigateTopic('site/north', 'site/north/front_door/all')).toEqual({ kind: 'count', camera: 'front_door', object: 'all' });
    for (const other of ['frigate/front_door/person/snapshot', 'frigate/front_door/detect/state', 'frigate/front_door/review_status', 'frigate/camera_activity', 'frigate/notifications/state']) {
      expect(frigateTopic('frigate', other)).toEqual({ kind: 'other' });
    }
  });
});

describe('ONVIF events', () => {
  const NOW = Date.parse('2026-03-01T08:00:00.000Z');
  const event = (topic: string, more: Partial<OnvifEvent> = {}): OnvifEvent => ({ camera: 'CAM-0001', topic, utcTime: '2026-03-01T07:59:58.000Z', propertyOperation: 'Changed', ...more });

  it('maps motion, tampering, line crossing and objects in a field onto alarm kinds and severities', () => {
    expect(readOnvifEvent(event('tns1:VideoSource/MotionAlarm', { source: { Source: 'VideoSource_1' }, data: { State: 'true' } }), NOW)).toMatchObject({
      ok: { kind: 'motion', phase: 'start', severity: 'low', key: 'onvif:CAM-0001:motion:VideoSource_1', atMs: NOW - 2_000 },
    });
    expect(readOnvifEvent(event('tns1:VideoSource/GlobalSceneChange/ImagingService', { data: { State: true } }), NOW)).toMatchObject({ ok: { kind: 'tamper', severity: 'high', label: 'scene_change' } });
    expect(readOnvifEvent(event('tns1:RuleEngine/LineDetector/Crossed', { propertyOperation: undefined, source: { Rule: 'Gate line' }, data: { ObjectId: '15' } }), NOW)).toMatchObject({
      ok: { kind: 'line_crossing', phase: 'pulse', severity: 'medium', subLabel: 'Gate line', zones: ['Gate line'] },
    });
    expect(readOnvifEvent(event('tns1:RuleEngine/FieldDetector/ObjectsInside', { source: { Rule: 'Depot' }, data: { ObjectId: 3, IsInside: 'false' } }), NOW)).toMatchObject({
      ok: { kind: 'intrusion', phase: 'end' },
    });
  });

  it('ignores the initial quiet state, deleted properties and topics it does not act on', () => {
    expect(readOnvifEvent(event('tns1:VideoSource/MotionAlarm', { propertyOperation: 'Initialized', data: { State: 'false' } }), NOW)).toMatchObject({ ignored: expect.any(String) });
    expect(readOnvifEvent(event('tns1:VideoSource/MotionAlarm', { propertyOperation: 'Deleted', data: { State: 'true' } }), NOW)).toMatchObject({ ignored: expect.any(String) });
    expect(readOnvifEvent(event('tns1:Device/Trigger/DigitalInput', { data: { LogicalState: 'true' } }), NOW)).toMatchObject({ ignored: expect.stringContaining('not one Amane acts on') });
  });

  it('refuses a state that is not a boolean and a time in the future', () => {
    expect(readOnvifEvent(event('tns1:VideoSource/MotionAlarm', { data: { State: 'maybe' } }), NOW)).toEqual({ invalid: 'data.State: must be true or false' });
    expect(readOnvifEvent(event('tns1:VideoSource/MotionAlarm', { data: {} }), NOW)).toEqual({ invalid: 'data.State: must be true or false' });
    expect(readOnvifEvent(event('tns1:VideoSource/MotionAlarm', { utcTime: '2026-03-01T09:00:00Z', data: { State: true } }), NOW)).toEqual({
      invalid: 'utcTime: is in the future (the camera clock is wrong)',
    });
  });
});

describe('heartbeats', () => {
  const NOW = Date.parse('2026-03-01T08:00:00.000Z');
  it('takes an empty payload as now, and reads at as ISO 8601 or epoch milliseconds', () => {
    expect(readHeartbeat(Buffer.alloc(0), NOW)).toEqual({ ok: NOW });
    expect(readHeartbeat(Buffer.from('{"at":"2026-03-01T07:59:50Z"}'), NOW)).toEqual({ ok: NOW - 10_000 });
    expect(readHeartbeat(Buffer.from(`{"at":${NOW - 5_000}}`), NOW)).toEqual({ ok: NOW - 5_000 });
  });

  it('refuses what is not one', () => {
    expect(readHeartbeat(Buffer.from('alive'), NOW)).toMatchObject({ invalid: expect.any(String) });
    expect(readHeartbeat(Buffer.from('{"at":"yesterday"}'), NOW)).toMatchObject({ invalid: expect.stringContaining('at:') });
    expect(readHeartbeat(Buffer.from('{"status":"ok"}'), NOW)).toEqual({ invalid: 'status: is not a known field (only at)' });
    expect(readHeartbeat(Buffer.from('{"at":"2026-03-01T09:00:00Z"}'), NOW)).toEqual({ invalid: 'at: is in the future (the device clock is wrong)' });
  });
});
