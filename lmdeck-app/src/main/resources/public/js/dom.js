// A tiny element builder: text always goes through textContent, never innerHTML.

/**
 * h('button', {class: 'x', dataset: {testid: 'y'}, onclick: fn, 'aria-label': 'z'}, 'text', child)
 * Attributes with value null/undefined/false are left out; true sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function byId(id) {
  return document.getElementById(id);
}

/** Sets textContent only when it changes (keeps screen readers and selection calm). */
export function setText(el, text) {
  const value = text == null ? '' : String(text);
  if (el.textContent !== value) el.textContent = value;
}

export function show(el, visible) {
  el.hidden = !visible;
}

let lastAnnouncement = '';
/** Tells screen readers about a change once (progress ticks are not announced, state changes are). */
export function announce(text) {
  if (!text || text === lastAnnouncement) return;
  lastAnnouncement = text;
  const region = document.getElementById('announcer');
  if (region) region.textContent = text;
}
