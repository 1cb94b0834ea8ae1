/** Parses "team=core, env=prod" into a tag map; returns an error text for a malformed entry. */
export function parseTags(text: string): { tags: Record<string, string>; error?: string } {
  const tags: Record<string, string> = {};
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = (eq >= 0 ? part.slice(0, eq) : part).trim();
    const value = eq >= 0 ? part.slice(eq + 1).trim() : '';
    if (!key) return { tags, error: `Tag "${part}" has no key` };
    if (key.length > 128) return { tags, error: `Tag key "${key.slice(0, 20)}…" is longer than 128 characters` };
    if (value.length > 256) return { tags, error: `Tag value of "${key}" is longer than 256 characters` };
    tags[key] = value;
  }
  return { tags };
}

export function formatTags(tags: Record<string, string> | undefined): string {
  if (!tags) return '';
  return Object.entries(tags)
    .map(([k, v]) => (v ? `${k}=${v}` : k))
    .join(', ');
}
