// Test support: Frigate's MQTT payloads exactly as its documentation shows them
// (docs.frigate.video/integrations/mqtt), with fields to override.

/** The `update` message of Frigate's MQTT documentation (docs.frigate.video/integrations/mqtt), as published. */
export function frigateEventMessage(type: 'new' | 'update' | 'end', after: Record<string, unknown> = {}): Record<string, unknown> {
  const before = {
    id: '1607123955.475377-mxklsc',
    camera: 'front_door',
    frame_time: 1607123961.837752,
    snapshot: { frame_time: 1607123965.975463, box: [415, 489, 528, 700], area: 12728, region: [260, 446, 660, 846], score: 0.77546, attributes: [] },
    label: 'person',
    sub_label: null,
    top_score: 0.958984375,
    false_positive: false,
    start_time: 1607123955.475377,
    end_time: null,
    score: 0.7890625,
    box: [424, 500, 536, 712],
    area: 23744,
    ratio: 2.113207,
    region: [264, 450, 667, 853],
    current_zones: ['driveway'],
    entered_zones: ['yard', 'driveway'],
    thumbnail: null,
    has_snapshot: false,
    has_clip: false,
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 2,
    attributes: { face: 0.64 },
    current_attributes: [],
  };
  return {
    type,
    before,
    after: {
      ...before,
      frame_time: 1607123962.082975,
      sub_label: ['John Smith', 0.79],
      score: 0.87890625,
      box: [432, 496, 544, 854],
      area: 40096,
      ratio: 1.251397,
      region: [218, 440, 693, 915],
      current_zones: ['yard', 'driveway'],
      attributes: { face: 0.86 },
      current_attributes: [{ label: 'face', box: [442, 506, 534, 524], score: 0.86 }],
      ...after,
    },
  };
}

/** The `frigate/reviews` example of Frigate's documentation. */
export function frigateReviewMessage(type: 'new' | 'update' | 'end', after: Record<string, unknown> = {}): Record<string, unknown> {
  const before = {
    id: '1718987129.308396-fqk5ka',
    camera: 'front_cam',
    start_time: 1718987129.308396,
    end_time: null,
    severity: 'detection',
    thumb_path: '/media/frigate/clips/review/thumb-front_cam-1718987129.308396-fqk5ka.webp',
    data: { detections: ['1718987128.947436-g92ztx', '1718987148.879516-d7oq7r', '1718987126.934663-q5ywpt'], objects: ['person', 'car'], sub_labels: [], zones: [], audio: [] },
  };
  return { type, before, after: { ...before, severity: 'alert', data: { ...before.data, sub_labels: ['Bob'], zones: ['front_yard'] }, ...after } };
}
