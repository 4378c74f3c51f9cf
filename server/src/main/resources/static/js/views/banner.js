import { $ } from '../dom.js';
import { state } from '../state.js';

const TEXT = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost — reconnecting…',
  online: '',
  offline: '',
};

export function renderBanner() {
  const banner = $('banner');
  const text = TEXT[state.status] ?? '';
  banner.textContent = text;
  banner.hidden = text === '';
  banner.dataset.status = state.status;
}
