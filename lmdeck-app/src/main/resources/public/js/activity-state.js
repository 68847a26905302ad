// The Activity Log's part of the page state, and its part of the reducer (pure, like store.reduce).
// Pages of the persisted log (GET /api/activity) and live events merge here; activity.js only fetches and renders.

export const initialActivity = Object.freeze({
  byId: {},              // id -> event, as received (a page or live)
  nextBefore: null,      // keyset cursor of the next older page, null at the oldest
  loadedOnce: false,
  busy: false,           // a "Load older" read is on its way
  error: null,
  filters: { type: '', modelId: '' },
  seenModels: [],        // model ids met in any event (the model filter offers them)
});

export function reduceActivity(activity, message) {
  switch (message.type) {
    case 'activity_filters':
      return { ...activity, filters: message.filters };
    case 'activity_page': {
      // A newer read for other filters is on its way: this page is for nobody.
      if (!sameFilters(message.filters, activity.filters)) return activity;
      const items = message.page.items || [];
      const newest = Number(items[0]?.id ?? 0);
      // Restarting from the newest page keeps "Load older" gapless; events that arrived while it was on its way stay.
      const live = Object.values(activity.byId).filter((ev) => Number(ev.id) > newest && matches(activity.filters, ev));
      return {
        ...withEvents({ ...activity, byId: {} }, [...items, ...live]),
        nextBefore: message.page.next_before ?? null, loadedOnce: true, error: null,
      };
    }
    case 'activity_busy':
      return { ...activity, busy: true };
    case 'activity_older':
      if (!sameFilters(message.filters, activity.filters)) return { ...activity, busy: false };
      return { ...withEvents(activity, message.page.items || []), nextBefore: message.page.next_before ?? null, busy: false, error: null };
    case 'activity_failed':
      return { ...activity, busy: false, error: message.message };
    case 'event': {
      const ev = message.event;
      if (!ev) return activity;
      const seen = withSeen(activity.seenModels, [ev]);
      if (!matches(activity.filters, ev)) return seen === activity.seenModels ? activity : { ...activity, seenModels: seen };
      return withEvents(activity, [ev]);
    }
    default:
      return activity;
  }
}

function sameFilters(a, b) {
  return a.type === b.type && a.modelId === b.modelId;
}

export function matches(filters, ev) {
  return (!filters.type || ev.type === filters.type) && (!filters.modelId || ev.model_id === filters.modelId);
}

function withEvents(activity, events) {
  const byId = { ...activity.byId };
  for (const ev of events) if (ev && ev.id != null) byId[Number(ev.id)] = ev;
  return { ...activity, byId, seenModels: withSeen(activity.seenModels, events) };
}

function withSeen(seen, events) {
  const fresh = events.map((ev) => ev?.model_id).filter((id) => id && !seen.includes(id));
  return fresh.length ? [...seen, ...new Set(fresh)] : seen;
}

/** Newest first; of an operation's progress events only the newest is shown (the bar, not a flood). */
export function visibleRows(activity) {
  const rows = Object.values(activity.byId).sort((a, b) => Number(b.id) - Number(a.id));
  const seenProgress = new Set();
  const settled = new Set();
  return rows.filter((ev) => {
    const op = ev.operation_id || ev.model_id;
    if (ev.type === 'model_loading_complete' || ev.type === 'model_loading_failed' || ev.type === 'model_loading_cancelled') {
      settled.add(op);
    }
    if (ev.type !== 'model_loading_progress' || activity.filters.type === 'model_loading_progress') return true;
    if (settled.has(op) || seenProgress.has(op)) return false;
    seenProgress.add(op);
    return true;
  });
}
