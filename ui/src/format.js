// Number formatting for people: money with as many decimals as its size needs, compact counts.

export function usd(v) {
  const x = Number(v) || 0;
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 1 ? 2 : a >= 0.01 ? 4 : a === 0 ? 2 : 6;
  return (x < 0 ? '-$' : '$') + a.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

usd.tick = (v) => usdTick(v);

/** Axis ticks: dollars with the fewest decimals that still tell the ticks apart (no trailing zeros). */
export function usdTick(v) {
  const x = Number(v) || 0;
  if (x === 0) return '$0';
  const digits = Math.min(8, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x)))));
  const t = x.toFixed(digits);
  return '$' + (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
}

export function count(v) {
  const x = Number(v) || 0;
  if (x >= 1e6) return (x / 1e6).toFixed(1) + 'M';
  if (x >= 1e4) return (x / 1e3).toFixed(1) + 'k';
  return x.toLocaleString('en-US');
}

export function pct(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return (v * 100).toFixed(digits) + '%';
}

export function ms(v) {
  if (v === null || v === undefined) return '–';
  return v >= 10000 ? (v / 1000).toFixed(1) + ' s' : v + ' ms';
}

export function time(iso, withSeconds = true) {
  const d = new Date(iso);
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, timeZone: 'UTC' });
}

export function dateTime(iso) {
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

export function bucketLabel(iso, stepSeconds) {
  const d = new Date(iso);
  if (stepSeconds >= 86400) return d.toISOString().slice(5, 10);
  if (stepSeconds >= 3600) return d.toISOString().slice(5, 10) + ' ' + d.toISOString().slice(11, 16);
  if (stepSeconds >= 60) return d.toISOString().slice(11, 16);
  return d.toISOString().slice(11, 19);
}

export function ago(iso, now = Date.now()) {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}
