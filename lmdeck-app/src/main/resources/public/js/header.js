// The header's status pill and the "lmdeck unreachable" banner.

import { byId, setText, show } from './dom.js';
import { getState, subscribe } from './store.js';
import { pill } from './derive.js';

let countdown = null;

export function initHeader(retryNow) {
  byId('conn-retry').addEventListener('click', retryNow);
  subscribe(render);
  render(getState());
}

function render(state) {
  const p = pill(state);
  const el = byId('status-pill');
  el.dataset.tone = p.tone;
  setText(byId('status-pill-text'), p.text);
  setText(byId('status-pill-detail'), p.detail);
  el.setAttribute('aria-label', `Status: ${[p.text, p.detail].filter(Boolean).join(', ')}. Open the Decision Engine.`);

  const down = state.connection === 'down';
  show(byId('conn-banner'), down);
  clearInterval(countdown);
  if (down) {
    const tick = () => {
      const secs = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000)) : 0;
      setText(byId('conn-banner-detail'), secs > 0 ? `Trying again in ${secs} s…` : 'Reconnecting…');
    };
    tick();
    countdown = setInterval(tick, 1000); // a countdown label only; no requests are made here
  }
}
