// The header's "Requests" line: the gateway's queued and running requests, live from the request events. The list
// is read once per connection (GET /api/requests), since those events are never replayed; an lmdeck without a
// gateway answers 404, and the line then stays hidden.

import { api } from './api.js';
import { byId, setText, show } from './dom.js';
import { dispatch, getState, subscribe, displayName } from './store.js';
import { requestsLine } from './requests-state.js';

export function initRequests() {
  subscribe(render);
  render(getState());
}

/** Reads the list again (on every (re)connection and resync). */
export async function readRequests() {
  dispatch({ type: 'requests_reading' });
  try {
    const answer = await api.requests();
    dispatch({ type: 'requests_listed', requests: answer?.requests || [] });
  } catch (err) {
    // 404: this lmdeck serves no gateway. Anything else: the events keep the line as current as they can.
    dispatch({ type: err.status === 404 ? 'requests_unavailable' : 'requests_unread' });
  }
}

function render(state) {
  const line = requestsLine(state, (id) => displayName(state, id));
  const el = byId('gateway-requests');
  show(el, !line.hidden);
  setText(byId('gateway-requests-text'), line.text);
  if (line.title) el.title = line.title; else el.removeAttribute('title');
}
