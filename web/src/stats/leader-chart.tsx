// The officers' statistics as horizontal SVG bars, each with its name above and its figure beside it in text.
// No chart library: lengths are percentages of the drawing's width, so it fits a 360 px phone and a desktop alike
// without scaling its text. The table below it is the accessible source; the drawing is named by its caption.
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { LeaderColumn, LeaderRow } from './leader-api.js';

/** The figures one may chart: counts and rates that compare across rows. */
export const CHART_METRICS = [
  'received',
  'handled',
  'overdue',
  'onTimePercent',
  'avgHandlingDays',
  'returns',
  'satisfactionPercent',
] as const satisfies readonly LeaderColumn[];
export type ChartMetric = (typeof CHART_METRICS)[number];

/** Pixels per bar: the name (13 px text), then the bar and its figure. */
const ROW_HEIGHT = 46;
/** The longest bar, as a share of the width: the rest keeps the figure beside it in view. */
const BAR_SPAN = 78;
/** Longer names are cut with an ellipsis in the drawing (the table has them whole). */
const NAME_LENGTH = 46;

const short = (name: string) => (name.length > NAME_LENGTH ? `${name.slice(0, NAME_LENGTH - 1)}…` : name);

export function LeaderChart({
  rows,
  metric,
  caption,
  format,
}: {
  rows: readonly LeaderRow[];
  metric: ChartMetric;
  caption: string;
  format: (column: LeaderColumn, value: number | null) => string;
}) {
  const { lang } = useI18n();
  const values = rows.map((r) => r[metric]);
  // Rates are out of 100; counts and days out of the largest shown.
  const max = metric.endsWith('Percent') ? 100 : Math.max(1, ...values.map((v) => v ?? 0));
  return (
    <figure class="leader-chart" data-testid="leader-chart">
      <figcaption id="leader-chart-caption">{caption}</figcaption>
      <svg
        class="leader-bars"
        role="img"
        aria-labelledby="leader-chart-caption"
        width="100%"
        height={rows.length * ROW_HEIGHT}
      >
        {rows.map((row, index) => {
          const value = values[index] ?? null;
          const span = value === null ? 0 : Math.min(BAR_SPAN, (value / max) * BAR_SPAN);
          const y = index * ROW_HEIGHT;
          return (
            <g key={row.key ?? ''} data-key={row.key ?? ''}>
              <text class="leader-bar-name" x="0" y={y + 14}>
                {short(lang === 'vi' ? row.nameVi : row.nameEn)}
              </text>
              <rect class="leader-bar-track" x="0" y={y + 20} width={`${BAR_SPAN}%`} height="14" rx="2" />
              {value !== null && value > 0 && (
                <rect class="leader-bar" x="0" y={y + 20} width={`${span}%`} height="14" rx="2" />
              )}
              <text
                class="leader-bar-value"
                x={`${value === null ? 0 : span}%`}
                dx={value === null || span === 0 ? 4 : 6}
                y={y + 32}
                data-testid="chart-value"
              >
                {format(metric, value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export const METRIC_LABELS: Readonly<Record<ChartMetric, MessageKey>> = {
  received: 'leaderStats.col.received',
  handled: 'leaderStats.col.handled',
  overdue: 'leaderStats.col.overdue',
  onTimePercent: 'leaderStats.col.onTimePercent',
  avgHandlingDays: 'leaderStats.col.avgHandlingDays',
  returns: 'leaderStats.col.returns',
  satisfactionPercent: 'leaderStats.col.satisfactionPercent',
};
