// Log widget queries name their log groups with leading SOURCE commands:
//   SOURCE 'group-a' | SOURCE 'group-b' | fields @timestamp, @message

export interface LogQuery {
  groups: string[];
  query: string;
}

const sourceRE = /^\s*SOURCE\s+(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(\||$)/;

/** parseLogQuery splits a log widget query into its log groups and the Insights query. */
export function parseLogQuery(s: string): LogQuery {
  const groups: string[] = [];
  let rest = s;
  for (;;) {
    const m = sourceRE.exec(rest);
    if (!m) break;
    groups.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return { groups, query: rest.trim() };
}

/** buildLogQuery writes a log widget query for the groups and the Insights query. */
export function buildLogQuery(q: LogQuery): string {
  const sources = q.groups.map((g) => `SOURCE '${g.replace(/(['\\])/g, '\\$1')}'`);
  return [...sources, q.query.trim()].filter((p) => p !== '').join(' | ');
}

/** alarmName takes the alarm name from an alarm ARN (arn:…:alarm:NAME). */
export function alarmName(arn: string): string {
  const i = arn.indexOf(':alarm:');
  return i >= 0 ? arn.slice(i + ':alarm:'.length) : arn;
}
