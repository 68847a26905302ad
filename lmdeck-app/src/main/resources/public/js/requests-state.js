// The gateway's queued and running requests (contract section 6), and their part of the reducer (pure).
// GET /api/requests gives the list once per connection (the request events are live-only: never replayed, so a
// reconnect may have missed some); request_queued / request_started / request_finished keep it current.
// Events that arrive while that read is on its way are applied again on top of its answer, so none is lost.

export const REQUEST_EVENTS = new Set(['request_queued', 'request_started', 'request_finished']);

export const initialRequests = Object.freeze({
  available: null, // null: not known yet; false: this lmdeck has no gateway (GET /api/requests is 404); true
  byId: {},        // request id -> {id, model_id, host, endpoint, state, position, queued_at, started_at, client}
  pending: null,   // while GET /api/requests is on its way: the request events that arrived meanwhile, in order
});

export function reduceRequests(requests, message) {
  switch (message.type) {
    case 'requests_reading':
      return { ...requests, pending: [] };
    case 'requests_listed': {
      const byId = {};
      for (const r of message.requests || []) if (r && r.id != null) byId[r.id] = r;
      const listed = { available: true, byId, pending: null };
      return (requests.pending || []).reduce(applyEvent, listed);
    }
    case 'requests_unavailable':
      return { available: false, byId: {}, pending: null };
    case 'requests_unread': // the read failed: what the events said stands
      return { ...requests, pending: null };
    case 'request_event': {
      const next = applyEvent(requests, message.event);
      return requests.pending ? { ...next, pending: [...requests.pending, message.event] } : next;
    }
    default:
      return requests;
  }
}

function applyEvent(requests, ev) {
  const id = ev?.details?.request_id;
  if (id == null || !REQUEST_EVENTS.has(ev.type)) return requests;
  const byId = { ...requests.byId };
  if (ev.type === 'request_finished') {
    if (!(id in byId)) return requests;
    delete byId[id];
  } else {
    const known = byId[id] || {};
    const started = ev.type === 'request_started';
    byId[id] = {
      ...known,
      id,
      model_id: ev.model_id ?? known.model_id ?? null,
      host: ev.host ?? ev.details.host ?? known.host ?? null,
      endpoint: ev.details.endpoint ?? known.endpoint ?? null,
      state: started ? 'running' : 'queued',
      position: started ? null : ev.details.position ?? known.position ?? null,
      queued_at: known.queued_at ?? (started ? null : ev.at ?? null),
      started_at: started ? ev.at ?? null : known.started_at ?? null,
      client: ev.details.client ?? known.client ?? null,
    };
  }
  return { ...requests, byId };
}

/**
 * The header's line: {hidden, text, title}. A queued request whose model LM Studio is loading now waits for that
 * load ("loading"); the server's own list says so too.
 */
export function requestsLine(state, nameOf = (id) => id) {
  const all = Object.values(state.requests.byId);
  if (all.length === 0 || state.connection === 'down') return { hidden: true, text: '', title: '' };
  const loadingModel = state.status?.loading?.model_id || null;
  const phase = (r) => (r.state === 'queued' && r.model_id === loadingModel ? 'loading' : r.state);
  const count = (p) => all.filter((r) => phase(r) === p).length;
  const running = count('running');
  const waiting = all.length - running;
  const parts = [running ? `${running} running` : '', waiting ? `${waiting} waiting` : ''].filter(Boolean);
  const models = [...new Set(all.map((r) => r.model_id))];
  const title = models.map((id) => {
    const mine = all.filter((r) => r.model_id === id);
    const run = mine.filter((r) => phase(r) === 'running').length;
    const load = mine.filter((r) => phase(r) === 'loading').length;
    const queued = mine.length - run - load;
    const what = [run ? `${run} running` : '', load ? `${load} waiting for it to load` : '', queued ? `${queued} queued` : '']
      .filter(Boolean).join(', ');
    return `${nameOf(id)}: ${what}`;
  }).join('\n');
  return { hidden: false, text: parts.join(' · '), title };
}
