const labels: Record<string, string> = { ALARM: 'In alarm', OK: 'OK', INSUFFICIENT_DATA: 'Insufficient data' };

/** StateBadge shows an alarm state with its colour and a text label, so colour is never the only cue. */
export function StateBadge({ state }: { state: string }) {
  const cls = state === 'ALARM' ? 'state-alarm' : state === 'OK' ? 'state-ok' : 'state-insufficient';
  return (
    <span class={`state-badge ${cls}`} data-testid="state-badge" data-state={state}>
      {labels[state] ?? state}
    </span>
  );
}
