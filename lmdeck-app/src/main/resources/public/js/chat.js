// The chat view: streamed replies (POST /api/chat read as SSE), and a banner that says why chat is
// waiting or unavailable and what to do. A message sent during a swap waits on the server and goes through.

import { request, errorOf } from './api.js';
import { readSse, parseData } from './sse.js';
import { h, byId, setText, show, announce } from './dom.js';
import { subscribe, displayName, getState } from './store.js';
import { chatAvailability } from './derive.js';
import { percentText, eta } from './format.js';

const history = []; // {role, content} sent to the model
let inFlight = null; // AbortController of the reply being streamed
let actions = { openSettings: () => {}, retry: () => {} };

export function initChat(callbacks) {
  actions = callbacks;
  const form = byId('composer');
  const input = byId('chat-input');
  form.addEventListener('submit', (e) => { e.preventDefault(); send(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
  });
  input.addEventListener('input', autosize);
  window.addEventListener('resize', () => render(getState()));
  subscribe(render);
  render(getState());
}

function autosize() {
  const input = byId('chat-input');
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
}

function render(state) {
  const a = chatAvailability(state);
  const banner = byId('chat-status');
  if (banner.dataset.kind !== a.kind && a.kind !== 'connecting') {
    announce(a.kind === 'ok' ? 'Chat is available.' : a.kind === 'swapping' ? a.title.replace(/\s*\d+ %$/, '') : a.title);
  }
  banner.dataset.kind = a.kind;
  show(banner, a.kind !== 'ok');
  setText(byId('chat-status-title'), a.title);
  setText(byId('chat-status-text'), a.text);
  const meter = byId('chat-status-meter');
  show(meter, a.kind === 'swapping');
  meter.classList.toggle('meter--indeterminate', a.kind === 'swapping' && a.progress == null);
  meter.style.setProperty('--value', `${Math.round((a.progress || 0) * 100)}%`);
  renderBannerActions(a);

  const input = byId('chat-input');
  const send = byId('chat-send');
  input.disabled = !a.canSend;
  send.disabled = !a.canSend || inFlight != null;
  const name = a.model ? a.model.display_name || a.model.model_id : '';
  input.placeholder = fitting(input, a.canSend
    ? (a.kind === 'swapping' ? ['Message (it waits for the new model)…', 'Message (it waits)…'] : [`Message ${name}…`, 'Message…'])
    : ['Chat is unavailable right now (see above)', 'Chat is unavailable']);
  setText(byId('chat-empty-text'), a.model
    ? `Replies stream from ${a.model.display_name || a.model.model_id}, running in LM Studio on this machine.`
    : 'Replies stream from the model you pick in Settings → Decision Engine.');
}

let ruler = null;
/** The first text that fits the box on one line (a phone has room for less), else the last, shortest one. */
function fitting(input, texts) {
  const style = getComputedStyle(input);
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  ruler = ruler || document.createElement('canvas').getContext('2d');
  ruler.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return texts.find((t) => room > 0 && ruler.measureText(t).width <= room) || texts[texts.length - 1];
}

function renderBannerActions(a) {
  const box = byId('chat-status-actions');
  const wanted = a.retry ? 'retry' : a.kind === 'no_model' ? 'no_model' : '';
  if (box.dataset.for === wanted) return;
  box.dataset.for = wanted;
  const buttons = [];
  if (a.retry) {
    buttons.push(h('button', { type: 'button', class: 'btn btn--small btn--primary', dataset: { testid: 'chat-retry' },
      onclick: () => actions.retry() }, 'Retry'));
  }
  if (a.retry || a.kind === 'no_model') {
    buttons.push(h('button', { type: 'button', class: 'btn btn--small', onclick: () => actions.openSettings() }, 'Choose a model'));
  }
  box.replaceChildren(...buttons);
}

function addMessage(role, text) {
  const body = h('div', { class: 'message__body' }, text);
  const meta = h('p', { class: 'message__meta' });
  const li = h('li', { class: `message message--${role}`, dataset: { testid: 'chat-message', role } },
    h('span', { class: 'sr-only' }, role === 'user' ? 'You said:' : 'Model replied:'), body, meta);
  byId('messages').append(li);
  show(byId('chat-empty'), false);
  li.scrollIntoView({ block: 'end' });
  return { li, body, meta };
}

async function send() {
  const input = byId('chat-input');
  const text = input.value.trim();
  if (!text || inFlight || !chatAvailability(getState()).canSend) return;
  input.value = '';
  autosize();
  history.push({ role: 'user', content: text });
  addMessage('user', text);
  const reply = addMessage('assistant', '');
  reply.li.dataset.state = 'waiting';
  setText(reply.meta, 'Waiting for the model…');
  const controller = new AbortController();
  inFlight = controller;
  const stop = stopButton(controller);
  reply.li.append(stop);
  render(getState());
  let content = '';
  let finished = false;
  try {
    const response = await request('/api/chat', {
      method: 'POST', signal: controller.signal, headers: { Accept: 'text/event-stream' },
      body: { messages: history.slice(), stream: true },
    });
    if (!response.ok) throw await errorOf(response);
    await readSse(response.body, (msg) => {
      const data = parseData(msg) || {};
      if (msg.event === 'status') {
        reply.li.dataset.state = 'waiting';
        setText(reply.meta, statusLine(data));
      } else if (msg.event === 'delta' || msg.event === 'message') {
        const piece = deltaText(data, msg.data);
        if (data.model_id) reply.li.dataset.model = data.model_id;
        if (piece) {
          content += piece;
          reply.li.dataset.state = 'streaming';
          setText(reply.body, content);
          setText(reply.meta, displayName(getState(), reply.li.dataset.model) || modelName());
          reply.li.scrollIntoView({ block: 'end' });
        }
      } else if (msg.event === 'error') {
        throw Object.assign(new Error((data.error && data.error.message) || data.message || 'The reply failed.'), { code: data.error?.code });
      } else if (msg.event === 'done') {
        if (data.model_id) reply.li.dataset.model = data.model_id;
        finished = true;
      }
    });
    reply.li.dataset.state = finished ? 'done' : 'incomplete';
    announce(`Reply: ${content.slice(0, 300)}`);
    setText(reply.meta, [displayName(getState(), reply.li.dataset.model) || modelName(),
      finished ? (content ? '' : 'empty reply') : 'the reply was cut off (connection lost)'].filter(Boolean).join(' · '));
    history.push({ role: 'assistant', content });
  } catch (err) {
    if (err.name === 'AbortError') {
      reply.li.dataset.state = 'stopped';
      setText(reply.meta, 'Stopped');
      if (content) history.push({ role: 'assistant', content });
    } else {
      reply.li.dataset.state = 'error';
      setText(reply.meta, '');
      setText(reply.body, content || '');
      reply.li.append(h('p', { class: 'message__error', role: 'alert' }, errorText(err)));
      history.pop(); // let the user resend: an unanswered question should not stay in the context
      if (content) history.push({ role: 'user', content: text }, { role: 'assistant', content });
    }
  } finally {
    controller.abort(); // releases the response body when an error frame ended the reading early
    stop.remove();
    inFlight = null;
    render(getState());
  }
}

function stopButton(controller) {
  return h('button', { type: 'button', class: 'btn btn--small btn--ghost message__stop', dataset: { testid: 'chat-stop' },
    onclick: () => controller.abort() }, 'Stop');
}

function modelName() {
  const state = getState();
  const a = state.status?.active_model;
  return a ? (displayName(state, a.model_id) || a.display_name) : '';
}

function statusLine(data) {
  const name = displayName(getState(), data.model_id) || 'the model';
  if (data.state === 'ready') return `${name} is ready`;
  if (data.state === 'loading' || typeof data.progress === 'number') {
    const pct = percentText(typeof data.progress === 'number' ? data.progress : null);
    return [`Waiting for ${name}…`, [pct, eta(data.eta_seconds)].filter(Boolean).join(' · ')].filter(Boolean).join(' ');
  }
  return data.message || `Waiting for ${name}…`;
}

function deltaText(data, raw) {
  if (typeof data === 'string') return data;
  if (typeof data.content === 'string') return data.content;
  if (typeof data.delta === 'string') return data.delta;
  if (typeof data.text === 'string') return data.text;
  const choice = data.choices && data.choices[0];
  if (choice && choice.delta && typeof choice.delta.content === 'string') return choice.delta.content;
  return Object.keys(data).length ? '' : raw;
}

function errorText(err) {
  if (err.code === 'lmstudio_offline') return 'LM Studio is offline, so this message was not answered. Start LM Studio and send it again.';
  if (err.code === 'no_active_model') return 'No model is loaded. Choose one in Settings → Decision Engine, then send again.';
  return `Not answered: ${err.message}`;
}
