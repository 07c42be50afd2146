import { Type, type Static } from 'typebox';
import { IsoDate, PlaceCode } from './identity.schema.js';
import { Closed } from './schema.js';

/** Production and waiting-time figures (`GET /identity/statistics`), as the API answers them. */

const Count = Closed({ centre: PlaceCode, period: Type.String(), cards: Type.Integer() });

export const IdentityStatistics = Closed({
  from: IsoDate,
  to: IsoDate,
  /** Cards personalised per centre: per day (`2026-03-02`), month (`2026-03`) and year (`2026`). */
  produced: Closed({ byDay: Type.Array(Count), byMonth: Type.Array(Count), byYear: Type.Array(Count), total: Type.Integer() }),
  /** Time spent before each status change, over the changes made in the period. */
  waiting: Type.Array(
    Closed({
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.String(),
      count: Type.Integer(),
      medianSeconds: Type.Number(),
      p90Seconds: Type.Number(),
    }),
  ),
});

export type IdentityStatistics = Static<typeof IdentityStatistics>;
