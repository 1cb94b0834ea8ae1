import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown, safeURL } from './markdown';

describe('renderMarkdown', () => {
  for (const [name, src, want, notWant] of [
    ['headings and emphasis', '# Title\n**bold**', ['<h1>Title</h1>', '<strong>bold</strong>'], []],
    ['raw HTML is escaped', '<script>alert(1)</script>', ['&lt;script&gt;'], ['<script>']],
    ['inline HTML is escaped', 'a <img src=x onerror=alert(1)> b', ['&lt;img'], ['<img src=x']],
    ['http links open in a new tab', '[docs](https://example.com/a)', ['<a href="https://example.com/a" target="_blank" rel="noopener noreferrer">docs</a>'], []],
    ['javascript links lose their target', '[x](javascript:alert(1))', ['x'], ['href', 'javascript']],
    ['data images are dropped', '![alt](data:text/html;base64,AAAA)', ['alt'], ['<img']],
    ['relative links stay', '[alarms](#/alarms)', ['<a href="#/alarms">alarms</a>'], []],
    ['attribute quotes are escaped', '[x](https://e.com/"onmouseover="a)', ['&quot;onmouseover=&quot;'], ['"onmouseover="']],
  ] as const) {
    it(name, () => {
      const html = renderMarkdown(src);
      for (const w of want) assert.ok(html.includes(w), `${html} should contain ${w}`);
      for (const n of notWant) assert.ok(!html.includes(n), `${html} should not contain ${n}`);
    });
  }
});

describe('safeURL', () => {
  for (const [href, want] of [
    ['https://a.example', 'https://a.example'],
    ['mailto:a@b.c', 'mailto:a@b.c'],
    ['/path', '/path'],
    ['JavaScript:alert(1)', null],
    ['vbscript:x', null],
    ['//evil.example', null],
  ] as const) {
    it(href, () => assert.equal(safeURL(href), want));
  }
});
