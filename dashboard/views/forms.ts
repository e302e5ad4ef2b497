import type { Symphony } from '../../src/bus/symphony';
import { html, type Html } from '../html';

/** `<option>`s for every declared queue, with "any" first. */
export function queueOptions(symphony: Symphony, selected?: string): Html {
  return html`<option value="">any</option>
    ${symphony.queues.names().map((q) => html`<option value="${q}" ${q === selected ? 'selected' : ''}>${q}</option>`)}`;
}

/** The labelled queue filter of a search form. */
export const queueSelect = (symphony: Symphony, selected?: string): Html =>
  html`<label
    >Queue
    <select name="queue">
      ${queueOptions(symphony, selected)}
    </select></label
  >`;
