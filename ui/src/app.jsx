import { useEffect, useState, useCallback } from 'preact/hooks';
import { ApiError, get, loadAll } from './api.js';
import { BOUNDARY, Donut, Legend, Lines, Meter, PALETTE, SplitBar, StackedBars } from './charts.jsx';
import { ago, bucketLabel, count, dateTime, ms, pct, time, usd } from './format.js';

const WINDOWS = ['5m', '15m', '1h', '6h', '24h', '7d', '30d'];
const GROUPS = ['model', 'tenant', 'feature', 'task', 'provider'];
const KEY = 'compute-broker-admin-key';
const REFRESH_MS = 10_000;

function hashParams() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

export function App() {
  const [key, setKey] = useState(() => sessionStorage.getItem(KEY) || '');
  const [signedIn, setSignedIn] = useState(false);
  const signOut = () => {
    sessionStorage.removeItem(KEY);
    setKey('');
    setSignedIn(false);
  };
  useEffect(() => {
    if (key && !signedIn) get(key, '/admin/budgets').then(() => setSignedIn(true), () => signOut());
  }, []);
  if (!signedIn) {
    return <SignIn onKey={(k) => { sessionStorage.setItem(KEY, k); setKey(k); setSignedIn(true); }} />;
  }
  return <Dashboard apiKey={key} onSignOut={signOut} />;
}

function SignIn({ onKey }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await get(value.trim(), '/admin/budgets');
      onKey(value.trim());
    } catch (err) {
      setError(err instanceof ApiError && err.status === 403 ? 'This key is not an admin key.' : err instanceof ApiError && err.status === 401
        ? 'Unknown or revoked key.' : 'Could not reach the gateway: ' + err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="signin">
      <form class="card signin-card" onSubmit={submit}>
        <div class="brand big"><span class="logo">◆</span> compute-broker</div>
        <p class="muted">Spend, savings, routes and data boundaries of this gateway. Sign in with an admin key
          (<code>broker keys create --tenant ops --admin</code>).</p>
        <label for="key">Admin key</label>
        <input id="key" name="key" type="password" autocomplete="off" placeholder="sk-cb-…" value={value}
          onInput={(e) => setValue(e.currentTarget.value)} />
        {error ? <div class="error" role="alert">{error}</div> : null}
        <button type="submit" disabled={busy || !value.trim()}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </div>
  );
}

function Dashboard({ apiKey, onSignOut }) {
  const initial = hashParams();
  const [since, setSince] = useState(WINDOWS.includes(initial.since) ? initial.since : '1h');
  const [by, setBy] = useState(GROUPS.includes(initial.by) ? initial.by : 'model');
  const [tenant, setTenant] = useState(initial.tenant || '');
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [loadedAt, setLoadedAt] = useState(null);

  const load = useCallback(async () => {
    try {
      setData(await loadAll(apiKey, { since, by, tenant }));
      setLoadedAt(new Date());
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) onSignOut();
      else setError(e.message);
    }
  }, [apiKey, since, by, tenant]);

  useEffect(() => {
    location.hash = new URLSearchParams({ since, by, ...(tenant ? { tenant } : {}) }).toString();
    load();
    const t = setInterval(load, REFRESH_MS);
    return () => clearInterval(t);
  }, [load]);

  return (
    <div class="page">
      <header class="top">
        <div class="brand"><span class="logo">◆</span> compute-broker <span class="muted">dashboard</span></div>
        <div class="controls">
          <div class="seg" role="group" aria-label="window">
            {WINDOWS.map((w) => <button key={w} class={w === since ? 'on' : ''} onClick={() => setSince(w)}>{w}</button>)}
          </div>
          <select aria-label="tenant" value={tenant} onChange={(e) => setTenant(e.currentTarget.value)}>
            <option value="">all tenants</option>
            {(data?.byTenant?.rows || []).filter((r) => r.group).map((r) => <option key={r.group} value={r.group}>{r.group}</option>)}
          </select>
          <span class="muted small" data-loaded={loadedAt ? 'yes' : 'no'}>{loadedAt ? 'updated ' + time(loadedAt.toISOString()) + ' UTC' : 'loading…'}</span>
          <button class="ghost" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      {error ? <div class="banner" role="alert">{error}</div> : null}
      {data ? <Body data={data} by={by} setBy={setBy} /> : <div class="loading">Loading…</div>}
    </div>
  );
}

function Body({ data, by, setBy }) {
  const total = data.byModel.total;
  // One colour per model everywhere on the page, stable across refreshes (sorted by name).
  const models = colorFor([...new Set([...data.byModel.rows.map((r) => r.group), ...data.routes.rows.map((r) => r.model)])]
    .filter(Boolean).sort());
  return (
    <main>
      <Kpis total={total} cache={data.cache} />
      <div class="row">
        <Card title="Spend over time" wide extra={
          <div class="seg small" role="group" aria-label="group by">
            {GROUPS.map((g) => <button key={g} class={g === by ? 'on' : ''} onClick={() => setBy(g)}>{g}</button>)}
          </div>}>
          <Spend series={data.series} colors={by === 'model' ? models : null} />
        </Card>
        <Card title="Savings against the baseline">
          <Savings series={data.series} total={total} />
        </Card>
      </div>
      <div class="row three">
        <Card title="Route mix by task class"><RouteMix rows={data.routes.rows} colors={models} /></Card>
        <Card title="Cache"><Cache cache={data.cache} /></Card>
        <Card title="Owned capacity and providers"><Providers rows={data.providers.rows} /></Card>
      </div>
      <div class="row">
        <Card title="Latency per route" wide><Latency rows={data.byModel.rows} /></Card>
        <Card title="Budgets"><Budgets rows={data.budgets.rows} /></Card>
      </div>
      <Card title="Recent decisions" full><Decisions rows={data.decisions.rows} /></Card>
      <Card title="Audit: which models saw which data" full><Audit data={data.audit} /></Card>
    </main>
  );
}

function Card({ title, children, wide, full, extra }) {
  return (
    <section class={'card' + (wide ? ' wide' : '') + (full ? ' full' : '')} data-card={title}>
      <div class="card-head"><h2>{title}</h2>{extra}</div>
      {children}
    </section>
  );
}

function Kpis({ total, cache }) {
  const items = [
    { label: 'Spend', value: usd(total.cost_usd), sub: count(total.requests) + ' requests', id: 'spend' },
    { label: 'Baseline', value: usd(total.baseline_usd), sub: 'same tokens on the baseline model', id: 'baseline' },
    { label: 'Saved', value: usd(total.savings_usd), sub: total.savings_percent === null ? '–' : total.savings_percent + '% below baseline', id: 'saved', good: true },
    { label: 'Cache hit rate', value: pct(cache.hit_rate), sub: usd(cache.saved_usd) + ' not spent', id: 'cache' },
    { label: 'Latency p95', value: ms(total.latency_ms.p95), sub: 'TTFT p95 ' + ms(total.ttft_ms.p95), id: 'p95' },
    { label: 'Errors', value: pct(total.error_rate), sub: pct(total.fallback_rate) + ' fallback · ' + pct(total.spill_rate) + ' spill', id: 'errors' },
  ];
  return (
    <div class="kpis">
      {items.map((k) => (
        <div key={k.id} class="kpi" data-kpi={k.id}>
          <div class="kpi-label">{k.label}</div>
          <div class={'kpi-value' + (k.good ? ' good' : '')}>{k.value}</div>
          <div class="kpi-sub">{k.sub}</div>
        </div>
      ))}
    </div>
  );
}

function colorFor(names) {
  const m = {};
  names.forEach((n, i) => { m[n] = n === 'other' ? '#94a3b8' : PALETTE[i % PALETTE.length]; });
  return m;
}

/** Buckets from the first one with traffic (keeping at least 12), so a quiet start of the window does not squash the data. */
function firstBucket(series) {
  const n = series.buckets.length;
  const first = series.total.requests.findIndex((r) => r > 0);
  return first < 0 ? 0 : Math.max(0, Math.min(first, n - 12));
}

function Spend({ series, colors }) {
  const from = firstBucket(series);
  const labels = series.buckets.slice(from).map((b) => bucketLabel(b, series.step_seconds));
  const palette = colorFor(series.series.map((s) => s.group));
  const ss = series.series.map((s) => ({ name: s.group, color: (colors && colors[s.group]) || palette[s.group], values: s.cost_usd.slice(from).map(Number) }));
  if (!ss.length) return <Empty what="spend" />;
  return (
    <>
      <StackedBars name="spend" labels={labels} series={ss} fmt={usd} />
      <Legend items={ss.map((s) => ({ name: s.name, color: s.color }))} />
    </>
  );
}

function Savings({ series, total }) {
  const from = firstBucket(series);
  const labels = series.buckets.slice(from).map((b) => bucketLabel(b, series.step_seconds));
  const cum = (arr) => { let a = 0; return arr.map((v) => (a += Number(v))); };
  const base = cum(series.total.baseline_usd.slice(from)), cost = cum(series.total.cost_usd.slice(from));
  if (!base.some((v) => v > 0)) return <Empty what="traffic" />;
  return (
    <>
      <Lines name="savings" labels={labels} fmt={usd} lines={[
        { name: 'baseline (cumulative)', color: '#8b5cf6', values: base, dashed: true },
        { name: 'actual spend (cumulative)', color: '#10b981', values: cost },
      ]} />
      <Legend items={[{ name: 'baseline', color: '#8b5cf6' }, { name: 'actual', color: '#10b981' }]} />
      <div class="note">Saved <b>{usd(total.savings_usd)}</b> ({total.savings_percent ?? '–'}%), of which cache <b>{usd(total.cache_savings_usd)}</b>.</div>
    </>
  );
}

function RouteMix({ rows, colors }) {
  if (!rows.length) return <Empty what="routes" />;
  const models = [...new Set(rows.map((r) => r.model))].sort();
  const boundaryOf = Object.fromEntries(rows.map((r) => [r.model, r.boundary]));
  const tasks = {};
  rows.forEach((r) => { (tasks[r.task] ||= []).push(r); });
  const ordered = Object.entries(tasks).sort((a, b) => sum(b[1]) - sum(a[1]));
  return (
    <div data-chart="routes" data-points={rows.filter((r) => r.requests > 0).length}>
      {ordered.map(([task, rs]) => (
        <div class="route" key={task}>
          <div class="route-head"><span>{task}</span><span class="muted">{count(sum(rs))}</span></div>
          <SplitBar total={sum(rs)} parts={rs.map((r) => ({ name: r.model, value: r.requests, color: colors[r.model] }))} />
        </div>
      ))}
      <Legend items={models.map((m) => ({ name: m + ' · ' + boundaryOf[m], color: colors[m] }))} />
    </div>
  );
}

const sum = (rs) => rs.reduce((a, r) => a + r.requests, 0);

const CACHE_COLORS = { exact_hit: '#10b981', hit: '#10b981', semantic_hit: '#0ea5e9', shadow: '#f59e0b', none: '#cbd5e1', miss: '#cbd5e1' };

function Cache({ cache }) {
  if (!cache.requests) return <Empty what="requests" />;
  const parts = cache.rows.map((r) => ({ name: r.outcome, value: r.requests, color: CACHE_COLORS[r.outcome] || '#94a3b8' }));
  return (
    <div class="cache">
      <Donut name="cache" parts={parts} center={pct(cache.hit_rate)} sub="hit rate" />
      <div>
        {cache.rows.map((r) => (
          <div class="kv" key={r.outcome}><span><i class="dot" style={{ background: CACHE_COLORS[r.outcome] || '#94a3b8' }} />{r.outcome === 'none' ? 'not cached' : r.outcome.replace('_', ' ')}</span><b>{count(r.requests)}</b></div>
        ))}
        <div class="kv strong"><span>spend avoided</span><b>{usd(cache.saved_usd)}</b></div>
      </div>
    </div>
  );
}

function Providers({ rows }) {
  return (
    <div data-chart="providers" data-points={rows.filter((r) => r.tokens > 0).length}>
      {rows.map((p) => (
        <div class="provider" key={p.id}>
          <div class="route-head">
            <span>{p.id} <span class="muted small">{p.kind}{p.accelerator ? ' · ' + p.accelerator : ''}</span></span>
            <span class={'badge ' + (!p.available ? 'off' : p.circuit === 'closed' ? 'ok' : 'bad')}>
              {!p.available ? 'unavailable' : 'circuit ' + p.circuit.replace('_', '-')}</span>
          </div>
          {p.max_concurrency ? (
            <div class="sub-row"><span class="muted small">in flight now: {p.in_flight} of {p.max_concurrency}</span><Meter value={p.concurrency_utilisation} label="concurrency" /></div>
          ) : null}
          {p.throughput_tokens_per_second ? (
            <div class="sub-row"><span class="muted small">hardware throughput: {pct(p.throughput_utilisation, 2)} of {count(p.throughput_tokens_per_second)} tok/s over the window</span>
              <Meter value={p.throughput_utilisation} label="throughput" /></div>
          ) : null}
          <div class="muted small">{count(p.tokens)} tokens in window{!p.available && p.reason ? ' · ' + p.reason : ''}</div>
        </div>
      ))}
    </div>
  );
}

function Latency({ rows }) {
  const rs = rows.filter((r) => r.group && r.latency_ms.p50 !== null);
  if (!rs.length) return <Empty what="latencies" />;
  const max = Math.max(...rs.map((r) => r.latency_ms.p99 || 0), 1);
  return (
    <table class="table" data-chart="latency" data-points={rs.length}>
      <thead><tr><th>route (model)</th><th class="num">requests</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">TTFT p95</th><th>p50 · p95 · p99</th><th class="num">cost</th></tr></thead>
      <tbody>
        {rs.map((r) => (
          <tr key={r.group}>
            <td>{r.group}</td><td class="num">{count(r.requests)}</td><td class="num">{ms(r.latency_ms.p50)}</td><td class="num">{ms(r.latency_ms.p95)}</td>
            <td class="num">{ms(r.latency_ms.p99)}</td><td class="num">{ms(r.ttft_ms.p95)}</td>
            <td class="lat-cell">
              <div class="lat">
                <div class="lat-p99" style={{ width: (100 * r.latency_ms.p99 / max).toFixed(2) + '%' }} />
                <div class="lat-p95" style={{ width: (100 * r.latency_ms.p95 / max).toFixed(2) + '%' }} />
                <div class="lat-p50" style={{ width: (100 * r.latency_ms.p50 / max).toFixed(2) + '%' }} />
              </div>
            </td>
            <td class="num">{usd(r.cost_usd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Budgets({ rows }) {
  if (!rows.length) return <Empty what="budgets" hint="broker budget set --tenant T --window month --limit 500" />;
  return (
    <div data-chart="budgets" data-points={rows.length}>
      {rows.map((b) => (
        <div class="budget" key={b.id}>
          <div class="route-head"><span>{b.description}</span><span class="muted small">{b.action}</span></div>
          <Meter value={Number(b.spent_usd)} max={Number(b.limit_usd)} marker={b.soft_usd === null ? null : Number(b.soft_usd)}
            label={`${usd(b.spent_usd)} of ${usd(b.limit_usd)}`} />
          <div class="budget-facts small">
            <span><b>{usd(b.spent_usd)}</b> of {usd(b.limit_usd)} ({pct(b.utilisation)})</span>
            <span>burn {usd(b.burn_usd_per_hour)}/h</span>
            {b.projected_usd !== null ? <span>projected {usd(b.projected_usd)}</span> : null}
            <span>{b.exhausts_at ? 'at this rate the limit is reached ' + dateTime(b.exhausts_at) : b.utilisation >= 1 ? 'at the limit' : 'not on course to reach the limit'}</span>
          </div>
        </div>
      ))}
    </div>
  );
}

function Decisions({ rows }) {
  if (!rows.length) return <Empty what="decisions" />;
  return (
    <div class="scroll">
      <table class="table" data-chart="decisions" data-points={rows.length}>
        <thead><tr><th>when</th><th>tenant</th><th>feature</th><th>task</th><th>sensitivity</th><th>model</th><th class="num">cost</th><th class="num">latency</th><th>cache</th><th>why</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.request_id} class={r.status === 'error' ? 'err' : ''}>
              <td class="nowrap" title={r.created_at}>{ago(r.created_at)}</td>
              <td>{r.tenant}</td><td>{r.feature || <span class="muted">–</span>}</td><td>{r.task}</td>
              <td><span class={'sens ' + r.sensitivity}>{r.sensitivity}</span>{r.entity_types ? <span class="muted small"> {r.entity_types.toLowerCase()}</span> : null}</td>
              <td class="nowrap"><i class="dot" style={{ background: BOUNDARY[r.boundary] || '#94a3b8' }} title={r.boundary} />{r.model}
                {r.fallback ? <span class="badge warn">fallback</span> : null}{r.spilled ? <span class="badge warn">spill</span> : null}
                {r.status === 'error' ? <span class="badge bad">{r.http_status}</span> : null}</td>
              <td class="num">{usd(r.cost_usd)}</td><td class="num">{ms(r.latency_ms)}</td><td>{r.cache === 'none' ? '' : r.cache}</td>
              <td class="why" title={r.summary}>{r.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Audit({ data }) {
  const rows = data.rows || [];
  if (!rows.length) return <Empty what="audit rows" />;
  return (
    <div class="scroll">
      <table class="table" data-chart="audit" data-points={rows.length}>
        <thead><tr><th>sensitivity</th><th>entity types</th><th>provider / model</th><th>boundary</th><th>region</th><th class="num">requests</th><th>policy</th><th>last seen</th></tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td><span class={'sens ' + r.sensitivity}>{r.sensitivity}</span></td>
              <td>{r.entity_types?.length ? r.entity_types.map((t) => t.toLowerCase()).join(', ') : <span class="muted">none</span>}</td>
              <td>{r.provider} / {r.model}</td>
              <td><i class="dot" style={{ background: BOUNDARY[r.boundary] || '#94a3b8' }} />{r.boundary}</td>
              <td>{r.region || <span class="muted">–</span>}</td><td class="num">{count(r.requests)}</td>
              <td class="mono small">{r.policy_version}</td><td class="nowrap">{r.last_seen ? ago(r.last_seen) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Empty({ what, hint }) {
  return <div class="empty">No {what} in this window.{hint ? <div class="mono small">{hint}</div> : null}</div>;
}
