import { useMemo, useState } from 'preact/hooks';
import { formatTime } from '../../ui/format';
import { Highlight } from '../../ui/highlight';
import { JsonView, parseJsonObject } from '../../ui/JsonView';

/**
 * One log event: a single line until opened, then the whole message, JSON
 * pretty-printed and foldable. Highlighted terms show in both forms.
 */
export function EventRow({
  timestamp,
  message,
  stream,
  group,
  re,
  testId = 'log-event',
}: {
  timestamp: number;
  message: string;
  stream?: string;
  group?: string;
  re: RegExp | null;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const json = useMemo(() => (open ? parseJsonObject(message) : undefined), [open, message]);
  return (
    <div class="event" data-testid={testId}>
      <button type="button" class="event-toggle" aria-expanded={open} aria-label={open ? 'Collapse event' : 'Expand event'} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      <div class="event-time" title={new Date(timestamp).toISOString()}>
        {formatTime(timestamp)}
      </div>
      <div class={open ? 'event-msg' : 'event-msg collapsed'} data-testid="log-event-message" onClick={() => !open && setOpen(true)}>
        {(group || stream) && (
          <div class="event-meta">
            {group && <span>{group}</span>}
            {group && stream && ' · '}
            {stream && <span>{stream}</span>}
          </div>
        )}
        {json ? <JsonView value={json} /> : <Highlight text={message} re={re} />}
      </div>
    </div>
  );
}
