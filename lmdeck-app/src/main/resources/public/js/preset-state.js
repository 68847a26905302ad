// The Decision Engine's preset editor: its part of the page state and of the reducer (pure), and the translation
// between the form a person fills in and the preset of PUT /api/presets/{model_id} (contract section 7). What a
// valid preset is, is the server's to say: the form only turns text into numbers and lists, and shows the
// server's refusals next to the field they are about, in plain words.

import { sentence } from './format.js';

export const FIELDS = Object.freeze({ // form field -> the preset's field
  ttl: 'ttl_seconds', pin: 'pinned', context: 'context_length', parallel: 'parallel', aliases: 'aliases',
});

export const initialPresets = Object.freeze({
  open: null,  // the model whose editor is open
  byModel: {}, // modelId -> {phase: 'reading'|'ready'|'saving'|'unreadable', preset, errors: {field: text}, error, saved}
});

export function reducePresets(presets, message) {
  const id = message.modelId;
  const edit = (change) => ({ ...presets, byModel: { ...presets.byModel, [id]: { ...entry(presets, id), ...change } } });
  switch (message.type) {
    case 'preset_open':
      return { ...edit({ phase: 'reading', errors: {}, error: null, saved: false }), open: id };
    case 'preset_close':
      return presets.open === id ? { ...presets, open: null } : presets;
    case 'preset_read':
      return edit({ phase: 'ready', preset: message.preset, errors: {}, error: null });
    case 'preset_unreadable':
      return edit({ phase: 'unreadable', error: message.message });
    case 'preset_saving':
      return edit({ phase: 'saving', errors: {}, error: null, saved: false });
    case 'preset_saved':
      return edit({ phase: 'ready', preset: message.preset, errors: {}, error: null, saved: true });
    case 'preset_refused':
      return edit({ phase: 'ready', errors: message.errors || {}, error: message.error || null, saved: false });
    default:
      return presets;
  }
}

function entry(presets, id) {
  return presets.byModel[id] || { phase: 'reading', preset: null, errors: {}, error: null, saved: false };
}

/** The form's values for a preset: text for the numbers (empty for LM Studio's default), aliases comma-separated. */
export function toForm(preset) {
  const text = (n) => (n == null ? '' : String(n));
  return {
    ttl: text(preset?.ttl_seconds), pin: !!preset?.pinned, context: text(preset?.context_length),
    parallel: text(preset?.parallel), aliases: (preset?.aliases || []).join(', '),
  };
}

const WHOLE_NUMBER_HINTS = {
  ttl: 'Enter a whole number of seconds, or leave it empty to keep the model loaded however long it is idle.',
  context: "Enter a whole number of tokens, or leave it empty for LM Studio's default.",
  parallel: "Enter a whole number of requests, or leave it empty for LM Studio's default.",
};

/**
 * The whole preset to PUT (PUT replaces it: what the form does not edit, gpu_offload, is kept from `base`), or the
 * fields that are not numbers: {body, errors}.
 */
export function fromForm(form, base) {
  const errors = {};
  const number = (field) => {
    const text = String(form[field] ?? '').trim();
    if (text === '') return null;
    if (!/^\d+$/.test(text)) { errors[field] = WHOLE_NUMBER_HINTS[field]; return null; }
    return Number(text);
  };
  const body = {
    context_length: number('context'),
    gpu_offload: base?.gpu_offload ?? null,
    parallel: number('parallel'),
    ttl_seconds: number('ttl'),
    pinned: !!form.pin,
    aliases: String(form.aliases ?? '').split(/[\s,]+/).filter(Boolean),
  };
  return { body, errors };
}

const FIELD_OF = Object.fromEntries(Object.entries(FIELDS).map(([form, api]) => [api, form]));

/**
 * A refused PUT as the editor shows it: {errors: {field: text}} next to a field, or {error: text} under the form.
 * The server's 400s start with the field's name ("context_length must be between 1 and …"), its 409s name the
 * alias and the model that has it. nameOf gives a model's display name.
 */
export function refusal(err, nameOf = (id) => id) {
  const message = String(err?.message || '').trim();
  if (err?.status === 409 || err?.code === 'alias_conflict') {
    const owner = /^Alias '(.+)' already names (.+)$/.exec(message);
    if (owner) return { errors: { aliases: `“${owner[1]}” is already an alias of ${nameOf(owner[2])}. Choose another name, or remove it there first.` } };
    const key = /^Alias '(.+)' is the key of a model/.exec(message);
    if (key) return { errors: { aliases: `“${key[1]}” is the name of a model in LM Studio, so it cannot be an alias.` } };
    return { errors: { aliases: sentence(message) } };
  }
  if (err?.status === 400) {
    const field = /^([a-z_]+)(?::\s*|\s+)(.*)$/s.exec(message);
    if (field && FIELD_OF[field[1]]) {
      const said = field[2].replace(/\ban integer\b/, 'a whole number');
      return { errors: { [FIELD_OF[field[1]]]: sentence(said.charAt(0).toUpperCase() + said.slice(1)) } };
    }
  }
  if (err?.code === 'model_not_found') return { error: 'LM Studio no longer has this model, so it cannot have a preset.' };
  if (err?.code === 'lmstudio_offline') return { error: 'LM Studio is offline: lmdeck cannot check the model now. Save again once it is back.' };
  return { error: sentence(message) || 'The preset could not be saved.' };
}
