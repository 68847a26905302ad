// The page's single source of truth: lmdeck's status and catalogue as last received (snapshot, events,
// or a REST refresh that events trigger), plus this tab's own intent. Views subscribe and re-render.

const listeners = new Set();

export const state = {
  connection: 'connecting', // 'connecting' | 'open' | 'down'
  retryAt: null,            // when the next reconnect attempt runs (ms epoch), while down
  status: null,             // the contract's `lmstudio` object
  catalog: { online: false, stale: true, models: [] },
  target: null,             // model id the Decision Engine is about (last chosen or being loaded)
  request: null,            // this tab's load request in flight or refused: {modelId, phase, error}
  failures: {},             // modelId -> {message, at}: the latest failed load per model
};

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let scheduled = false;
/** Coalesces many changes in one task into one render. */
export function changed() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    listeners.forEach((l) => l(state));
  });
}

export function modelById(id) {
  if (!id) return null;
  return state.catalog.models.find((m) => m.model_id === id)
    || (state.status?.active_model?.model_id === id ? state.status.active_model : null);
}

export function displayName(id) {
  const m = modelById(id);
  return (m && m.display_name) || id || '';
}

/** Accepts the snapshot in either shape the server may use: {lmstudio, catalog:{…}} or {lmstudio, models:[…]}. */
export function applySnapshot(data) {
  if (!data || typeof data !== 'object') return;
  const status = data.lmstudio || (data.status && data.status.lmstudio) || null;
  if (status) applyStatus(status);
  const catalog = data.catalog || (Array.isArray(data.models)
    ? { online: data.online ?? status?.online ?? false, stale: data.stale ?? !(status?.online), models: data.models }
    : null);
  if (catalog) applyCatalog(catalog);
  if (status) {
    const known = state.target && state.catalog.models.some((m) => m.model_id === state.target) ? state.target : null;
    state.target = state.request?.modelId
      || status.loading?.model_id
      || status.active_model?.model_id
      || (status.last_error && status.last_error.model_id)
      || known;
  }
  changed();
}

export function applyStatus(status) {
  state.status = status;
  const err = status.last_error;
  // last_error also records cancelled loads and failed unloads; only a failed load makes a model "Failed".
  if (err && err.model_id && err.code !== 'cancelled' && err.code !== 'unload_failed') {
    const known = state.failures[err.model_id];
    // The failed-load event's own reason wins; last_error fills in a failure whose event this page missed.
    if (!known || new Date(err.at) > new Date(known.at)) {
      state.failures[err.model_id] = { message: reasonOnly(err.message), at: err.at, code: err.code };
    }
  }
  if (status.loading?.model_id) delete state.failures[status.loading.model_id];
  changed();
}

/** "Failed to load Gemma 3 1B: Failed to load google/gemma-3-1b: Error…" → "Error…" (the card already names the model). */
function reasonOnly(message) {
  let reason = (message || '').replace(/^LM Studio: /, '');
  while (/^Failed to load [^:]+: ./.test(reason)) reason = reason.replace(/^Failed to load [^:]+: /, '');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

export function applyCatalog(catalog) {
  state.catalog = {
    online: !!catalog.online,
    stale: !!catalog.stale,
    models: Array.isArray(catalog.models) ? catalog.models : [],
  };
  changed();
}

function patchModel(id, patch) {
  const m = state.catalog.models.find((x) => x.model_id === id);
  if (m) Object.assign(m, patch);
}

function progressOf(details) {
  if (!details) return null;
  if (typeof details.progress === 'number') return details.progress;
  if (typeof details.percent === 'number') return details.percent / 100;
  return null;
}

/** Applies one lifecycle event (contract section 3) at once; returns true when a REST refresh should follow. */
export function applyEvent(ev) {
  const s = state.status;
  const details = ev.details || {};
  const id = ev.model_id;
  let refresh = true;
  switch (ev.type) {
    case 'model_loading_started':
      delete state.failures[id];
      state.target = id;
      patchModel(id, { state: 'loading', progress: progressOf(details) ?? 0 });
      if (s) {
        s.status = 'loading';
        s.loading = {
          model_id: id, operation_id: ev.operation_id, progress: progressOf(details) ?? 0,
          eta_seconds: details.eta_seconds ?? s.loading?.eta_seconds ?? null, started_at: ev.at,
        };
      }
      break;
    case 'model_loading_progress': {
      refresh = false;
      const p = progressOf(details);
      patchModel(id, { state: 'loading', progress: p });
      if (s) {
        if (!s.loading || s.loading.model_id !== id) {
          s.loading = { model_id: id, operation_id: ev.operation_id, started_at: ev.at };
        }
        if (p != null) s.loading.progress = p;
        if ('eta_seconds' in details) s.loading.eta_seconds = details.eta_seconds;
        s.status = 'loading';
      }
      break;
    }
    case 'model_loading_complete':
      delete state.failures[id];
      patchModel(id, { state: 'loaded', progress: null });
      if (s && s.loading?.model_id === id) { s.loading = null; s.status = 'ready'; }
      if (state.request?.modelId === id) state.request = null;
      break;
    case 'model_loading_failed':
      state.failures[id] = {
        message: reasonOnly(details.reason || details.message || ev.message), at: ev.at, code: details.code || 'load_failed',
      };
      patchModel(id, { state: 'failed', progress: null });
      if (s && s.loading?.model_id === id) { s.loading = null; s.status = 'error'; }
      if (state.request?.modelId === id) state.request = null;
      break;
    case 'model_loading_cancelled':
      patchModel(id, { state: 'not_loaded', progress: null });
      if (s && s.loading?.model_id === id) s.loading = null;
      if (state.request?.modelId === id) state.request = null;
      // A cancelled choice hands the Decision Engine back to the model chat still uses.
      if (state.target === id && s?.active_model) state.target = s.active_model.model_id;
      break;
    case 'model_unloaded':
    case 'model_unloaded_externally':
      patchModel(id, { state: 'not_loaded', progress: null });
      break;
    case 'active_model_changed':
      if (s) s.active_model = id ? (state.catalog.models.find((m) => m.model_id === id) || s.active_model) : null;
      break;
    case 'lmstudio_offline':
      if (s) { s.online = false; s.status = 'offline'; s.loading = null; s.checked_at = ev.at || s.checked_at || 'now'; }
      state.catalog.online = false;
      state.catalog.stale = true;
      break;
    case 'lmstudio_online':
      if (s) { s.online = true; s.checked_at = ev.at || s.checked_at || 'now'; }
      state.catalog.online = true;
      break;
    default:
      break;
  }
  changed();
  return refresh;
}

export function setConnection(connection, retryAt = null) {
  state.connection = connection;
  state.retryAt = retryAt;
  changed();
}

export function setRequest(request) {
  state.request = request;
  if (request) state.target = request.modelId;
  changed();
}
