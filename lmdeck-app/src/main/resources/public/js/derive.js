// What the views show, derived from the state only (pure functions of it, so every view agrees).

import { modelById, displayName, failureOf } from './store.js';
import { percentText, eta, sentence } from './format.js';
import { swapOf } from './origins-state.js';

/**
 * The Decision Engine's current subject: the model being loaded to become the active one, or the one last chosen,
 * or the active one. A load the gateway asked for is not a swap: chat keeps the active model meanwhile.
 */
export function engine(state) {
  const s = state.status;
  const loading = swapOf(state);
  const request = state.request;
  const targetId = loading?.model_id || state.target || s?.active_model?.model_id || null;
  const model = modelById(state, targetId);
  const name = displayName(state, targetId);
  const failure = failureOf(state, targetId);
  const base = { modelId: targetId, model, name, progress: null, eta: null, operationId: null, reason: null };

  if (!targetId) return { ...base, phase: 'none', label: 'Not loaded' };
  if (request && request.modelId === targetId && request.phase === 'error') {
    return { ...base, phase: 'failed', label: 'Failed', reason: sentence(request.error.message) };
  }
  if (loading && loading.model_id === targetId) {
    return {
      ...base, phase: 'loading', label: 'Loading…', progress: loading.progress ?? null,
      eta: loading.eta_seconds ?? null, operationId: loading.operation_id || request?.operationId || null,
    };
  }
  if (request && request.modelId === targetId) {
    return { ...base, phase: 'loading', label: 'Loading…', progress: model?.progress ?? null, operationId: request.operationId || null };
  }
  const modelState = model?.state;
  if (modelState === 'loaded') return { ...base, phase: 'ready', label: 'Ready' };
  if (modelState === 'loading') return { ...base, phase: 'loading', label: 'Loading…', progress: model.progress ?? null };
  if (modelState === 'unloading') return { ...base, phase: 'unloading', label: 'Unloading…' };
  if (failure) return { ...base, phase: 'failed', label: 'Failed', reason: sentence(failure.message) || 'The load failed.' };
  return { ...base, phase: 'idle', label: 'Not loaded' };
}

/** "42 % · about 3 s left", with the ETA when known. */
export function loadingLine(e) {
  return [percentText(e.progress), eta(e.eta)].filter(Boolean).join(' · ');
}

/** The active model when it is loaded and chat can use it. */
export function activeReady(state) {
  const a = state.status?.active_model;
  if (!a) return null;
  const fresh = modelById(state, a.model_id) || a;
  return fresh.state === 'loaded' ? fresh : null;
}

function capitalized(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

function nameOf(model) {
  return model.display_name || model.model_id;
}

/**
 * What chat does with a message sent now, in one sentence, or '' when it simply answers. The chat banner and the
 * Decision Engine both say this one sentence. It is what the server does: during a swap a chat's lease waits for
 * the new model (ModelLifecycle.acquireChatLease); after a failed load the active model keeps answering.
 */
export function chatNote(state) {
  const e = engine(state);
  if (e.phase === 'loading') return `Messages you send now wait and go to ${e.name} as soon as it is ready.`;
  const ready = activeReady(state);
  if (ready && e.modelId && e.modelId !== ready.model_id && e.phase === 'failed') return `Chat still uses ${nameOf(ready)}.`;
  return '';
}

/**
 * Whether chat can be used and what the banner says: what is true now and what the person can do.
 * kind: ok | swapping | notice | offline | unreachable | connecting | checking | no_model | failed.
 * canSend is false only when a message could not possibly be answered.
 */
export function chatAvailability(state) {
  if (state.connection === 'down') {
    return { kind: 'unreachable', canSend: false, title: "Can't reach lmdeck.",
      text: 'The lmdeck server is not answering. Check that it is still running; this page reconnects by itself.' };
  }
  const s = state.status;
  if (!s) return { kind: 'connecting', canSend: false, title: 'Connecting…', text: 'Connecting to lmdeck.' };
  if (!s.online && !s.checked_at) {
    return { kind: 'checking', canSend: false, title: 'Checking LM Studio…', text: 'lmdeck has just started and is looking for LM Studio.' };
  }
  if (!s.online) {
    return { kind: 'offline', canSend: false, title: 'LM Studio is offline.',
      text: 'Start LM Studio and its local server (or run “lms server start”). lmdeck notices by itself when it is back.' };
  }
  const e = engine(state);
  if (e.phase === 'loading') {
    return { kind: 'swapping', canSend: true, title: `Switching to ${e.name}… ${percentText(e.progress)}`.trim(),
      text: [chatNote(state), sentence(capitalized(eta(e.eta)))].filter(Boolean).join(' '), progress: e.progress };
  }
  const ready = activeReady(state);
  if (e.phase === 'failed' && ready && ready.model_id !== e.modelId) {
    return { kind: 'notice', canSend: true, title: `Loading ${e.name} failed.`,
      text: `${e.reason} ${chatNote(state)}`, retry: e.modelId, model: ready };
  }
  if (e.phase === 'failed') {
    return { kind: 'failed', canSend: false, title: `Loading ${e.name} failed.`,
      text: `${e.reason} Retry, or choose another model in Settings.`, retry: e.modelId };
  }
  if (!ready) {
    return { kind: 'no_model', canSend: false, title: 'No model is loaded.',
      text: 'Choose one in Settings → Decision Engine; it loads right away.' };
  }
  return { kind: 'ok', canSend: true, title: '', text: '', model: ready };
}

/** The header pill: {tone, text, detail}. */
export function pill(state) {
  if (state.connection === 'down') return { tone: 'down', text: 'lmdeck unreachable', detail: 'Reconnecting…' };
  const s = state.status;
  if (!s) return { tone: 'pending', text: 'Connecting…', detail: '' };
  if (!s.online && !s.checked_at) return { tone: 'pending', text: 'Checking LM Studio…', detail: '' };
  if (!s.online) return { tone: 'offline', text: 'LM Studio offline', detail: '' };
  const e = engine(state);
  if (e.phase === 'loading') return { tone: 'loading', text: `Loading ${e.name}`, detail: percentText(e.progress) };
  const ready = activeReady(state);
  if (ready) return { tone: 'online', text: nameOf(ready), detail: 'LM Studio online' };
  if (e.phase === 'failed') return { tone: 'error', text: 'LM Studio online', detail: `${e.name} failed to load` };
  return { tone: 'idle', text: 'LM Studio online', detail: 'no model loaded' };
}

/**
 * Type-to-filter, as LM Studio's picker: every word typed must appear in the model's name, key, publisher,
 * quantization, parameter count or architecture ("qwen 8b", "q4_k", "google", "24b").
 */
export function modelMatches(model, query) {
  const words = (query || '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [model.display_name, model.model_id, model.publisher, model.quantization, model.params, model.architecture]
    .filter(Boolean).join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
}
