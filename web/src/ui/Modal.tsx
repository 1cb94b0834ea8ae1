import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from './Button';
import { errorText } from './ErrorBanner';

/**
 * A modal on the native dialog element: the browser traps focus, closes it on
 * Escape and restores focus afterwards, which hand-made overlays get wrong.
 */
export function Modal({
  open,
  title,
  onClose,
  children,
  footer,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="modal"
      aria-label={title}
      data-testid={testId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div class="modal-inner">
          <header class="modal-header">
            <h2>{title}</h2>
            <button type="button" class="btn btn-ghost btn-small" aria-label="Close" onClick={onClose}>
              ×
            </button>
          </header>
          <div class="modal-body">{children}</div>
          {footer && <footer class="modal-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}

/** Asks before something that cannot be undone. */
export function ConfirmModal({
  open,
  title,
  message,
  confirmLabel = 'Delete',
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  message: ComponentChildren;
  confirmLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onClose={onClose}
      testId="confirm-modal"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" busy={busy} onClick={onConfirm} data-testid="confirm-button">
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p>{message}</p>
    </Modal>
  );
}

/** busy and error state around one async action, the shape every form modal needs. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setErr('');
    try {
      await fn();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, err, setErr, run };
}

/** A modal holding a form: Enter submits, Escape cancels, errors show above the buttons. */
export function FormModal({
  open,
  title,
  onClose,
  onSubmit,
  busy,
  err,
  submitLabel,
  testId,
  submitTestId,
  errorTestId,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  err: string;
  submitLabel: string;
  testId?: string;
  submitTestId?: string;
  errorTestId?: string;
  children: ComponentChildren;
}) {
  return (
    <Modal open={open} title={title} onClose={onClose} testId={testId}>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        {err && (
          <div class="field-error" role="alert" data-testid={errorTestId}>
            {err}
          </div>
        )}
        <div class="row" style={{ justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid={submitTestId}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
