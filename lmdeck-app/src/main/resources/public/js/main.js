// Wires the page: one live event stream (GET /api/events?state=1: a snapshot, then every lifecycle event and the
// new state after each step; reconnect with backoff) feeding the store's one dispatch, and the views. Nothing is
// re-read after an event: the server sends the change itself. A reconnect or a resync brings a fresh snapshot.

import { initToken, onUnauthorized } from './api.js';
import { EventStream, parseData } from './sse.js';
import { dispatch, getState } from './store.js';
import { engine } from './derive.js';
import { initHeader } from './header.js';
import { initSettings, open as openSettings } from './settings.js';
import { initPicker, choose } from './picker.js';
import { initActivity, reload as reloadActivity } from './activity.js';
import { initChat } from './chat.js';
import { initLogin, askForToken } from './login.js';
import { initRequests, readRequests } from './requests.js';
import { REQUEST_EVENTS } from './requests-state.js';

const DOWN_GRACE_MS = 1200;
let downTimer = null;

const stream = new EventStream('/api/events?state=1', {
  onOpen() {
    clearTimeout(downTimer);
    dispatch({ type: 'connection', connection: 'open' });
    reloadActivity();
    readRequests(); // request events are live-only: what happened while away is only in the list
  },
  onEvent(message) {
    const data = parseData(message);
    if (!data || typeof data !== 'object') return;
    if (message.event === 'snapshot' || message.event === 'state') {
      dispatch({ type: message.event, lmstudio: data.lmstudio, catalog: data.catalog });
    } else if (message.event === 'resync') {
      reloadActivity(); // the events it dropped are in the log; the snapshot that follows brings the state
      readRequests();
    } else if (REQUEST_EVENTS.has(data.type || message.event)) {
      dispatch({ type: 'request_event', event: { ...data, type: data.type || message.event } });
    } else {
      dispatch({ type: 'event', event: { ...data, type: data.type || message.event } });
    }
  },
  onDown({ retryInMs }) {
    const retryAt = Date.now() + retryInMs;
    if (getState().connection === 'down') {
      dispatch({ type: 'connection', connection: 'down', retryAt });
      return;
    }
    dispatch({ type: 'connection', connection: 'connecting' });
    clearTimeout(downTimer);
    downTimer = setTimeout(() => {
      if (getState().connection !== 'open') dispatch({ type: 'connection', connection: 'down', retryAt });
    }, DOWN_GRACE_MS);
  },
  onUnauthorized() {
    askForToken();
  },
});

function start() {
  initToken();
  onUnauthorized(() => askForToken());
  initLogin(() => stream.reconnectNow());
  initHeader(() => stream.reconnectNow());
  initRequests();
  initSettings((tab) => { if (tab === 'activity') reloadActivity(); });
  initPicker();
  initActivity();
  initChat({
    openSettings: () => openSettings('preferences'),
    retry: () => { const e = engine(getState()); if (e.modelId) choose(e.modelId); },
  });
  stream.start();
}

start();
