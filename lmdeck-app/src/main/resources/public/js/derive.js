// What the views show, derived from the store only (pure functions, so every view agrees).

import { state, modelById, displayName } from './store.js';
import { percentText, eta } from './format.js';

/** The Decision Engine's current subject: the model being loaded, or the one last chosen, or the active one. */
export function engine() {
  const s = state.status;
  const loading = s?.loading || null;
  const request = state.request;
  const targetId = loading?.model_id || state.target || s?.active_model?.model_id || null;
  const model = modelById(targetId);
  const name = displayName(targetId);
  const failure = targetId ? state.failures[targetId] : null;
  const base = { modelId: targetId, model, name, progress: null, eta: null, operationId: null, reason: null };

  if (!targetId) return { ...base, phase: 'none', label: 'Not loaded' };
  if (request && request.modelId === targetId && request.phase === 'error') {
    return { ...base, phase: 'failed', label: 'Failed', reason: request.error.message };
  }
  if (loading && loading.model_id === targetId) {
    return {
      ...base, phase: 'loading', label: 'Loading…', progress: loading.progress ?? null,
      eta: loading.eta_seconds ?? null, operationId: loading.operation_id || request?.operationId || null,
    };
  }
  if (request && request.modelId === targetId && request.phase !== 'done') {
    return { ...base, phase: 'loading', label: 'Loading…', progress: model?.progress ?? null, operationId: request.operationId || null };
  }
  const modelState = model?.state;
  if (modelState === 'loaded') return { ...base, phase: 'ready', label: 'Ready' };
  if (modelState === 'loading') return { ...base, phase: 'loading', label: 'Loading…', progress: model.progress ?? null };
  if (modelState === 'unloading') return { ...base, phase: 'unloading', label: 'Unloading…' };
  if (modelState === 'failed' || failure) {
    return { ...base, phase: 'failed', label: 'Failed', reason: failure ? failure.message : 'The load failed.' };
  }
  return { ...base, phase: 'idle', label: 'Not loaded' };
}

/** "Qwen3 8B… 42 %", with the ETA when known. */
export function loadingLine(e) {
  return [percentText(e.progress), eta(e.eta)].filter(Boolean).join(' · ');
}

function activeReady() {
  const a = state.status?.active_model;
  if (!a) return null;
  const fresh = modelById(a.model_id) || a;
  return fresh.state === 'loaded' ? fresh : null;
}

/**
 * Whether chat can be used and what the banner says. kind: ok | swapping | offline | unreachable |
 * connecting | no_model | failed. canSend is false only when a message could not possibly be answered.
 */
export function chatAvailability() {
  if (state.connection === 'down') {
    return { kind: 'unreachable', canSend: false, title: "Can't reach lmdeck",
      text: 'The lmdeck server is not answering. Check that it is still running; this page reconnects by itself.' };
  }
  const s = state.status;
  if (!s) return { kind: 'connecting', canSend: false, title: 'Connecting…', text: 'Connecting to lmdeck.' };
  if (!s.online && !s.checked_at) {
    return { kind: 'checking', canSend: false, title: 'Checking LM Studio…', text: 'lmdeck has just started and is looking for LM Studio.' };
  }
  if (!s.online) {
    return { kind: 'offline', canSend: false, title: 'LM Studio is offline',
      text: 'Start LM Studio and its local server (or run “lms server start”). lmdeck notices by itself when it is back.' };
  }
  const e = engine();
  if (e.phase === 'loading') {
    return { kind: 'swapping', canSend: true, title: `Switching to ${e.name}… ${percentText(e.progress)}`.trim(),
      text: [eta(e.eta), 'Messages you send now wait and go through as soon as it is ready.'].filter(Boolean).join(' · '),
      progress: e.progress };
  }
  const ready = activeReady();
  if (e.phase === 'failed') {
    return { kind: 'failed', canSend: !!ready, title: `Loading ${e.name} failed`,
      text: `${e.reason} Retry, or choose another model in Settings.`, retry: e.modelId };
  }
  if (!ready) {
    return { kind: 'no_model', canSend: false, title: 'No model loaded',
      text: 'Choose a model in Settings → Decision Engine; it loads right away.' };
  }
  return { kind: 'ok', canSend: true, title: '', text: '', model: ready };
}

/** The header pill: {tone, text, detail}. */
export function pill() {
  if (state.connection === 'down') return { tone: 'down', text: 'lmdeck unreachable', detail: 'Reconnecting…' };
  const s = state.status;
  if (!s) return { tone: 'pending', text: 'Connecting…', detail: '' };
  if (!s.online && !s.checked_at) return { tone: 'pending', text: 'Checking LM Studio…', detail: '' };
  if (!s.online) return { tone: 'offline', text: 'LM Studio offline', detail: '' };
  const e = engine();
  if (e.phase === 'loading') return { tone: 'loading', text: `Loading ${e.name}`, detail: percentText(e.progress) };
  const ready = activeReady();
  if (ready) return { tone: 'online', text: ready.display_name || ready.model_id, detail: 'LM Studio online' };
  if (e.phase === 'failed') return { tone: 'error', text: 'LM Studio online', detail: `${e.name} failed to load` };
  return { tone: 'idle', text: 'LM Studio online', detail: 'no model loaded' };
}
