// One model's preset editor in the Decision Engine (TTL, pin, context length, parallel, aliases): a form under its
// row, built the first time it opens. It reads the preset when opened (GET /api/presets/{model_id}) and writes
// the whole preset on Save (PUT); what the server refuses is shown next to the field, in plain words.

import { api } from './api.js';
import { h, setText, show } from './dom.js';
import { dispatch, getState, displayName } from './store.js';
import { toForm, fromForm, refusal } from './preset-state.js';

const SOURCES = {
  api: 'Set through lmdeck.',
  config: 'From the config file (--config). Saving here stores it in lmdeck, which then wins over the file.',
  default: "No preset yet: lmdeck loads this model with LM Studio's defaults.",
};

/** Opens the editor of a model (closing any other) and reads its preset. */
export async function openPreset(modelId) {
  dispatch({ type: 'preset_open', modelId });
  try {
    dispatch({ type: 'preset_read', modelId, preset: await api.preset(modelId) });
  } catch (err) {
    dispatch({ type: 'preset_unreadable', modelId, message: `Could not read the preset: ${err.message}` });
  }
}

export class PresetEditor {
  constructor(modelId, toggle) {
    this.modelId = modelId;
    this.toggle = toggle;
    this.shown = null; // the preset object the fields were last filled from
    this.focusPending = false; // just opened: the first field gets the focus once the preset is there
    const slug = modelId.replace(/[^a-zA-Z0-9_-]/g, '_');
    this.inputs = {};
    this.errors = {};
    const field = (name, label, attrs, hint) => {
      const errorId = `preset-${name}-error-${slug}`;
      const hintId = hint ? `preset-${name}-hint-${slug}` : null;
      this.inputs[name] = h('input', { type: 'text', spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), dataset: { testid: `preset-${name}` }, ...attrs });
      this.errors[name] = h('p', { class: 'preset__error', id: errorId, hidden: true });
      return h('div', { class: `preset__field${name === 'aliases' ? ' preset__field--wide' : ''}` },
        h('label', { class: 'field' }, h('span', {}, label), this.inputs[name]),
        hint ? h('p', { class: 'preset__hint', id: hintId }, hint) : null,
        this.errors[name]);
    };
    this.inputs.pin = h('input', { type: 'checkbox', dataset: { testid: 'preset-pin' },
      'aria-describedby': `preset-pin-error-${slug}` });
    this.errors.pin = h('p', { class: 'preset__error', id: `preset-pin-error-${slug}`, hidden: true });
    this.source = h('p', { class: 'preset__source muted' });
    this.status = h('p', { class: 'preset__status', role: 'status' });
    this.save = h('button', { type: 'submit', class: 'btn btn--small btn--primary', dataset: { testid: 'preset-save' } }, 'Save');
    this.reset = h('button', { type: 'button', class: 'btn btn--small', onclick: () => this.clear() }, "Reset to LM Studio's defaults");
    this.form = h('form', {
      class: 'preset', id: `preset-${slug}`, novalidate: true, 'aria-label': 'Preset',
      dataset: { testid: 'preset-editor', modelId }, hidden: true,
      onsubmit: (e) => { e.preventDefault(); this.submit(); },
      onkeydown: (e) => this.onKey(e),
    },
    this.source,
    h('div', { class: 'preset__grid' },
      field('ttl', 'Unload when idle (seconds)', { inputmode: 'numeric', placeholder: 'never' }),
      field('context', 'Context length (tokens)', { inputmode: 'numeric', placeholder: "LM Studio's default" }),
      field('parallel', 'Requests at once', { inputmode: 'numeric', placeholder: "LM Studio's default" }),
      field('aliases', 'Aliases', { placeholder: 'e.g. fast, coder' },
        'Other names for this model in the gateway and the CLI, separated by commas or spaces.'),
      h('div', { class: 'preset__field preset__field--wide' },
        h('label', { class: 'check' }, this.inputs.pin,
          h('span', {}, 'Pinned: never unloaded to make room, nor when idle')),
        this.errors.pin)),
    h('div', { class: 'preset__actions' }, this.save, this.reset, this.status));
  }

  /** Esc closes the editor (not Settings) and gives the focus back to its button. */
  onKey(e) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    dispatch({ type: 'preset_close', modelId: this.modelId });
    this.toggle.focus();
  }

  update(state, name) {
    const open = state.presets.open === this.modelId;
    if (open && this.form.hidden) this.focusPending = true;
    show(this.form, open);
    this.form.setAttribute('aria-label', `Preset for ${name}`);
    if (!open) return;
    const edit = state.presets.byModel[this.modelId];
    if (edit.preset && edit.preset !== this.shown) {
      this.shown = edit.preset;
      const values = toForm(edit.preset);
      for (const [key, input] of Object.entries(this.inputs)) {
        if (input.type === 'checkbox') input.checked = values[key]; else input.value = values[key];
      }
    }
    const busy = edit.phase === 'reading' || edit.phase === 'saving';
    // Nothing to edit until the preset is read: typing before would be overwritten by it.
    for (const input of Object.values(this.inputs)) input.disabled = !edit.preset;
    if (this.focusPending && edit.preset) {
      this.focusPending = false;
      queueMicrotask(() => this.inputs.ttl.focus());
    }
    setText(this.source, edit.preset ? SOURCES[edit.preset.source] || '' : '');
    this.save.disabled = busy || edit.phase === 'unreadable';
    this.reset.disabled = busy || edit.phase === 'unreadable';
    setText(this.save, edit.phase === 'saving' ? 'Saving…' : 'Save');
    for (const [key, error] of Object.entries(this.errors)) {
      const text = edit.errors[key] || '';
      setText(error, text);
      show(error, !!text);
      if (text) this.inputs[key].setAttribute('aria-invalid', 'true'); else this.inputs[key].removeAttribute('aria-invalid');
    }
    this.status.dataset.tone = edit.error ? 'error' : 'ok';
    setText(this.status, edit.error || (edit.phase === 'reading' ? 'Reading the preset…' : edit.saved ? 'Saved.' : ''));
  }

  async submit() {
    const edit = getState().presets.byModel[this.modelId];
    const form = Object.fromEntries(Object.entries(this.inputs).map(([k, i]) => [k, i.type === 'checkbox' ? i.checked : i.value]));
    const { body, errors } = fromForm(form, edit?.preset);
    if (Object.keys(errors).length > 0) {
      dispatch({ type: 'preset_refused', modelId: this.modelId, errors });
      this.focusFirstError(errors);
      return;
    }
    await this.write(() => api.putPreset(this.modelId, body));
  }

  async clear() {
    await this.write(async () => {
      const answer = await api.deletePreset(this.modelId);
      return answer?.in_effect || await api.preset(this.modelId);
    });
  }

  async write(call) {
    dispatch({ type: 'preset_saving', modelId: this.modelId });
    try {
      dispatch({ type: 'preset_saved', modelId: this.modelId, preset: await call() });
    } catch (err) {
      const { errors, error } = refusal(err, (id) => displayName(getState(), id));
      dispatch({ type: 'preset_refused', modelId: this.modelId, errors, error });
      if (errors) this.focusFirstError(errors);
    }
  }

  focusFirstError(errors) {
    const first = Object.keys(this.inputs).find((k) => errors[k]);
    if (first) queueMicrotask(() => this.inputs[first].focus());
  }
}
