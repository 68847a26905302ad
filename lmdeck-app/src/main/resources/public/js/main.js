// Wires the page: one live event stream (snapshot, then every change; reconnect with backoff), the
// REST reads that events trigger, and the views. No polling: everything changes because an event said so.

import { initToken, api, onUnauthorized } from './api.js';
import { EventStream, parseData } from './sse.js';
import { applySnapshot, applyEvent, applyStatus, applyCatalog, setConnection, state } from './store.js';
import { engine } from './derive.js';
import { initHeader } from './header.js';
import { initSettings, open as openSettings } from './settings.js';
import { initPicker, choose } from './picker.js';
import { initActivity, reload as reloadActivity, onLiveEvent } from './activity.js';
import { initChat } from './chat.js';
import { initLogin, askForToken } from './login.js';

const SNAPSHOT_GRACE_MS = 1500;
const DOWN_GRACE_MS = 1200;

let refreshTimer = null;
let refreshSeq = 0; // only the newest refresh may apply: an older answer arriving late would be stale
let snapshotTimer = null;
let downTimer = null;

/** Re-reads status and catalogue (both answer from lmdeck's memory, never waiting on LM Studio). */
function refreshState() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    const mine = ++refreshSeq;
    try {
      const [status, catalog] = await Promise.all([api.status(), api.catalog()]);
      if (mine !== refreshSeq) return;
      if (status && status.lmstudio) applyStatus(status.lmstudio);
      if (catalog) applyCatalog(catalog);
    } catch { /* the event stream reports connectivity; a failed read is retried by the next event */ }
  }, 120);
}

const stream = new EventStream('/api/events', {
  onOpen() {
    clearTimeout(downTimer);
    setConnection('open');
    clearTimeout(snapshotTimer);
    snapshotTimer = setTimeout(refreshState, SNAPSHOT_GRACE_MS);
    reloadActivity();
  },
  onEvent(message) {
    const data = parseData(message);
    if (message.event === 'snapshot') {
      clearTimeout(snapshotTimer);
      refreshSeq++; // the snapshot is newer than any refresh still on its way
      applySnapshot(data);
      return;
    }
    if (message.event === 'resync') {
      if (data && data.lmstudio) applySnapshot(data); else refreshState();
      reloadActivity();
      return;
    }
    if (!data || typeof data !== 'object') return;
    const ev = { ...data, type: data.type || message.event };
    if (applyEvent(ev)) refreshState();
    onLiveEvent(ev);
  },
  onDown({ retryInMs }) {
    const retryAt = Date.now() + retryInMs;
    if (state.connection === 'down') {
      setConnection('down', retryAt);
      return;
    }
    setConnection('connecting');
    clearTimeout(downTimer);
    downTimer = setTimeout(() => {
      if (state.connection !== 'open') setConnection('down', retryAt);
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
  initSettings((tab) => { if (tab === 'activity') reloadActivity(); });
  initPicker(refreshState);
  initActivity();
  initChat({
    openSettings: () => openSettings('preferences'),
    retry: () => { const e = engine(); if (e.modelId) choose(e.modelId); },
  });
  stream.start();
}

start();
