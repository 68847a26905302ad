// The Activity Log tab: persisted history (GET /api/activity, keyset paging) merged with live events.

import { api } from './api.js';
import { h, byId, show, setText } from './dom.js';
import { getState, subscribe, displayName } from './store.js';
import { clock, day, typeLabel, EVENT_TYPES } from './format.js';

const log = {
  items: new Map(),    // id -> event
  nextBefore: null,
  loadedOnce: false,
  busy: false,
  error: null,
  filters: { type: '', modelId: '' },
  seenModels: new Set(),
};

const TONES = {
  model_loading_complete: 'ok', model_loaded_externally: 'ok', lmstudio_online: 'ok',
  model_loading_failed: 'error', lmstudio_offline: 'error',
  model_loading_cancelled: 'warn', model_unloaded: 'muted', model_unloaded_externally: 'muted',
  model_loading_started: 'loading', model_loading_progress: 'loading', active_model_changed: 'info',
};

export function initActivity() {
  const typeSelect = byId('filter-type');
  for (const type of EVENT_TYPES) typeSelect.append(h('option', { value: type }, typeLabel(type)));
  typeSelect.addEventListener('change', () => { log.filters.type = typeSelect.value; reload(); });
  const modelSelect = byId('filter-model');
  modelSelect.addEventListener('change', () => { log.filters.modelId = modelSelect.value; reload(); });
  byId('activity-older').addEventListener('click', loadOlder);
  subscribe(renderModelFilter);
  subscribe(renderLive);
}

/** "Live" only while the event stream is really connected (not a decoration). */
function renderLive(store) {
  const badge = byId('activity-live');
  const on = store.connection === 'open';
  badge.dataset.on = String(on);
  setText(badge, on ? 'Live' : store.connection === 'down' ? 'Reconnecting…' : 'Connecting…');
}

/**
 * The newest page again (on open, on reconnect, on a filter change): the list restarts from it, so "Load older"
 * always continues exactly where this page ends, with no gap however much happened meanwhile.
 */
export async function reload() {
  const filters = { ...log.filters };
  try {
    const page = await api.activity({ type: filters.type, modelId: filters.modelId });
    if (filters.type !== log.filters.type || filters.modelId !== log.filters.modelId) return; // a newer reload runs
    const newest = Number(page.items[0]?.id ?? 0);
    const live = [...log.items.values()].filter((ev) => Number(ev.id) > newest && matches(ev));
    log.items.clear();
    page.items.forEach(add);
    live.forEach(add); // events that arrived while the page was on its way
    log.nextBefore = page.next_before ?? null;
    log.loadedOnce = true;
    log.error = null;
  } catch (err) {
    log.error = `Could not read the activity log: ${err.message}`;
  }
  render();
}

async function loadOlder() {
  if (log.busy || log.nextBefore == null) return;
  log.busy = true;
  render();
  try {
    const page = await api.activity({ before: log.nextBefore, type: log.filters.type, modelId: log.filters.modelId });
    page.items.forEach(add);
    log.nextBefore = page.next_before ?? null;
    log.error = null;
  } catch (err) {
    log.error = `Could not read older entries: ${err.message}`;
  } finally {
    log.busy = false;
    render();
  }
}

/** A live event from the stream (only kept when it matches the filters). */
export function onLiveEvent(ev) {
  if (ev.model_id) log.seenModels.add(ev.model_id);
  if (!matches(ev)) return;
  add(ev);
  render();
}

function matches(ev) {
  return (!log.filters.type || ev.type === log.filters.type) && (!log.filters.modelId || ev.model_id === log.filters.modelId);
}

function add(ev) {
  if (ev == null || ev.id == null) return;
  log.items.set(Number(ev.id), ev);
  if (ev.model_id) log.seenModels.add(ev.model_id);
}

/** Newest first; of an operation's progress events only the newest is shown (the bar, not a flood). */
function visibleRows() {
  const rows = [...log.items.values()].sort((a, b) => Number(b.id) - Number(a.id));
  const seenProgress = new Set();
  const settled = new Set();
  return rows.filter((ev) => {
    const op = ev.operation_id || ev.model_id;
    if (ev.type === 'model_loading_complete' || ev.type === 'model_loading_failed' || ev.type === 'model_loading_cancelled') {
      settled.add(op);
    }
    if (ev.type !== 'model_loading_progress' || log.filters.type === 'model_loading_progress') return true;
    if (settled.has(op) || seenProgress.has(op)) return false;
    seenProgress.add(op);
    return true;
  });
}

function render() {
  const list = byId('activity-log');
  const rows = visibleRows();
  list.replaceChildren(...rows.map(row));
  const empty = byId('activity-empty');
  show(empty, rows.length === 0 || !!log.error);
  setText(empty, log.error || (log.loadedOnce ? 'Nothing here yet: loads, unloads and connection changes appear as they happen.' : 'Loading…'));
  const older = byId('activity-older');
  show(older, log.nextBefore != null);
  older.disabled = log.busy;
  setText(older, log.busy ? 'Loading…' : 'Load older');
}

function row(ev) {
  const tone = TONES[ev.type] || 'info';
  const when = day(ev.at);
  const time = clock(ev.at);
  return h('li', { class: 'row', dataset: { testid: 'activity-row', type: ev.type, tone, id: String(ev.id) } },
    h('span', { class: 'row__icon', 'aria-hidden': 'true' }),
    h('div', { class: 'row__main' },
      h('p', { class: 'row__message' }, ev.message || typeLabel(ev.type)),
      h('p', { class: 'row__meta' },
        h('time', { datetime: ev.at, title: new Date(ev.at).toLocaleString() }, when === 'Today' ? time : `${when} ${time}`),
        h('span', { class: 'chip', dataset: { tone } }, typeLabel(ev.type)),
        ev.model_id ? h('span', { class: 'row__model' }, displayName(getState(), ev.model_id)) : null,
        ev.cause ? h('span', { class: 'row__cause' }, `by ${ev.cause}`) : null)));
}

function renderModelFilter(store) {
  const select = byId('filter-model');
  const ids = new Set([...store.catalog.models.map((m) => m.model_id), ...log.seenModels]);
  const wanted = ['', ...[...ids].sort()];
  const have = [...select.options].map((o) => o.value);
  if (wanted.length === have.length && wanted.every((v, i) => v === have[i])) return;
  const current = select.value;
  select.replaceChildren(...wanted.map((id) => h('option', { value: id }, id ? displayName(store, id) : 'All models')));
  select.value = ids.has(current) ? current : '';
}
