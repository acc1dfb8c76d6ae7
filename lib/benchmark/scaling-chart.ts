/** One measured point of a scaling series. */
export interface ScalingPoint {
  /** Size of the configuration (environments or job definitions). */
  readonly size: number;
  /** Median synth time, in seconds. */
  readonly seconds: number;
  /** Peak memory, in MiB. */
  readonly memoryMiB: number;
}

/** A scaling series and what its size counts. */
export interface ScalingSeries {
  /** Title of the panel, such as "Environments (2 job definitions each)". */
  readonly title: string;
  /** The measured points, in increasing size. */
  readonly points: readonly ScalingPoint[];
}

const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 260;
const MARGIN = { left: 56, right: 56, top: 36, bottom: 44 };

/**
 * An SVG picture of scaling series: one panel per series, synth time (solid, left axis) and peak
 * memory (dashed, right axis) against the configuration's size.
 */
export function scalingChart(series: readonly ScalingSeries[]): string {
  const width = PANEL_WIDTH * series.length;
  const panels = series.map((s, i) => panel(s, i * PANEL_WIDTH)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_HEIGHT}"` +
      ` viewBox="0 0 ${width} ${PANEL_HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${PANEL_HEIGHT}" fill="white"/>`,
    panels,
    '</svg>',
    '',
  ].join('\n');
}

function panel(series: ScalingSeries, offset: number): string {
  const plotWidth = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxSize = Math.max(...series.points.map((p) => p.size));
  const maxSeconds = niceCeiling(Math.max(...series.points.map((p) => p.seconds)));
  const maxMemory = niceCeiling(Math.max(...series.points.map((p) => p.memoryMiB)));
  const x = (size: number): number => offset + MARGIN.left + (size / maxSize) * plotWidth;
  const ySeconds = (s: number): number => MARGIN.top + plotHeight - (s / maxSeconds) * plotHeight;
  const yMemory = (m: number): number => MARGIN.top + plotHeight - (m / maxMemory) * plotHeight;
  const line = (y: (p: ScalingPoint) => number): string =>
    series.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.size).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const left = offset + MARGIN.left;
  const right = offset + PANEL_WIDTH - MARGIN.right;
  const bottom = MARGIN.top + plotHeight;
  const ticks = [0, 0.5, 1]
    .map((f) => {
      const y = (MARGIN.top + plotHeight * (1 - f) + 4).toFixed(1);
      return (
        `<text x="${left - 6}" y="${y}" text-anchor="end">${(maxSeconds * f).toFixed(1)} s</text>` +
        `<text x="${right + 6}" y="${y}">${Math.round(maxMemory * f)} MiB</text>`
      );
    })
    .join('');
  const sizes = series.points
    .map((p) => `<text x="${x(p.size).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${p.size}</text>`)
    .join('');
  const dots = series.points
    .map((p) => {
      const cx = x(p.size).toFixed(1);
      return (
        `<circle cx="${cx}" cy="${ySeconds(p.seconds).toFixed(1)}" r="3" fill="#1f6feb"/>` +
        `<circle cx="${cx}" cy="${yMemory(p.memoryMiB).toFixed(1)}" r="3" fill="#d1242f"/>`
      );
    })
    .join('');
  return [
    `<g>`,
    `<text x="${offset + PANEL_WIDTH / 2}" y="18" text-anchor="middle" font-weight="bold">` +
      `${escapeXml(series.title)}</text>`,
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#888"/>`,
    `<line x1="${left}" y1="${MARGIN.top}" x2="${left}" y2="${bottom}" stroke="#888"/>`,
    `<line x1="${right}" y1="${MARGIN.top}" x2="${right}" y2="${bottom}" stroke="#888"/>`,
    ticks,
    sizes,
    `<path d="${line((p) => ySeconds(p.seconds))}" fill="none" stroke="#1f6feb" stroke-width="2"/>`,
    `<path d="${line((p) => yMemory(p.memoryMiB))}"` +
      ` fill="none" stroke="#d1242f" stroke-width="2" stroke-dasharray="5,4"/>`,
    dots,
    `<text x="${left}" y="${PANEL_HEIGHT - 8}" fill="#1f6feb">— synth time</text>`,
    `<text x="${right}" y="${PANEL_HEIGHT - 8}" fill="#d1242f" text-anchor="end">- - peak memory</text>`,
    `</g>`,
  ].join('\n');
}

/** The smallest of 1, 2, 5 x 10^n not below `value`. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= value)!;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
