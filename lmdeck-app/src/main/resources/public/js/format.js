// Formatting helpers: the exact strings a person reads (sizes, percentages, ETAs, times).

const UNITS = ['kB', 'MB', 'GB', 'TB'];

/**
 * The one size formatter: decimal units (1 GB = 10^9 bytes) with three significant digits, as LM Studio and the
 * CLI show sizes: "8.71 GB", "19.8 GB", "128 GB", "820 MB"; empty for unknown.
 */
export function bytes(n) {
  if (n == null || !Number.isFinite(n) || n < 0) return '';
  if (n < 1000) return `${Math.round(n)} B`;
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** A sentence ends with a full stop (or its own "…", "?" or "!"). */
export function sentence(text) {
  const t = (text || '').trim();
  if (!t) return '';
  return /[.…!?]$/.test(t) ? t : `${t}.`;
}

/** Progress 0..1 (or null) as an integer 0..100, or null when unknown. */
export function percentOf(progress) {
  if (progress == null || !Number.isFinite(progress)) return null;
  return Math.max(0, Math.min(100, Math.floor(progress * 100)));
}

/** "42 %" (the contract's own spacing) or "" when unknown. */
export function percentText(progress) {
  const p = percentOf(progress);
  return p == null ? '' : `${p} %`;
}

/** "about 12 s left", "about 2 min left"; "" when unknown. */
export function eta(seconds) {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** "14:03:27" in the browser's locale and zone. */
export function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "Today", "Yesterday" or a short date, for grouping activity rows. */
export function day(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  const startOf = (x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const diffDays = Math.round((startOf(today) - startOf(d)) / 86400000);
  if (diffDays === 0) return 'Today';
  if (diffDays === 1) return 'Yesterday';
  return d.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
}

const TYPE_LABELS = {
  model_loading_started: 'Loading started',
  model_loading_progress: 'Loading progress',
  model_loading_complete: 'Ready',
  model_loading_failed: 'Load failed',
  model_loading_cancelled: 'Cancelled',
  model_unloaded: 'Unloaded',
  model_loaded_externally: 'Loaded elsewhere',
  model_unloaded_externally: 'Unloaded elsewhere',
  lmstudio_online: 'LM Studio online',
  lmstudio_offline: 'LM Studio offline',
  active_model_changed: 'Active model',
};

export const EVENT_TYPES = Object.keys(TYPE_LABELS);

export function typeLabel(type) {
  return TYPE_LABELS[type] || type;
}
