// The Activity Log tab: reads pages of the persisted history (GET /api/activity, keyset paging) and renders what
// the state holds (activity-state.js merges pages and live events).

import { api } from './api.js';
import { h, byId, show, setText } from './dom.js';
import { getState, subscribe, dispatch, displayName } from './store.js';
import { visibleRows } from './activity-state.js';
import { clock, day, typeLabel, EVENT_TYPES } from './format.js';

const TONES = {
  model_loading_complete: 'ok', model_loaded_externally: 'ok', lmstudio_online: 'ok',
  model_loading_failed: 'error', lmstudio_offline: 'error',
  model_loading_cancelled: 'warn', model_unloaded: 'muted', model_unloaded_externally: 'muted',
  model_loading_started: 'loading', model_loading_progress: 'loading', active_model_changed: 'info',
};

export function initActivity() {
  const typeSelect = byId('filter-type');
  for (const type of EVENT_TYPES) typeSelect.append(h('option', { value: type }, typeLabel(type)));
  const modelSelect = byId('filter-model');
  const filter = () => {
    dispatch({ type: 'activity_filters', filters: { type: typeSelect.value, modelId: modelSelect.value } });
    reload();
  };
  typeSelect.addEventListener('change', filter);
  modelSelect.addEventListener('change', filter);
  byId('activity-older').addEventListener('click', loadOlder);
  subscribe(render);
}

/**
 * The newest page again (on open, on reconnect, on a filter change): the list restarts from it, so "Load older"
 * always continues exactly where this page ends, with no gap however much happened meanwhile.
 */
export async function reload() {
  const { filters } = getState().activity;
  try {
    const page = await api.activity({ type: filters.type, modelId: filters.modelId });
    dispatch({ type: 'activity_page', filters, page });
  } catch (err) {
    dispatch({ type: 'activity_failed', message: `Could not read the activity log: ${err.message}` });
  }
}

async function loadOlder() {
  const { busy, nextBefore, filters } = getState().activity;
  if (busy || nextBefore == null) return;
  dispatch({ type: 'activity_busy' });
  try {
    const page = await api.activity({ before: nextBefore, type: filters.type, modelId: filters.modelId });
    dispatch({ type: 'activity_older', filters, page });
  } catch (err) {
    dispatch({ type: 'activity_failed', message: `Could not read older entries: ${err.message}` });
  }
}

let rendered = null; // the activity state the list shows: progress ticks elsewhere in the state leave it alone

function render(state) {
  renderLive(state);
  renderModelFilter(state);
  const activity = state.activity;
  if (activity === rendered) return;
  rendered = activity;
  const list = byId('activity-log');
  const rows = visibleRows(activity);
  list.replaceChildren(...rows.map((ev) => row(state, ev)));
  const empty = byId('activity-empty');
  show(empty, rows.length === 0 || !!activity.error);
  setText(empty, activity.error || (activity.loadedOnce ? 'Nothing here yet: loads, unloads and connection changes appear as they happen.' : 'Loading…'));
  const older = byId('activity-older');
  show(older, activity.nextBefore != null);
  older.disabled = activity.busy;
  setText(older, activity.busy ? 'Loading…' : 'Load older');
}

/** "Live" only while the event stream is really connected (not a decoration). */
function renderLive(state) {
  const badge = byId('activity-live');
  const on = state.connection === 'open';
  badge.dataset.on = String(on);
  setText(badge, on ? 'Live' : state.connection === 'down' ? 'Reconnecting…' : 'Connecting…');
}

function row(state, ev) {
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
        ev.model_id ? h('span', { class: 'row__model' }, displayName(state, ev.model_id)) : null,
        ev.cause ? h('span', { class: 'row__cause' }, `by ${ev.cause}`) : null)));
}

function renderModelFilter(state) {
  const select = byId('filter-model');
  const ids = new Set([...state.catalog.models.map((m) => m.model_id), ...state.activity.seenModels]);
  const wanted = ['', ...[...ids].sort()];
  const have = [...select.options].map((o) => o.value);
  if (wanted.length === have.length && wanted.every((v, i) => v === have[i])) return;
  const current = select.value;
  select.replaceChildren(...wanted.map((id) => h('option', { value: id }, id ? displayName(state, id) : 'All models')));
  select.value = ids.has(current) ? current : '';
}
