export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div class="spinner-wrap" role="status" aria-live="polite" data-testid="spinner">
      <span class="spinner" aria-hidden="true" />
      <span class="spinner-label">{label}…</span>
    </div>
  );
}
