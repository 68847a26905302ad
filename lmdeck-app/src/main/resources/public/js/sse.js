// Server-Sent Events read with fetch + ReadableStream, so the bearer token travels in a header
// (EventSource cannot send one). Used for both /api/events and the streamed /api/chat reply.

import { request, errorOf } from './api.js';

/**
 * Reads an SSE body and calls onEvent({event, data, id}) per dispatched event; comments (heartbeats)
 * call onActivity only. Resolves when the stream ends.
 */
export async function readSse(body, onEvent, onActivity = () => {}) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = { event: '', data: [], id: null };
  const flushLine = (line) => {
    if (line === '') {
      if (event.data.length > 0 || event.event) {
        onEvent({ event: event.event || 'message', data: event.data.join('\n'), id: event.id });
      }
      event = { event: '', data: [], id: null };
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event.event = value;
    else if (field === 'data') event.data.push(value);
    else if (field === 'id') event.id = value;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    onActivity();
    buffer += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      const sepLength = buffer.startsWith('\r\n', newline) ? 2 : 1;
      buffer = buffer.slice(newline + sepLength);
      flushLine(line);
    }
  }
  if (buffer) flushLine(buffer);
  flushLine('');
}

/** Parses an event's JSON data; null when it isn't JSON. */
export function parseData(message) {
  try { return JSON.parse(message.data); } catch { return null; }
}

const HEARTBEAT_GRACE_MS = 40000; // the server sends a heartbeat at least every 15 s
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 15000;

/**
 * One live connection to /api/events that reconnects with exponential backoff (plus jitter) and
 * resumes with Last-Event-ID. Callbacks: onOpen(), onEvent(message), onDown({retryInMs, error}), onUnauthorized().
 */
export class EventStream {
  constructor(path, callbacks) {
    this.path = path;
    this.cb = callbacks;
    this.lastEventId = null;
    this.backoff = BACKOFF_START_MS;
    this.controller = null;
    this.retryTimer = null;
    this.watchdog = null;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.watchdog);
    if (this.controller) this.controller.abort();
  }

  /** Reconnects at once (the "Retry now" button, or after a new token). */
  reconnectNow() {
    this.stop();
    this.backoff = BACKOFF_START_MS;
    this.start();
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.controller && this.controller.abort(), HEARTBEAT_GRACE_MS);
  }

  async connect() {
    clearTimeout(this.retryTimer);
    const controller = new AbortController();
    this.controller = controller;
    let error = null;
    try {
      const headers = { Accept: 'text/event-stream' };
      if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
      const response = await request(this.path, { headers, signal: controller.signal });
      if (response.status === 401) {
        this.stopped = true;
        this.cb.onUnauthorized?.();
        return;
      }
      if (!response.ok || !response.body) throw await errorOf(response);
      this.backoff = BACKOFF_START_MS;
      this.armWatchdog();
      this.cb.onOpen?.();
      await readSse(response.body, (message) => {
        if (message.id) this.lastEventId = message.id;
        this.cb.onEvent(message);
      }, () => this.armWatchdog());
    } catch (err) {
      error = err;
    } finally {
      clearTimeout(this.watchdog);
    }
    if (this.stopped || this.controller !== controller) return;
    const delay = Math.min(BACKOFF_MAX_MS, this.backoff) * (0.8 + Math.random() * 0.4);
    this.backoff = Math.min(BACKOFF_MAX_MS, this.backoff * 2);
    this.cb.onDown?.({ retryInMs: delay, error });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}

