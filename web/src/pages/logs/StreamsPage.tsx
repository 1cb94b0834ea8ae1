import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { aws } from '../../api';
import { href, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatBytes, formatRelative, formatTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { Table, type Column } from '../../ui/Table';
import type { LogStream } from './types';

/** The streams of one group, the most recently written first. */
export default function StreamsPage({ params }: PageProps) {
  const group = params.group ?? '';
  const [prefix, setPrefix] = useState('');
  const [streams, setStreams] = useState<LogStream[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [err, setErr] = useState<unknown>(null);
  const gen = useRef(0);

  const load = useCallback(
    async (token?: string) => {
      const my = token ? gen.current : ++gen.current;
      setLoading(true);
      setErr(null);
      try {
        // CloudWatch allows a name prefix only with name order, so a search
        // switches the order; without one the newest activity comes first.
        const body: Record<string, unknown> = prefix.trim()
          ? { logGroupName: group, logStreamNamePrefix: prefix.trim(), orderBy: 'LogStreamName' }
          : { logGroupName: group, orderBy: 'LastEventTime', descending: true };
        body.limit = 50;
        if (token) body.nextToken = token;
        const out = await aws<{ logStreams?: LogStream[]; nextToken?: string }>('logs', 'DescribeLogStreams', body);
        if (my !== gen.current) return;
        setStreams((prev) => (token ? [...prev, ...(out.logStreams ?? [])] : out.logStreams ?? []));
        setNext(out.nextToken);
      } catch (e) {
        if (my === gen.current) setErr(e);
      } finally {
        if (my === gen.current) setLoading(false);
      }
    },
    [group, prefix],
  );

  useEffect(() => {
    const t = setTimeout(() => load(), prefix ? 250 : 0);
    return () => clearTimeout(t);
  }, [load]);

  const columns: Column<LogStream>[] = [
    {
      key: 'name',
      title: 'Log stream',
      width: 'minmax(260px, 3fr)',
      text: (s) => s.logStreamName,
      render: (s) => (
        <a href={href.logStream(group, s.logStreamName)} data-testid="log-stream-link">
          {s.logStreamName}
        </a>
      ),
    },
    {
      key: 'last',
      title: 'Last event',
      width: '230px',
      text: (s) => (s.lastEventTimestamp ? `${formatTime(s.lastEventTimestamp)} (${formatRelative(s.lastEventTimestamp)})` : '—'),
    },
    { key: 'first', title: 'First event', width: '210px', text: (s) => formatTime(s.firstEventTimestamp) },
    { key: 'created', title: 'Created', width: '210px', text: (s) => formatTime(s.creationTime) },
    { key: 'bytes', title: 'Stored', width: '90px', text: (s) => formatBytes(s.storedBytes) },
  ];

  return (
    <section data-testid="log-streams-page">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href={href.logs()}>Log groups</a> <span aria-hidden="true">/</span>
      </nav>
      <div class="page-header">
        <h1 data-testid="log-group-name">{group}</h1>
        <span class="spacer" />
        <a class="btn" href={href.logStream(group, '*')} data-testid="search-all-streams">
          Search all streams
        </a>
        <a class="btn" href={href.insights({ group })} data-testid="open-insights">
          Query in Insights
        </a>
        <a class="btn" href={href.tail({ group })} data-testid="open-tail">
          Live tail
        </a>
      </div>
      <div class="toolbar">
        <input
          type="search"
          class="grow"
          placeholder="Filter streams by name prefix"
          aria-label="Filter streams by name prefix"
          value={prefix}
          onInput={(e) => setPrefix(e.currentTarget.value)}
          data-testid="log-stream-search"
        />
        <Button onClick={() => load()}>Refresh</Button>
      </div>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      <Table
        rows={streams}
        columns={columns}
        rowHeight={36}
        height="calc(100vh - 250px)"
        testId="log-streams"
        label="Log streams"
        onRowClick={(s) => (location.hash = href.logStream(group, s.logStreamName))}
        onEndReached={next ? () => load(next) : undefined}
        empty={loading ? <Spinner label="Loading streams" /> : 'No streams'}
      />
    </section>
  );
}
