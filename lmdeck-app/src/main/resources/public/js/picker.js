// The Decision Engine: the model picker (choosing loads at once) and the active model's live card.

import { api } from './api.js';
import { h, byId, setText, show, replaceChildrenKeepingFocus, announce } from './dom.js';
import { state, subscribe, setRequest, changed } from './store.js';
import { engine, loadingLine } from './derive.js';
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

function renderList() {
  const models = state.catalog.models;
  const llms = models.filter((m) => m.type !== 'embedding');
  const embeddings = models.filter((m) => m.type === 'embedding');
  const e = engine();

  const note = byId('picker-note');
  const offline = state.status && !state.status.online;
  show(note, !!offline && models.length > 0);
  setText(note, offline ? 'LM Studio is offline: this is the last known list. Loading is possible again once it is back.' : '');

  replaceChildrenKeepingFocus(byId('llm-list'), llms.map((m) => option(m, e, !!offline)));
  replaceChildrenKeepingFocus(byId('embedding-list'), embeddings.map((m) => option(m, e, true)));
  show(byId('embedding-heading'), embeddings.length > 0);
  show(byId('embedding-list'), embeddings.length > 0);

  const empty = byId('picker-empty');
  show(empty, models.length === 0);
  setText(empty, !state.status ? 'Connecting to lmdeck…'
    : offline ? 'LM Studio is offline and lmdeck has not seen its models yet. Start LM Studio; the list appears by itself.'
      : 'LM Studio has no models downloaded yet. Download one in LM Studio and it appears here.');
}

function option(m, e, unavailable) {
  const isEmbedding = m.type === 'embedding';
  const isTarget = e.modelId === m.model_id;
  const externalOnly = m.instances.length > 0 && m.instances.every((i) => i.loaded_by === 'external');
  const loading = (isTarget && e.phase === 'loading') || m.state === 'loading';
  const failed = (isTarget && e.phase === 'failed') || m.state === 'failed';
  const status = optionStatus(m, { loading, failed, externalOnly, isTarget, e });
  const name = m.display_name || m.model_id;
  const statusId = `opt-status-${cssId(m.model_id)}`;

  const main = h('button', {
    type: 'button',
    class: 'option__main',
    dataset: { testid: 'model-option', modelId: m.model_id, focusKey: `opt:${m.model_id}` },
    'aria-pressed': isEmbedding ? false : String(isTarget),
    'aria-disabled': isEmbedding || unavailable ? 'true' : false,
    'aria-describedby': statusId,
    onclick: () => { if (!isEmbedding && !unavailable) choose(m.model_id); },
  },
  h('span', { class: 'option__radio', 'aria-hidden': 'true' }),
  h('span', { class: 'option__body' },
    h('span', { class: 'option__title' },
      h('span', { class: 'option__name' }, name),
      m.vision ? h('span', { class: 'tag tag--vision', title: 'Understands images' }, 'Vision') : null,
      m.tool_use ? h('span', { class: 'tag tag--tools', title: 'Trained for tool use' }, 'Tool use') : null),
    h('span', { class: 'option__meta' }, metaLine(m)),
    h('span', { class: 'option__status', id: statusId, dataset: { tone: status.tone } }, status.text)),
  loading ? miniMeter(isTarget ? e.progress : m.progress) : null);

  const eject = m.state === 'loaded' && !externalOnly && !unavailable
    ? h('button', { type: 'button', class: 'btn btn--small btn--ghost option__eject', onclick: () => unload(m),
      dataset: { focusKey: `eject:${m.model_id}` }, 'aria-label': `Unload ${name}` }, 'Unload')
    : null;

  return h('li', { class: 'option', dataset: { state: loading ? 'loading' : failed ? 'failed' : m.state, type: m.type } }, main, eject);
}

function optionStatus(m, { loading, failed, externalOnly, isTarget, e }) {
  if (loading) return { tone: 'loading', text: `Loading… ${isTarget ? loadingLine(e) : percentText(m.progress)}`.trim() };
  if (failed) return { tone: 'error', text: 'Failed to load' };
  if (m.state === 'unloading') return { tone: 'muted', text: 'Unloading…' };
  if (m.state === 'loaded') {
    const active = state.status?.active_model?.model_id === m.model_id;
    if (externalOnly) return { tone: 'external', text: 'Loaded by another app' };
    return { tone: 'ok', text: active ? 'Loaded · active' : 'Loaded' };
  }
  const need = m.size_bytes ? `needs ~${bytes(m.size_bytes)}` : '';
  const free = state.status?.memory?.host_available_bytes;
  if (need && free != null) {
    const reclaimable = (state.status.loaded || []).filter((i) => i.loaded_by === 'lmdeck')
      .reduce((sum, i) => sum + (i.memory_bytes || 0), 0);
    const fits = m.size_bytes <= free + reclaimable;
    return { tone: fits ? 'muted' : 'warn', text: `Not loaded · ${need}; ${bytes(free)} free${fits ? '' : ' (may not fit)'}` };
  }
  return { tone: 'muted', text: need ? `Not loaded · ${need}` : 'Not loaded' };
}

function metaLine(m) {
  return [m.params, m.quantization, bytes(m.size_bytes), m.format && m.format.toUpperCase(),
    m.max_context_length ? `${Math.round(m.max_context_length / 1024)}k context` : null, m.publisher]
    .filter(Boolean).join(' · ');
}

function miniMeter(progress) {
  const pct = percentOf(progress);
  return h('span', { class: `option__meter${pct == null ? ' meter--indeterminate' : ''}`, 'aria-hidden': 'true',
    style: `--value:${pct ?? 0}%` });
}

function cssId(id) {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

