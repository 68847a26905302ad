// The Decision Engine: the model picker (choosing loads at once) and the active model's live card.

import { api } from './api.js';
import { byId, setText, show, announce } from './dom.js';
import { OptionRow } from './option.js';
import { getState, subscribe, dispatch } from './store.js';
import { engine, chatNote, modelMatches } from './derive.js';
import { bytes, percentOf, percentText, eta } from './format.js';

const ENGINE_LABELS = { ready: 'Active model', loading: 'Switching to', failed: 'Chosen model', none: 'Active model' };

export function initPicker() {
  byId('cancel-load').addEventListener('click', cancelLoad);
  byId('retry-load').addEventListener('click', () => {
    const e = engine(getState());
    if (e.modelId) choose(e.modelId);
  });
  const filter = byId('model-filter');
  filter.addEventListener('input', () => render(getState()));
  filter.addEventListener('keydown', onFilterKey);
  byId('picker-scroll').addEventListener('keydown', onListKey);
  subscribe(render);
  render(getState());
}

/** The choices a keyboard moves through: the visible rows, in order. */
function visibleOptions() {
  return [...byId('picker-scroll').querySelectorAll('li.option:not([hidden]) .option__main')];
}

function onFilterKey(e) {
  const filter = e.currentTarget;
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    visibleOptions()[0]?.focus();
  } else if (e.key === 'Enter' && filter.value.trim()) {
    e.preventDefault();
    const first = visibleOptions().find((b) => b.getAttribute('aria-disabled') !== 'true');
    if (first) choose(first.dataset.modelId);
  } else if (e.key === 'Escape' && filter.value) {
    e.preventDefault(); // clears the filter; a second Esc closes Settings
    e.stopPropagation();
    filter.value = '';
    render(getState());
  }
}

/** Arrow keys, Home and End move between rows; typing a letter on a row goes on in the filter. */
function onListKey(e) {
  const options = visibleOptions();
  const at = options.indexOf(e.target);
  if (at < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
  const filter = byId('model-filter');
  let next = null;
  if (e.key === 'ArrowDown') next = options[Math.min(at + 1, options.length - 1)];
  else if (e.key === 'ArrowUp') next = at === 0 ? filter : options[at - 1];
  else if (e.key === 'Home') next = options[0];
  else if (e.key === 'End') next = options[options.length - 1];
  else if (e.key.length === 1 && e.key !== ' ') {
    filter.focus(); // the key itself then types into the filter
    return;
  }
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

/** Makes a model the active one: POST /api/models/lmstudio/load right away. What follows arrives as state. */
export async function choose(modelId) {
  dispatch({ type: 'load_requested', modelId });
  try {
    const result = await api.load(modelId);
    dispatch({ type: 'load_answered', modelId, operationId: result?.operation_id || null, loaded: result?.state === 'loaded' });
  } catch (err) {
    dispatch({ type: 'load_refused', modelId, error: { code: err.code, message: reasonFor(err) } });
  }
}

function reasonFor(err) {
  if (err.code === 'lmstudio_offline') return 'LM Studio is offline. Start it, then retry.';
  return err.message || 'The load could not start.';
}

async function cancelLoad() {
  const e = engine(getState());
  const button = byId('cancel-load');
  if (!e.operationId) return;
  button.disabled = true;
  try {
    await api.cancel(e.operationId);
    dispatch({ type: 'cancel_answered', modelId: e.modelId });
  } catch (err) {
    setText(byId('engine-eta'), `Could not cancel: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

async function unload(model) {
  try {
    await api.unload(model.model_id);
  } catch (err) {
    dispatch({ type: 'unload_refused', modelId: model.model_id, message: `Could not unload: ${err.message}` });
  }
}

function render(state) {
  renderEngine(state);
  renderList(state);
}

function renderEngine(state) {
  const e = engine(state);
  setText(byId('engine-name'), e.modelId ? e.name : 'None chosen yet');
  setText(byId('engine-label'), ENGINE_LABELS[e.phase] || 'Chosen model');
  setText(byId('engine-fallback'), chatNote(state));
  const badge = byId('model-state');
  if (badge.textContent !== e.label && e.modelId) announce(`${e.name}: ${e.label}${e.reason ? ` ${e.reason}` : ''}`);
  setText(badge, e.label);
  badge.dataset.phase = e.phase;

  const loading = e.phase === 'loading';
  show(byId('engine-progress'), loading);
  const meter = byId('model-progress');
  const pct = percentOf(e.progress);
  if (loading && pct != null) {
    meter.setAttribute('aria-valuenow', String(pct));
    meter.setAttribute('aria-valuetext', `${pct} percent${e.eta != null ? `, ${eta(e.eta)}` : ''}`);
    meter.classList.remove('meter--indeterminate');
    meter.style.setProperty('--value', `${pct}%`);
  } else {
    meter.removeAttribute('aria-valuenow');
    meter.setAttribute('aria-valuetext', 'starting');
    meter.classList.toggle('meter--indeterminate', loading);
    meter.style.setProperty('--value', '0%');
  }
  setText(byId('engine-percent'), loading ? (percentText(e.progress) || 'Starting…') : '');
  setText(byId('engine-eta'), loading ? eta(e.eta) : '');
  byId('cancel-load').disabled = !e.operationId;

  const failed = e.phase === 'failed';
  show(byId('engine-failure'), failed);
  setText(byId('engine-reason'), failed ? e.reason : '');
  setText(byId('engine-memory'), memoryLine(state, e));
}

function memoryLine(state, e) {
  const m = state.status?.memory;
  if (!m) return '';
  const parts = [];
  if (e.phase === 'loading' && m.estimated_bytes) parts.push(`This load needs ~${bytes(m.estimated_bytes)} of memory (LM Studio's estimate)`);
  if (m.loaded_bytes) parts.push(`loaded models use ${bytes(m.loaded_bytes)}`);
  if (m.host_available_bytes != null) {
    parts.push(m.host_total_bytes ? `${bytes(m.host_available_bytes)} of ${bytes(m.host_total_bytes)} free`
      : `${bytes(m.host_available_bytes)} free`);
  }
  const text = parts.join(' · ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

const rows = new Map(); // model id -> OptionRow, kept across renders

function renderList(state) {
  const models = state.catalog.models;
  const llms = models.filter((m) => m.type !== 'embedding');
  const embeddings = models.filter((m) => m.type === 'embedding');
  const e = engine(state);

  const note = byId('picker-note');
  const offline = state.status && !state.status.online;
  show(note, !!offline && models.length > 0);
  setText(note, offline ? 'LM Studio is offline: this is the last known list. Loading is possible again once it is back.' : '');

  const query = byId('model-filter').value;
  const shownLlms = syncList(state, byId('llm-list'), llms, e, !!offline, query);
  const shownEmbeddings = syncList(state, byId('embedding-list'), embeddings, e, true, query);
  for (const id of [...rows.keys()]) {
    if (!models.some((m) => m.model_id === id)) { rows.get(id).li.remove(); rows.delete(id); }
  }
  show(byId('llm-heading'), shownLlms > 0 || models.length === 0);
  show(byId('embedding-heading'), shownEmbeddings > 0);
  show(byId('embedding-list'), shownEmbeddings > 0);

  const empty = byId('picker-empty');
  const noMatch = models.length > 0 && shownLlms + shownEmbeddings === 0;
  show(empty, models.length === 0 || noMatch);
  setText(empty, noMatch ? `No model matches “${query.trim()}”. Press Esc to clear the filter.`
    : !state.status ? 'Connecting to lmdeck…'
      : offline ? 'LM Studio is offline and lmdeck has not seen its models yet. Start LM Studio; the list appears by itself.'
        : 'LM Studio has no models downloaded yet. Download one in LM Studio and it appears here.');
}

/** Updates rows in place and moves one only when the order really changed; returns how many match the filter. */
function syncList(state, list, models, e, unavailable, query) {
  let shown = 0;
  models.forEach((m, index) => {
    let row = rows.get(m.model_id);
    if (!row) {
      row = new OptionRow(m.model_id, { onChoose: choose, onUnload: unload });
      rows.set(m.model_id, row);
    }
    row.update(state, m, e, unavailable);
    const match = modelMatches(m, query);
    row.li.hidden = !match;
    if (match) shown += 1;
    if (list.children[index] !== row.li) list.insertBefore(row.li, list.children[index] || null);
  });
  return shown;
}
