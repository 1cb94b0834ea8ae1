// Markdown for text widgets. Raw HTML in the source is shown as text, and
// links and images may only point at http(s), mailto or in-page targets, so
// a dashboard body (which a share link shows to people without an account)
// cannot run script in the console.

import { Marked, type Tokens } from 'marked';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c]);
}

/** safeURL keeps URLs with a harmless scheme and drops the rest. */
export function safeURL(href: string): string | null {
  const h = href.trim();
  if (/^(https?:|mailto:)/i.test(h)) return h;
  // No scheme at all: relative paths and fragments.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(h) && !h.startsWith('//')) return h;
  return null;
}

const md = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHTML(text);
    },
    link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, { href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const url = safeURL(href);
      if (url === null) return inner;
      const t = title ? ` title="${escapeHTML(title)}"` : '';
      const external = /^https?:/i.test(url) ? ' target="_blank" rel="noopener noreferrer"' : '';
      return `<a href="${escapeHTML(url)}"${t}${external}>${inner}</a>`;
    },
    image({ href, title, text }: Tokens.Image): string {
      const url = safeURL(href);
      if (url === null) return escapeHTML(text);
      const t = title ? ` title="${escapeHTML(title)}"` : '';
      return `<img src="${escapeHTML(url)}" alt="${escapeHTML(text)}"${t}>`;
    },
  },
});

/** renderMarkdown turns a text widget's Markdown into HTML safe to insert. */
export function renderMarkdown(src: string): string {
  return md.parse(src, { async: false }) as string;
}
