import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { aws, AwsError } from '../../api';
import { href, navigate, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner, errorText } from '../../ui/ErrorBanner';
import { formatCount } from '../../ui/format';
import { patternTerms, termMatcher } from '../../ui/highlight';
import { Spinner } from '../../ui/Spinner';
import { rangeFromString, rangeToString, resolveRange, TimeRangePicker, type TimeRange } from '../../ui/TimeRangePicker';
import { EventRow } from './EventRow';
import type { LogEvent } from './types';

/** Stream names cannot contain '*', so it safely stands for "every stream of the group". */
export const allStreams = '*';

const defaultRange: TimeRange = { kind: 'relative', minutes: 60 };
const pageSize = 200;

interface Page {
  events: LogEvent[];
  next?: string;
}

/**
 * Events of a stream (or of the whole group) in a time range, optionally
 * through a filter pattern, loaded a page at a time as the list scrolls.
 */
export default function EventsPage({ params }: PageProps) {
  const group = params.group ?? '';
  const stream = params.stream ?? allStreams;
  const filter = params.filter ?? '';
  const range = useMemo(() => rangeFromString(params.range, defaultRange), [params.range]);
  const [draft, setDraft] = useState(filter);
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const [filterErr, setFilterErr] = useState('');
  const [reload, setReload] = useState(0);
  const gen = useRef(0);
  const span = useRef({ start: 0, end: 0 });
  const sentinel = useRef<HTMLDivElement>(null);
  const re = useMemo(() => termMatcher(patternTerms(filter)), [filter]);

  // The box follows the filter in the address when that changes, but not
  // on mount: the effect runs after the first paint, by when a quick
  // user may have typed already.
  const shownFilter = useRef(filter);
  useEffect(() => {
    if (shownFilter.current !== filter) {
      shownFilter.current = filter;
      setDraft(filter);
    }
  }, [filter]);

  const setQuery = (q: { filter?: string; range?: TimeRange }) => {
    const f = q.filter ?? filter;
    const r = q.range ?? range;
    navigate(href.logStream(group, stream, { filter: f, range: rangeToString(r) }));
  };

  const fetchPage = async (token: string | undefined): Promise<Page> => {
    const { start, end } = span.current;
    if (!filter && stream !== allStreams) {
      const body: Record<string, unknown> = { logGroupName: group, logStreamName: stream, startTime: start, endTime: end, startFromHead: true, limit: pageSize };
      if (token) body.nextToken = token;
      const out = await aws<{ events?: LogEvent[]; nextForwardToken?: string }>('logs', 'GetLogEvents', body);
      const evs = out.events ?? [];
      // The forward token comes back unchanged once the end of the stream is reached.
      const more = evs.length > 0 && !!out.nextForwardToken && out.nextForwardToken !== token;
      return { events: evs, next: more ? out.nextForwardToken : undefined };
    }
    const body: Record<string, unknown> = { logGroupName: group, startTime: start, endTime: end, limit: pageSize };
    if (stream !== allStreams) body.logStreamNames = [stream];
    if (filter) body.filterPattern = filter;
    if (token) body.nextToken = token;
    const out = await aws<{ events?: LogEvent[]; nextToken?: string }>('logs', 'FilterLogEvents', body);
    return { events: out.events ?? [], next: out.nextToken };
  };

  const loadMore = async (token: string | undefined, my: number) => {
    setLoading(true);
    try {
      let page = await fetchPage(token);
      // A filtered search may return empty pages while it walks through
      // non-matching data; follow a few before waiting for the next scroll.
      for (let i = 0; i < 5 && page.events.length === 0 && page.next && my === gen.current; i++) {
        page = await fetchPage(page.next);
      }
      if (my !== gen.current) return;
      setEvents((prev) => (token ? [...prev, ...page.events] : page.events));
      setNext(page.next);
      setDone(!page.next);
    } catch (e) {
      if (my !== gen.current) return;
      if (filter && e instanceof AwsError && e.status === 400 && !token) {
        setFilterErr(e.message || errorText(e));
        setEvents([]);
        setDone(true);
      } else {
        setErr(e);
      }
    } finally {
      if (my === gen.current) setLoading(false);
    }
  };

  useEffect(() => {
    const my = ++gen.current;
    span.current = resolveRange(range);
    setEvents([]);
    setNext(undefined);
    setDone(false);
    setErr(null);
    setFilterErr('');
    loadMore(undefined, my);
  }, [group, stream, filter, params.range, reload]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || done || loading || !next) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore(next, gen.current);
    }, { rootMargin: '400px' });
    io.observe(el);
    return () => io.disconnect();
  }, [next, done, loading]);

  return (
    <section data-testid="log-events-page">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href={href.logs()}>Log groups</a> <span aria-hidden="true">/</span>
        <a href={href.logGroup(group)}>{group}</a> <span aria-hidden="true">/</span>
      </nav>
      <div class="page-header">
        <h1 data-testid="log-stream-name">{stream === allStreams ? 'All streams' : stream}</h1>
        <span class="spacer" />
        <TimeRangePicker value={range} onChange={(r) => setQuery({ range: r })} />
      </div>
      <form
        class="stack"
        style={{ gap: '4px', marginBottom: '12px' }}
        onSubmit={(e) => {
          e.preventDefault();
          // What the box holds now, even if its last input is not rendered
          // yet.
          const box = e.currentTarget.querySelector<HTMLInputElement>('[data-testid=filter-pattern]');
          const value = box ? box.value : draft;
          if (value === filter) setReload((n) => n + 1);
          else setQuery({ filter: value });
        }}
      >
        <div class="row">
          <input
            type="search"
            class={filterErr ? 'grow mono invalid' : 'grow mono'}
            placeholder='Filter pattern, e.g. ERROR -heartbeat or { $.level = "error" }'
            aria-label="Filter pattern"
            aria-invalid={filterErr ? 'true' : undefined}
            aria-describedby={filterErr ? 'filter-error' : undefined}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && draft) {
                e.preventDefault();
                setDraft('');
                setQuery({ filter: '' });
              }
            }}
            data-testid="filter-pattern"
          />
          <Button type="submit" variant="primary" data-testid="apply-filter">
            Search
          </Button>
        </div>
        {filterErr && (
          <div id="filter-error" class="field-error" role="alert" data-testid="filter-error">
            {filterErr}
          </div>
        )}
      </form>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      <div class="muted small" style={{ marginBottom: '6px' }} data-testid="events-count" aria-live="polite">
        {formatCount(events.length)} event{events.length === 1 ? '' : 's'}
        {done ? '' : ' loaded so far'}
      </div>
      {events.length > 0 ? (
        <div class="events" data-testid="log-events" role="list">
          {events.map((ev) => (
            <EventRow
              key={ev.eventId ?? `${ev.timestamp}-${ev.ingestionTime}-${ev.message.length}`}
              timestamp={ev.timestamp}
              message={ev.message}
              stream={stream === allStreams ? ev.logStreamName : undefined}
              re={re}
            />
          ))}
        </div>
      ) : (
        !loading && !filterErr && <EmptyState title="No events in this time range">{filter ? 'Nothing matches the filter pattern.' : 'Try a wider time range.'}</EmptyState>
      )}
      <div ref={sentinel} class="load-more">
        {loading ? <Spinner label="Loading events" /> : next ? <Button onClick={() => loadMore(next, gen.current)}>Load more</Button> : events.length > 0 ? 'End of events' : null}
      </div>
    </section>
  );
}
