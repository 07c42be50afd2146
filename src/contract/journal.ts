/** The journal's words a client reads: what a failed verification found. */

/**
 * What a failed verification found, as a code a client can put into words (the `reason` says it in
 * English, with the places): an event missing, one that does not follow the previous, data that is not
 * JSON, an event altered, one that differs from the checkpoint or from a signed anchor; the checkpoint
 * row gone; an anchor that is not one, signed by an unknown key, whose signature fails, two anchors that
 * disagree; no anchor at all, or events written after the last anchor by something without the key.
 */
export const JournalFault = {
  missing: 'missing',
  unlinked: 'unlinked',
  notJson: 'not_json',
  altered: 'altered',
  checkpointDiffers: 'checkpoint_differs',
  anchorDiffers: 'anchor_differs',
  checkpointMissing: 'checkpoint_missing',
  anchorUnreadable: 'anchor_unreadable',
  anchorUnknownKey: 'anchor_unknown_key',
  anchorForged: 'anchor_forged',
  anchorsDisagree: 'anchors_disagree',
  unanchored: 'unanchored',
  pastLastAnchor: 'past_last_anchor',
} as const;
export type JournalFault = (typeof JournalFault)[keyof typeof JournalFault];
