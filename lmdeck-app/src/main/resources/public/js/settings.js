// The Settings overlay (a modal <dialog>: focus stays inside, Esc closes) and its two tabs.

import { byId } from './dom.js';

const TABS = ['preferences', 'activity'];
let onTab = () => {};

export function initSettings(onTabShown) {
  onTab = onTabShown;
  const dialog = byId('settings');
  byId('open-settings').addEventListener('click', () => open());
  byId('status-pill').addEventListener('click', () => open('preferences'));
  byId('close-settings').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); }); // backdrop
  dialog.addEventListener('close', () => byId('open-settings').focus());
  for (const name of TABS) {
    const tab = byId(`tab-${name}`);
    tab.addEventListener('click', () => select(name));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      const next = TABS[(TABS.indexOf(name) + step + TABS.length) % TABS.length];
      select(next);
      byId(`tab-${next}`).focus();
    });
  }
}

export function open(tab) {
  const dialog = byId('settings');
  if (!dialog.open) dialog.showModal();
  if (tab) select(tab);
  else onTab(current());
}

function current() {
  return TABS.find((name) => byId(`tab-${name}`).getAttribute('aria-selected') === 'true');
}

export function select(name) {
  for (const other of TABS) {
    const selected = other === name;
    const tab = byId(`tab-${other}`);
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(`panel-${other}`).hidden = !selected;
  }
  onTab(name);
}
