// lmdeck's HTTP API (contract section 2) with the bearer token of contract section 5.
// The token comes once from the URL fragment (#token=…) or the login form; it lives in this tab's
// sessionStorage only (never a cookie) and the fragment is removed from the address bar at once.

const TOKEN_KEY = 'lmdeck.token';

let token = null;
const unauthorizedListeners = new Set();

export function initToken() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromFragment = params.get('token');
  if (fromFragment) {
    token = fromFragment;
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch { /* private mode: keep it in memory */ }
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  } else {
    try { token = sessionStorage.getItem(TOKEN_KEY); } catch { token = null; }
  }
}

export function setToken(value) {
  token = value || null;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
  } catch { /* ignore */ }
}

export function hasToken() {
  return token != null;
}

/** Called with no arguments whenever the server answers 401. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

/** Every request says it comes from the web UI, so the activity log records the cause as "user". */
export function authHeaders(extra = {}) {
  const headers = { 'X-Lmdeck-Client': 'ui', ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

/** An API failure a person can read: {status, code, message}. */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** fetch() with the token; 401 notifies the login form. Network failures become ApiError(0, 'unreachable'). */
export async function request(path, { method = 'GET', body, headers = {}, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: authHeaders(body !== undefined ? { 'Content-Type': 'application/json', ...headers } : headers),
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'unreachable', "Can't reach lmdeck. Is the server still running?");
  }
  if (response.status === 401) unauthorizedListeners.forEach((l) => l());
  return response;
}

/** Reads an error envelope {"error":{"code","message"}} into an ApiError. */
export async function errorOf(response) {
  let code = `http_${response.status}`;
  let message = `lmdeck answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch { /* not JSON: keep the status line */ }
  const retryAfter = Number(response.headers.get('Retry-After')) || null;
  return new ApiError(response.status, code, message, retryAfter);
}

export async function json(path, options) {
  const response = await request(path, options);
  if (!response.ok) throw await errorOf(response);
  return response.status === 204 ? null : response.json();
}

/** A preset's path: the model id, slashes and all, each part encoded (contract section 7). */
const presetPath = (modelId) => `/api/presets/${modelId.split('/').map(encodeURIComponent).join('/')}`;

// Status and catalogue are never read here: the event stream brings them (main.js).
export const api = {
  preset: (modelId) => json(presetPath(modelId)),
  putPreset: (modelId, preset) => json(presetPath(modelId), { method: 'PUT', body: preset }),
  deletePreset: (modelId) => json(presetPath(modelId), { method: 'DELETE' }),
  requests: () => json('/api/requests'),
  load: (modelId) => json('/api/models/lmstudio/load', { method: 'POST', body: { model_id: modelId } }),
  unload: (modelId) => json('/api/models/lmstudio/unload', { method: 'POST', body: { model_id: modelId } }),
  cancel: (operationId) => json('/api/models/lmstudio/cancel', { method: 'POST', body: { operation_id: operationId } }),
  activity: ({ before, type, modelId, limit = 50 } = {}) => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before != null) q.set('before', String(before));
    if (type) q.set('type', type);
    if (modelId) q.set('model_id', modelId);
    return json(`/api/activity?${q}`);
  },
};
