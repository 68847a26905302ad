// Who asked for each load: the `cause` of lifecycle events, kept per operation and per instance it made. The
// status and catalogue (snapshot and `state` frames) say only whether lmdeck or another app loaded an instance
// (`loaded_by`), not whether lmdeck did it for a person or for a gateway request; the events that pass by do
// (live ones, and the Activity Log's pages). Pure, like store.reduce.

const LOAD_EVENTS = new Set(['model_loading_started', 'model_loading_progress', 'model_loading_complete',
  'model_loading_failed', 'model_loading_cancelled']);
const REMEMBERED = 64;

export const initialOrigins = Object.freeze({
  ops: {},       // operation id -> cause of the load
  instances: {}, // instance id -> cause of the load that made it
});

export function reduceOrigins(origins, message) {
  switch (message.type) {
    case 'event':
      return withEvents(origins, [message.event]);
    case 'activity_page':
    case 'activity_older':
      return withEvents(origins, message.page?.items || []);
    default:
      return origins;
  }
}

function withEvents(origins, events) {
  let ops = origins.ops;
  let instances = origins.instances;
  for (const ev of events) {
    if (!ev || !LOAD_EVENTS.has(ev.type) || !ev.cause) continue;
    if (ev.operation_id && ops[ev.operation_id] !== ev.cause) ops = remembered(ops, ev.operation_id, ev.cause);
    const instance = ev.type === 'model_loading_complete' ? ev.details?.instance_id : null;
    if (instance && instances[instance] !== ev.cause) instances = remembered(instances, instance, ev.cause);
  }
  return ops === origins.ops && instances === origins.instances ? origins : { ops, instances };
}

/** map with key set, the oldest entries forgotten past REMEMBERED. */
function remembered(map, key, value) {
  const entries = Object.entries(map).filter(([k]) => k !== key);
  entries.push([key, value]);
  return Object.fromEntries(entries.slice(-REMEMBERED));
}

/**
 * Who loaded the model's instances, as a person reads it: 'external' (another app), 'gateway' (lmdeck, for a
 * request to /v1), 'you' (lmdeck, asked through its UI, CLI or API), 'lmdeck' (lmdeck, for a reason this page
 * has not seen: the load happened before it opened and is not in the Activity Log's first page), or null.
 */
export function loadedBy(state, model) {
  const instances = model?.instances || [];
  if (instances.length === 0) return null;
  if (instances.every((i) => i.loaded_by === 'external')) return 'external';
  const causes = instances.filter((i) => i.loaded_by !== 'external').map((i) => state.origins.instances[i.instance_id]);
  if (causes.includes('gateway')) return 'gateway';
  if (causes.some((c) => PEOPLE.has(c))) return 'you';
  return 'lmdeck';
}

const PEOPLE = new Set(['user', 'api', 'cli', 'chat']);

/** Whether LM Studio's running load was asked for by the gateway (it then never changes the active model). */
export function isGatewayLoad(state, loading) {
  if (!loading) return false;
  return state.origins.ops[loading.operation_id] === 'gateway';
}

/** The load that changes the model chat uses, or null: status.loading unless the gateway asked for it. */
export function swapOf(state) {
  const loading = state.status?.loading || null;
  return loading && !isGatewayLoad(state, loading) ? loading : null;
}
