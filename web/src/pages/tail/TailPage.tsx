import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { tail, type TailEvent } from '../../api';
import { href, navigate, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { formatCount } from '../../ui/format';
import { GroupPicker } from '../../ui/GroupPicker';
import { patternTerms, termMatcher } from '../../ui/highlight';
import { EventRow } from '../logs/EventRow';

/** Older events are dropped past this, so a busy tail cannot exhaust the tab. */
const keep = 5000;

type State = 'idle' | 'connecting' | 'live' | 'error';

/** New events of the chosen groups as they arrive, with pause, clear and highlights. */
export default function TailPage({ params }: PageProps) {
  const initialGroups = useMemo(() => (params.group ? params.group.split(',').filter(Boolean) : []), []);
  const [groups, setGroups] = useState<string[]>(initialGroups);
  const [pattern, setPattern] = useState(params.filter ?? '');
  const [running, setRunning] = useState<{ groups: string[]; pattern: string } | null>(
    initialGroups.length ? { groups: initialGroups, pattern: params.filter ?? '' } : null,
  );
  const [state, setState] = useState<State>('idle');
  const [error, setError] = useState('');
  const [events, setEvents] = useState<TailEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [highlight, setHighlight] = useState('');
  const pending = useRef<TailEvent[]>([]);
  const pausedRef = useRef(false);
  const frame = useRef(0);
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // A new link (another group) while the page is open restarts the tail there.
  const firstParams = useRef(true);
  useEffect(() => {
    if (firstParams.current) {
      firstParams.current = false;
      return;
    }
    const g = params.group ? params.group.split(',').filter(Boolean) : [];
    const f = params.filter ?? '';
    if (running && g.join(',') === running.groups.join(',') && f === running.pattern) return;
    setGroups(g);
    setPattern(f);
    setRunning(g.length ? { groups: g, pattern: f } : null);
  }, [params.group, params.filter]);

  const re = useMemo(
    () => termMatcher([...highlight.split(/[,\s]+/), ...patternTerms(running?.pattern ?? '')]),
    [highlight, running?.pattern],
  );

  // Bursts are applied once per frame rather than one render per event.
  const flush = () => {
    frame.current = 0;
    if (pausedRef.current) {
      setHeld(pending.current.length);
      return;
    }
    const batch = pending.current;
    pending.current = [];
    if (!batch.length) return;
    setEvents((prev) => {
      const all = prev.concat(batch);
      return all.length > keep ? all.slice(all.length - keep) : all;
    });
  };

  useEffect(() => {
    if (!running) {
      setState('idle');
      return;
    }
    setState('connecting');
    setError('');
    const stop = tail(
      running.groups,
      running.pattern,
      (e) => {
        setState('live');
        pending.current.push(e);
        if (pending.current.length > keep) pending.current.splice(0, pending.current.length - keep);
        if (!frame.current) frame.current = requestAnimationFrame(flush);
      },
      (msg) => {
        setState('error');
        setError(msg);
      },
      () => setState('live'),
    );
    return () => {
      stop();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [running]);

  useEffect(() => {
    const el = list.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [events]);

  const start = (e?: Event) => {
    e?.preventDefault();
    if (!groups.length) {
      setError('Pick at least one log group');
      return;
    }
    const p = pattern.trim();
    // Connecting until the new stream opens, so "live" never describes the old one.
    setState('connecting');
    setError('');
    setRunning({ groups: [...groups], pattern: p });
    navigate(href.tail({ group: groups.join(','), filter: p }));
  };

  const togglePause = () => {
    const next = !paused;
    pausedRef.current = next;
    setPaused(next);
    if (!next) {
      setHeld(0);
      flush();
    }
  };

  return (
    <section data-testid="tail-page">
      <div class="page-header">
        <h1>Live tail</h1>
        <span class="spacer" />
        <span class="tail-status" data-testid="tail-status" data-state={paused ? 'paused' : state} data-pattern={running?.pattern ?? ''} aria-live="polite">
          <span class={`dot ${paused ? 'paused' : state === 'live' ? 'live' : ''}`} aria-hidden="true" />
          {paused ? `Paused${held ? ` · ${formatCount(held)} new` : ''}` : state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting' : state === 'error' ? 'Stopped' : 'Not started'}
        </span>
      </div>
      <form class="card stack" style={{ marginBottom: '12px' }} onSubmit={start}>
        <GroupPicker value={groups} onChange={setGroups} testId="tail-groups" />
        <div class="row">
          <input
            type="search"
            class={error && state === 'error' ? 'grow mono invalid' : 'grow mono'}
            placeholder="Optional filter pattern"
            aria-label="Filter pattern"
            value={pattern}
            onInput={(e) => setPattern(e.currentTarget.value)}
            data-testid="tail-filter"
          />
          <Button type="submit" variant="primary" data-testid="tail-start">
            {running ? 'Restart' : 'Start'}
          </Button>
          {running && (
            <Button
              onClick={() => {
                setRunning(null);
                setPaused(false);
                pausedRef.current = false;
              }}
              data-testid="tail-stop"
            >
              Stop
            </Button>
          )}
        </div>
        {error && (
          <div class="field-error" role="alert" data-testid="tail-error">
            {error}
          </div>
        )}
      </form>
      <div class="toolbar">
        <Button onClick={togglePause} disabled={!running} aria-pressed={paused} data-testid="tail-pause">
          {paused ? 'Resume' : 'Pause'}
        </Button>
        <Button
          onClick={() => {
            setEvents([]);
            pending.current = [];
            setHeld(0);
          }}
          data-testid="tail-clear"
        >
          Clear
        </Button>
        <input
          type="text"
          class="grow"
          placeholder="Highlight terms (space or comma separated)"
          aria-label="Highlight terms"
          value={highlight}
          onInput={(e) => setHighlight(e.currentTarget.value)}
          data-testid="tail-highlight"
        />
        <span class="muted small" data-testid="tail-count">
          {formatCount(events.length)} event{events.length === 1 ? '' : 's'}
        </span>
      </div>
      <div
        ref={list}
        class="events tail-list"
        role="log"
        aria-label="Live events"
        tabIndex={0}
        data-testid="tail-events"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 30;
        }}
      >
        {events.length === 0 ? (
          <EmptyState title={running ? 'Waiting for events' : 'Pick log groups and start'}>
            {running ? 'New events appear here as they are written.' : null}
          </EmptyState>
        ) : (
          events.map((ev) => (
            <EventRow key={ev.eventId} timestamp={ev.timestamp} message={ev.message} group={running && running.groups.length > 1 ? ev.logGroupName : undefined} stream={ev.logStreamName} re={re} testId="tail-event" />
          ))
        )}
      </div>
    </section>
  );
}
