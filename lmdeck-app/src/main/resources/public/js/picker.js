// The Decision Engine: the model picker (choosing loads at once) and the active model's live card.

import { api } from './api.js';
import { byId, setText, show, announce } from './dom.js';
import { OptionRow } from './option.js';
import { state, subscribe, setRequest, changed } from './store.js';
import { engine } from './derive.js';
import { bytes, percentOf, percentText, eta } from './format.js';

let refresh = () => {};

const ENGINE_LABELS = { ready: 'Active model', loading: 'Switching to', failed: 'Chosen model', none: 'Active model' };

/** refreshState: re-reads status and catalogue after a command (events also arrive; this just shortens the wait). */
export function initPicker(refreshState) {
  refresh = refreshState;
  byId('cancel-load').addEventListener('click', cancelLoad);
  byId('retry-load').addEventListener('click', () => {
    const e = engine();
    if (e.modelId) choose(e.modelId);
  });
  subscribe(render);
  render();
}

/** Makes a model the active one: POST /api/models/lmstudio/load right away. */
export async function choose(modelId) {
  const request = { modelId, phase: 'requesting', operationId: null, error: null };
  delete state.failures[modelId];
  setRequest(request);
  try {
    const result = await api.load(modelId);
    if (state.request !== request) return;
    if (result && result.state === 'loaded') {
      setRequest({ ...request, phase: 'done' });
    } else {
      setRequest({ ...request, phase: 'accepted', operationId: result && result.operation_id });
    }
    refresh();
  } catch (err) {
    if (state.request !== request) return;
    setRequest({ ...request, phase: 'error', error: { code: err.code, message: reasonFor(err) } });
  }
}

function reasonFor(err) {
  if (err.code === 'lmstudio_offline') return 'LM Studio is offline. Start it, then retry.';
  return err.message || 'The load could not start.';
}

async function cancelLoad() {
  const e = engine();
  const button = byId('cancel-load');
  if (!e.operationId) return;
  button.disabled = true;
  try {
    await api.cancel(e.operationId);
    if (state.request && state.request.modelId === e.modelId) setRequest(null);
    refresh();
  } catch (err) {
    setText(byId('engine-eta'), `Could not cancel: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

async function unload(model) {
  try {
    await api.unload(model.model_id);
    refresh();
  } catch (err) {
    state.failures[model.model_id] = { message: `Could not unload: ${err.message}`, at: new Date().toISOString() };
    changed();
  }
}

function render() {
  renderEngine();
  renderList();
}

function renderEngine() {
  const e = engine();
  setText(byId('engine-name'), e.modelId ? e.name : 'None chosen yet');
  setText(byId('engine-label'), ENGINE_LABELS[e.phase] || 'Chosen model');
  const active = state.status?.active_model;
  const fallback = e.phase !== 'ready' && active && active.model_id !== e.modelId && active.state === 'loaded'
    ? `Chat keeps using ${active.display_name || active.model_id} until then.` : '';
  setText(byId('engine-fallback'), e.phase === 'failed' && fallback ? fallback.replace(' until then', '') : fallback);
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
  setText(byId('engine-memory'), memoryLine(e));
}

function memoryLine(e) {
  const m = state.status?.memory;
  if (!m) return '';
  const parts = [];
  if (e.phase === 'loading' && m.estimated_bytes) parts.push(`This load needs ~${bytes(m.estimated_bytes)}`);
  if (m.loaded_bytes) parts.push(`loaded models use ${bytes(m.loaded_bytes)}`);
  if (m.host_available_bytes != null) {
    parts.push(m.host_total_bytes ? `${bytes(m.host_available_bytes)} of ${bytes(m.host_total_bytes)} free`
      : `${bytes(m.host_available_bytes)} free`);
  }
  const text = parts.join(' · ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

const rows = new Map(); // model id -> OptionRow, kept across renders

function renderList() {
  const models = state.catalog.models;
  const llms = models.filter((m) => m.type !== 'embedding');
  const embeddings = models.filter((m) => m.type === 'embedding');
  const e = engine();

  const note = byId('picker-note');
  const offline = state.status && !state.status.online;
  show(note, !!offline && models.length > 0);
  setText(note, offline ? 'LM Studio is offline: this is the last known list. Loading is possible again once it is back.' : '');

  syncList(byId('llm-list'), llms, e, !!offline);
  syncList(byId('embedding-list'), embeddings, e, true);
  for (const id of [...rows.keys()]) {
    if (!models.some((m) => m.model_id === id)) { rows.get(id).li.remove(); rows.delete(id); }
  }
  show(byId('embedding-heading'), embeddings.length > 0);
  show(byId('embedding-list'), embeddings.length > 0);

  const empty = byId('picker-empty');
  show(empty, models.length === 0);
  setText(empty, !state.status ? 'Connecting to lmdeck…'
    : offline ? 'LM Studio is offline and lmdeck has not seen its models yet. Start LM Studio; the list appears by itself.'
      : 'LM Studio has no models downloaded yet. Download one in LM Studio and it appears here.');
}

/** Updates rows in place and moves one only when the order really changed. */
function syncList(list, models, e, unavailable) {
  models.forEach((m, index) => {
    let row = rows.get(m.model_id);
    if (!row) {
      row = new OptionRow(m.model_id, { onChoose: choose, onUnload: unload });
      rows.set(m.model_id, row);
    }
    row.update(m, e, unavailable);
    if (list.children[index] !== row.li) list.insertBefore(row.li, list.children[index] || null);
  });
}
