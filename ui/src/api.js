// The dashboard reads only the admin JSON API, with the admin key as a bearer token: everything on
// the page can be fetched the same way by a script.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function get(key, path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const res = await fetch(path + (q.toString() ? '?' + q : ''), { headers: { authorization: 'Bearer ' + key } });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!res.ok) throw new ApiError(res.status, body?.error?.message || text || res.statusText);
  return body;
}

/** Everything one screen needs, fetched in parallel. */
export async function loadAll(key, { since, tenant, by }) {
  const t = { tenant };
  const [series, byModel, byTenant, routes, cache, providers, budgets, decisions, audit] = await Promise.all([
    get(key, '/admin/timeseries', { since, by, ...t }),
    get(key, '/admin/report', { since, by: 'model', ...t }),
    get(key, '/admin/report', { since, by: 'tenant' }),
    get(key, '/admin/routes', { since, ...t }),
    get(key, '/admin/cache', { since, ...t }),
    get(key, '/admin/providers', { since, ...t }),
    get(key, '/admin/budgets'),
    get(key, '/admin/decisions', { since, limit: 40, ...t }),
    get(key, '/admin/audit', { since, ...t }),
  ]);
  return { series, byModel, byTenant, routes, cache, providers, budgets, decisions, audit };
}
