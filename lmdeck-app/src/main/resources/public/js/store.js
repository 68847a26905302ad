// The page's state and its one way to change: dispatch(message) runs the pure reducer, then views re-render.
//
// lmdeck's status and catalogue are never worked out here: they are taken as the server sends them, a
// `snapshot` first and then a `state` after every lifecycle step (GET /api/events?state=1). What the reducer
// adds is this tab's own intent (the model last chosen, a load request on its way) and the reason of the
// latest failed load of each model. Lifecycle events only tell it that an operation has ended.

import { initialActivity, reduceActivity } from './activity-state.js';
import { initialOrigins, reduceOrigins, swapOf } from './origins-state.js';
import { initialRequests, reduceRequests } from './requests-state.js';
import { initialPresets, reducePresets } from './preset-state.js';

const ENDED = new Set(['model_loading_complete', 'model_loading_failed', 'model_loading_cancelled']);
const REMEMBERED_ENDS = 32;

export const initialState = Object.freeze({
  connection: 'connecting', // 'connecting' | 'open' | 'down'
  retryAt: null,            // when the next reconnect attempt runs (ms epoch), while down
  status: null,             // the contract's `lmstudio` object, as last sent
  catalog: { online: false, stale: true, models: [] },
  target: null,             // the model the Decision Engine is about (being loaded, last chosen, or active)
  request: null,            // this tab's load request: {modelId, phase: 'requesting'|'accepted'|'error', operationId, error}
  failures: {},             // modelId -> {message, code, at}: the latest failed load of each model
  unloadErrors: {},         // modelId -> why this tab's unload of it was refused, while it stays loaded
  endedOps: [],             // operation ids that ended lately (an answer may arrive after its operation ended)
  activity: initialActivity, // the Activity Log (activity-state.js)
  origins: initialOrigins,   // who asked for each load (origins-state.js)
  requests: initialRequests, // the gateway's queued and running requests (requests-state.js)
  presets: initialPresets,   // the preset editor (preset-state.js)
});

const PARTS = { activity: reduceActivity, requests: reduceRequests, presets: reducePresets };

/** (state, message) → state. Pure: never mutates its input, never calls out. */
export function reduce(state, message) {
  // Origins first: whether a load is the gateway's decides what the Decision Engine is about.
  const origins = reduceOrigins(state.origins, message);
  let next = reduceLmdeck(origins === state.origins ? state : { ...state, origins }, message);
  for (const [key, part] of Object.entries(PARTS)) {
    const value = part(state[key], message);
    if (value !== next[key]) next = { ...next, [key]: value };
  }
  return next;
}

function reduceLmdeck(state, message) {
  switch (message.type) {
    case 'snapshot':
      return withServer(state, message.lmstudio, catalogOf(message.catalog), true);
    case 'state':
      return withServer(state, message.lmstudio, patchCatalog(state.catalog, message.catalog), false);
    case 'event':
      return onEvent(state, message.event);
    case 'connection':
      return { ...state, connection: message.connection, retryAt: message.retryAt ?? null };
    case 'load_requested':
      return {
        ...state, target: message.modelId, failures: without(state.failures, message.modelId),
        request: { modelId: message.modelId, phase: 'requesting', operationId: null, error: null },
      };
    case 'load_answered': {
      if (state.request?.modelId !== message.modelId) return state;
      const over = message.loaded || state.endedOps.includes(message.operationId);
      return settled(state, { ...state, request: over ? null : { ...state.request, phase: 'accepted', operationId: message.operationId } });
    }
    case 'load_refused':
      if (state.request?.modelId !== message.modelId) return state;
      return { ...state, request: { ...state.request, phase: 'error', error: message.error } };
    case 'cancel_answered':
      return state.request?.modelId === message.modelId ? settled(state, { ...state, request: null }) : state;
    case 'unload_refused':
      return { ...state, unloadErrors: { ...state.unloadErrors, [message.modelId]: message.message } };
    default:
      return state;
  }
}

function catalogOf(catalog) {
  return {
    online: !!catalog?.online,
    stale: !!catalog?.stale,
    models: Array.isArray(catalog?.models) ? catalog.models : [],
  };
}

/** A `state` message's catalogue part: the ids in order and the entries that changed. */
function patchCatalog(old, change) {
  if (!change) return old;
  const byId = new Map(old.models.map((m) => [m.model_id, m]));
  for (const m of change.changed || []) byId.set(m.model_id, m);
  return {
    online: !!change.online,
    stale: !!change.stale,
    models: (change.model_ids || []).map((id) => byId.get(id)).filter(Boolean),
  };
}

function withServer(state, status, catalog, fresh) {
  if (!status) return { ...state, catalog };
  const failures = noteFailures(state.failures, status, catalog);
  let request = state.request;
  if (request?.phase === 'error' && request.error?.code === 'lmstudio_offline' && status.online) request = null;
  if (fresh && request?.phase === 'accepted' && status.loading?.operation_id !== request.operationId) request = null;
  const unloadErrors = Object.fromEntries(Object.entries(state.unloadErrors)
    .filter(([id]) => catalog.models.some((m) => m.model_id === id && m.state === 'loaded')));
  return settled(state, { ...state, status, catalog, failures, unloadErrors, request });
}

/** next with the Decision Engine's subject worked out again (once lmdeck's state is known). */
function settled(before, next) {
  return next.status ? { ...next, target: targetOf(before, next) } : next;
}

/** The reason of each failed load, from `last_error` as it passes by; forgotten once the model loads again. */
function noteFailures(failures, status, catalog) {
  const next = { ...failures };
  const err = status.last_error;
  // last_error also records cancelled loads and failed unloads; only a failed load makes a model "Failed".
  if (err && err.model_id && err.code !== 'cancelled' && err.code !== 'unload_failed') {
    const known = next[err.model_id];
    if (!known || new Date(err.at) > new Date(known.at)) {
      next[err.model_id] = { message: reasonOnly(err.message), at: err.at, code: err.code };
    }
  }
  if (status.loading?.model_id) delete next[status.loading.model_id];
  for (const m of catalog.models) if (m.state === 'loaded' || m.state === 'loading') delete next[m.model_id];
  return next;
}

/**
 * This tab's pending choice wins; else the model being loaded to become the active one (not a load the gateway
 * asked for); else the model last chosen while it is loaded or its load failed (the reason stays in view);
 * otherwise the active model (a cancelled choice hands it back).
 */
function targetOf(before, next) {
  if (next.request) return next.request.modelId;
  const swap = swapOf(next);
  if (swap) return swap.model_id;
  const active = next.status.active_model?.model_id || null;
  const chosen = next.catalog.models.find((m) => m.model_id === before.target);
  if (!chosen) return active || lastFailedLoad(next.status);
  if (chosen.state === 'loaded' || chosen.state === 'unloading' || failureOf(next, chosen.model_id)) return chosen.model_id;
  return active || chosen.model_id;
}

function lastFailedLoad(status) {
  const err = status.last_error;
  return err && err.model_id && err.code !== 'cancelled' && err.code !== 'unload_failed' ? err.model_id : null;
}

function onEvent(state, event) {
  if (!event || !ENDED.has(event.type) || !event.operation_id) return state;
  const endedOps = [...state.endedOps.slice(-(REMEMBERED_ENDS - 1)), event.operation_id];
  const ours = state.request?.phase === 'accepted' && state.request.operationId === event.operation_id;
  return ours ? settled(state, { ...state, endedOps, request: null }) : { ...state, endedOps };
}

function without(map, key) {
  if (!(key in map)) return map;
  const copy = { ...map };
  delete copy[key];
  return copy;
}

/** "Failed to load Gemma 3 1B: Failed to load google/gemma-3-1b: Error…" → "Error…" (the card already names the model). */
function reasonOnly(message) {
  let reason = (message || '').replace(/^LM Studio: /, '');
  while (/^Failed to load [^:]+: ./.test(reason)) reason = reason.replace(/^Failed to load [^:]+: /, '');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

/**
 * The failure to show for a model now, or null. A load that failed because LM Studio was offline is not
 * shown once LM Studio is back: it says nothing true about the model any more.
 */
export function failureOf(state, modelId) {
  if (!modelId) return null;
  const failure = state.failures[modelId];
  if (!failure) return null;
  if (failure.code === 'lmstudio_offline' && state.status?.online) return null;
  return failure;
}

export function modelById(state, id) {
  if (!id) return null;
  return state.catalog.models.find((m) => m.model_id === id)
    || (state.status?.active_model?.model_id === id ? state.status.active_model : null);
}

export function displayName(state, id) {
  const m = modelById(state, id);
  return (m && m.display_name) || id || '';
}

// The page's one store: the current state, a dispatch, and views that re-render (once per task) after it changes.

const listeners = new Set();
let current = initialState;
let scheduled = false;

export function getState() {
  return current;
}

export function dispatch(message) {
  const next = reduce(current, message);
  if (next === current) return;
  current = next;
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    listeners.forEach((l) => l(current));
  });
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
