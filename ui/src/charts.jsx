// Small SVG charts drawn by hand: no chart library, a few kilobytes, and every mark is an element a
// browser test can count. Each chart root carries data-chart (its name) and data-points (marks drawn
// for non-zero data), so "the chart has data" is checkable without reading pixels.

import { usdTick } from './format.js';

export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#64748b'];
export const BOUNDARY = { owned: '#10b981', 'private-cloud': '#14b8a6', marketplace: '#f59e0b', frontier: '#8b5cf6', '(none)': '#94a3b8' };

/** The axis top: four ticks of a round step (1, 2, 2.5, 5 × 10^k) that cover v. */
function niceMax(v, ticks = 4) {
  if (!(v > 0)) return 1;
  const raw = v / ticks;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p * ticks;
  return 10 * p * ticks;
}

function Axis({ x0, x1, y0, y1, max, fmt, ticks = 4 }) {
  const lines = [];
  for (let i = 0; i <= ticks; i++) {
    const v = (max * i) / ticks;
    const y = y1 - ((y1 - y0) * i) / ticks;
    lines.push(
      <g key={i}>
        <line x1={x0} x2={x1} y1={y} y2={y} class="grid" />
        <text x={x0 - 6} y={y + 3} class="tick" text-anchor="end">{(fmt.tick || fmt)(v)}</text>
      </g>,
    );
  }
  return <g>{lines}</g>;
}

function XLabels({ labels, x, y, every }) {
  return (
    <g>
      {labels.map((l, i) => (i % every === 0 ? <text key={i} x={x(i)} y={y} class="tick" text-anchor="middle">{l}</text> : null))}
    </g>
  );
}

/** Bars over time, one stacked segment per series. */
export function StackedBars({ name, labels, series, fmt, height = 240 }) {
  const W = 760, H = height, L = 64, R = 8, T = 10, B = 26;
  const n = labels.length;
  const totals = labels.map((_, i) => series.reduce((a, s) => a + (s.values[i] || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = (W - L - R) / Math.max(1, n);
  const bw = Math.max(1, slot * 0.72);
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const rects = [];
  let points = 0;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (const s of series) {
      const v = s.values[i] || 0;
      if (v <= 0) continue;
      const top = y(acc + v), bottom = y(acc);
      rects.push(
        <rect key={s.name + i} x={L + i * slot + (slot - bw) / 2} y={top} width={bw} height={Math.max(0.5, bottom - top)} fill={s.color} rx="1.5">
          <title>{`${s.name} · ${labels[i]} · ${fmt(v)}`}</title>
        </rect>,
      );
      acc += v;
      points++;
    }
  }
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} data-chart={name} data-points={points} role="img" aria-label={name}>
      <Axis x0={L} x1={W - R} y0={T} y1={H - B} max={max} fmt={fmt} />
      {rects}
      <XLabels labels={labels} x={(i) => L + i * slot + slot / 2} y={H - 8} every={Math.max(1, Math.ceil(n / 8))} />
    </svg>
  );
}

/** Lines over time; the area between the first two is shaded (savings between baseline and actual). */
export function Lines({ name, labels, lines, fmt, height = 240, shadeBetween = true }) {
  const W = 520, H = height, L = 64, R = 10, T = 10, B = 26;
  const n = labels.length;
  const max = niceMax(Math.max(0, ...lines.flatMap((l) => l.values)));
  const x = (i) => L + (n <= 1 ? 0 : ((W - L - R) * i) / (n - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const path = (vals) => vals.map((v, i) => (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1)).join(' ');
  let points = 0;
  lines.forEach((l) => l.values.forEach((v) => { if (v > 0) points++; }));
  let shade = null;
  if (shadeBetween && lines.length >= 2 && n > 1) {
    const [a, b] = lines;
    const d = path(a.values) + ' ' + b.values.map((v, i) => 'L' + x(n - 1 - i).toFixed(1) + ' ' + y(b.values[n - 1 - i]).toFixed(1)).join(' ') + ' Z';
    shade = <path d={d} class="shade" />;
  }
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} data-chart={name} data-points={points} role="img" aria-label={name}>
      <Axis x0={L} x1={W - R} y0={T} y1={H - B} max={max} fmt={fmt} />
      {shade}
      {lines.map((l) => (
        <path key={l.name} d={path(l.values)} fill="none" stroke={l.color} stroke-width="2.2" stroke-dasharray={l.dashed ? '6 4' : undefined}>
          <title>{l.name}</title>
        </path>
      ))}
      <XLabels labels={labels} x={x} y={H - 8} every={Math.max(1, Math.ceil(n / 6))} />
    </svg>
  );
}

/** A ring of shares with the headline in the middle. */
export function Donut({ name, parts, center, sub, size = 150 }) {
  const total = parts.reduce((a, p) => a + p.value, 0);
  const r = 54, c = 2 * Math.PI * r;
  let offset = 0;
  const arcs = [];
  for (const p of parts) {
    if (p.value <= 0 || total <= 0) continue;
    const len = (p.value / total) * c;
    arcs.push(
      <circle key={p.name} cx="75" cy="75" r={r} fill="none" stroke={p.color} stroke-width="18"
        stroke-dasharray={`${len} ${c - len}`} stroke-dashoffset={-offset} transform="rotate(-90 75 75)">
        <title>{`${p.name}: ${p.value}`}</title>
      </circle>,
    );
    offset += len;
  }
  return (
    <svg class="donut" width={size} height={size} viewBox="0 0 150 150" data-chart={name} data-points={arcs.length} role="img" aria-label={name}>
      <circle cx="75" cy="75" r={r} fill="none" class="track" stroke-width="18" />
      {arcs}
      <text x="75" y="74" text-anchor="middle" class="donut-big">{center}</text>
      <text x="75" y="94" text-anchor="middle" class="donut-sub">{sub}</text>
    </svg>
  );
}

/** A horizontal meter; tone turns amber then red as it fills. */
export function Meter({ value, max = 1, label, marker }) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const tone = share >= 0.9 ? 'bad' : share >= 0.7 ? 'warn' : 'ok';
  return (
    <div class="meter" title={label} data-meter={share.toFixed(4)}>
      <div class={'meter-fill ' + tone} style={{ width: (share * 100).toFixed(2) + '%' }} />
      {marker !== undefined && marker !== null ? <div class="meter-mark" style={{ left: (Math.min(1, marker / max) * 100).toFixed(2) + '%' }} /> : null}
    </div>
  );
}

/** One bar split into coloured segments (route mix rows). */
export function SplitBar({ parts, total }) {
  return (
    <div class="split">
      {parts.filter((p) => p.value > 0).map((p) => (
        <div key={p.name} class="split-seg" data-seg={p.name} title={`${p.name}: ${p.value}`}
          style={{ width: ((p.value / total) * 100).toFixed(3) + '%', background: p.color }} />
      ))}
    </div>
  );
}

export function Legend({ items }) {
  return (
    <div class="legend">
      {items.map((i) => (
        <span key={i.name} class="legend-item"><i style={{ background: i.color }} />{i.name}</span>
      ))}
    </div>
  );
}
