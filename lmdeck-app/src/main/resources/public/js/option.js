// One model in the Decision Engine picker. Rows are built once per model and updated in place, so the
// progress ticks that arrive many times a second never replace the element a user is clicking or focusing.

import { h, setText, show } from './dom.js';
import { failureOf, dispatch } from './store.js';
import { loadingLine } from './derive.js';
import { bytes, percentOf, percentText } from './format.js';
import { loadedBy, isGatewayLoad } from './origins-state.js';
import { PresetEditor, openPreset } from './preset-editor.js';

const LOADED_BY = {
  you: { text: 'Loaded by you', title: "Loaded through lmdeck's app, CLI or API" },
  gateway: { text: 'Loaded by the gateway', title: 'Loaded by lmdeck for a request to its OpenAI/Anthropic endpoints (/v1)' },
  lmdeck: { text: 'Loaded', title: 'Loaded by lmdeck' },
};

export class OptionRow {
  constructor(modelId, { onChoose, onUnload }) {
    this.model = null;
    this.choosable = false;
    const statusId = `opt-status-${modelId.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    this.name = h('span', { class: 'option__name' });
    this.vision = h('span', { class: 'tag tag--vision', title: 'Understands images' }, 'Vision');
    this.tools = h('span', { class: 'tag tag--tools', title: 'Trained for tool use' }, 'Tool use');
    this.meta = h('span', { class: 'option__meta' });
    this.status = h('span', { class: 'option__status', id: statusId });
    this.meter = h('span', { class: 'option__meter', 'aria-hidden': 'true' });
    this.main = h('button', {
      type: 'button', class: 'option__main', 'aria-describedby': statusId,
      dataset: { testid: 'model-option', modelId },
      onclick: () => { if (this.choosable) onChoose(modelId); },
    },
    h('span', { class: 'option__radio', 'aria-hidden': 'true' }),
    h('span', { class: 'option__body' },
      h('span', { class: 'option__head' }, h('span', { class: 'option__title' }, this.name, this.vision, this.tools), this.status),
      this.meta),
    this.meter);
    this.eject = h('button', { type: 'button', class: 'btn btn--small btn--ghost', onclick: () => onUnload(this.model) }, 'Unload');
    this.presetToggle = h('button', {
      type: 'button', class: 'btn btn--small btn--ghost', 'aria-expanded': 'false',
      dataset: { testid: 'preset-open', modelId }, onclick: () => this.togglePreset(),
    }, 'Preset');
    this.editor = null; // built the first time it opens
    this.li = h('li', { class: 'option' },
      h('div', { class: 'option__row' }, this.main, h('div', { class: 'option__actions' }, this.eject, this.presetToggle)));
  }

  togglePreset() {
    if (this.presetToggle.getAttribute('aria-expanded') === 'true') {
      dispatch({ type: 'preset_close', modelId: this.model.model_id });
      return;
    }
    if (!this.editor) {
      this.editor = new PresetEditor(this.model.model_id, this.presetToggle);
      this.presetToggle.setAttribute('aria-controls', this.editor.form.id);
      this.li.append(this.editor.form);
    }
    openPreset(this.model.model_id);
  }

  /** e: the Decision Engine view (derive.engine(state)); unavailable: LM Studio offline, or not a chat model. */
  update(state, m, e, unavailable) {
    this.model = m;
    const isEmbedding = m.type === 'embedding';
    const isTarget = e.modelId === m.model_id;
    const externalOnly = m.instances.length > 0 && m.instances.every((i) => i.loaded_by === 'external');
    const loading = (isTarget && e.phase === 'loading') || m.state === 'loading';
    const failed = (isTarget && e.phase === 'failed') || (m.state === 'failed' && !!failureOf(state, m.model_id));
    const name = m.display_name || m.model_id;
    this.choosable = !isEmbedding && !unavailable;

    this.li.dataset.state = loading ? 'loading' : failed ? 'failed' : m.state === 'failed' ? 'not_loaded' : m.state;
    this.li.dataset.type = m.type;
    this.li.dataset.loadedBy = (m.state === 'loaded' && loadedBy(state, m)) || '';
    setAttr(this.main, 'aria-pressed', isEmbedding ? null : String(isTarget));
    setAttr(this.main, 'aria-disabled', this.choosable ? null : 'true');
    setText(this.name, name);
    show(this.vision, !!m.vision);
    show(this.tools, !!m.tool_use);
    setText(this.meta, metaLine(m));
    const status = statusOf(state, m, { loading, failed, externalOnly, isTarget, e });
    this.status.dataset.tone = status.tone;
    setText(this.status, status.text);
    setAttr(this.status, 'title', status.title || null);

    show(this.meter, loading);
    const pct = percentOf(isTarget ? e.progress : m.progress);
    this.meter.classList.toggle('meter--indeterminate', loading && pct == null);
    this.meter.style.setProperty('--value', `${pct ?? 0}%`);

    show(this.eject, m.state === 'loaded' && !externalOnly && !unavailable);
    setAttr(this.eject, 'aria-label', `Unload ${name}`);
    const editing = state.presets.open === m.model_id;
    setAttr(this.presetToggle, 'aria-expanded', String(editing));
    setAttr(this.presetToggle, 'aria-label', `Preset for ${name}`);
    this.li.classList.toggle('option--editing', editing);
    if (this.editor) this.editor.update(state, name);
  }
}

function setAttr(el, name, value) {
  if (value == null) el.removeAttribute(name);
  else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function statusOf(state, m, { loading, failed, externalOnly, isTarget, e }) {
  if (loading) {
    const loadingNow = state.status?.loading;
    const forGateway = loadingNow?.model_id === m.model_id && isGatewayLoad(state, loadingNow);
    return { tone: 'loading', text: `${forGateway ? 'Loading for the gateway…' : 'Loading…'} ${isTarget ? loadingLine(e) : percentText(m.progress)}`.trim() };
  }
  if (failed) return { tone: 'error', text: 'Failed to load' };
  if (m.state === 'unloading') return { tone: 'muted', text: 'Unloading…' };
  if (m.state === 'loaded') {
    const active = state.status?.active_model?.model_id === m.model_id;
    if (externalOnly) return { tone: 'external', text: 'Loaded by another app', title: 'Loaded outside lmdeck (LM Studio itself, lms, or another app)' };
    if (state.unloadErrors[m.model_id]) return { tone: 'error', text: state.unloadErrors[m.model_id] };
    const who = LOADED_BY[loadedBy(state, m)] || LOADED_BY.lmdeck;
    return { tone: 'ok', text: active ? `${who.text} · active` : who.text, title: who.title };
  }
  // The file size is the best estimate of the memory a model needs before LM Studio is asked for its own.
  const need = m.size_bytes ? `needs ~${bytes(m.size_bytes)} of memory` : '';
  const free = state.status?.memory?.host_available_bytes;
  if (need && free != null) {
    const reclaimable = (state.status.loaded || []).filter((i) => i.loaded_by === 'lmdeck')
      .reduce((sum, i) => sum + (i.memory_bytes || 0), 0);
    const fits = m.size_bytes <= free + reclaimable;
    // The free figure itself is on the engine card; a row only warns when this model may not fit in it.
    return { tone: fits ? 'muted' : 'warn', text: `Not loaded · ${need}${fits ? '' : `, more than the ${bytes(free)} free`}` };
  }
  return { tone: 'muted', text: need ? `Not loaded · ${need}` : 'Not loaded' };
}

function metaLine(m) {
  return [m.params, m.quantization, m.size_bytes ? `${bytes(m.size_bytes)} on disk` : null, m.format && m.format.toUpperCase(),
    m.max_context_length ? `${Math.round(m.max_context_length / 1024)}k context` : null, m.publisher]
    .filter(Boolean).join(' · ');
}
