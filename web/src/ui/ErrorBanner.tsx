import { AwsError } from '../api';

/** The text a person should read for any thrown value. */
export function errorText(error: unknown): string {
  if (error instanceof AwsError) return error.type && error.type !== error.message ? `${error.type}: ${error.message}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner">
      <span class="banner-text">{errorText(error)}</span>
      {onDismiss && (
        <button type="button" class="btn btn-ghost btn-small" aria-label="Dismiss error" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
