// HTTP schemas of the public figures.
import { Type, type Static } from '@sinclair/typebox';

export const PublicStats = Type.Object(
  {
    received: Type.Integer({ minimum: 0, description: 'Reports received since the system started.' }),
    handled: Type.Integer({ minimum: 0, description: 'Reports the handling agency has answered.' }),
    onTimePercent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], {
      description:
        'Share (0–100) of reports that came due — answered, or still open past their deadline — that were answered by their deadline; null while none has come due.',
    }),
    satisfactionPercent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], {
      description:
        'Share (0–100) of the answers rated by their reporter that were rated "satisfied"; null while none has been rated.',
    }),
    asOf: Type.String({
      format: 'date-time',
      description: 'When the figures were computed (they are refreshed every minute).',
    }),
  },
  { $id: 'PublicStats', additionalProperties: false },
);
export type PublicStats = Static<typeof PublicStats>;
