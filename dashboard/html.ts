/**
 * HTML escaped by construction: every value interpolated into `html` is escaped unless it is
 * itself Html (made by `html` or, for markup the code wrote, `trusted`). Attribute values must be
 * quoted in the template ("…"), which escaping then keeps closed.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function render(value: Renderable): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

/** Markup the code itself wrote (never user or stored data). */
export const trusted = (markup: string): Html => new Html(markup);

/** A URL path with every dynamic segment encoded: `href(['/admin/messages', id])`. */
export const path = (...segments: (string | number)[]): string =>
  segments.map((s, i) => (i === 0 ? String(s) : encodeURIComponent(String(s)))).join('/');

/** A query string from the set values only (`?a=1&b=x`), or ''. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
