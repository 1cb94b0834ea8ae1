import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageModule, PageProps } from '../router';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';

const loaded = new Map<() => Promise<PageModule>, ComponentType<PageProps>>();

/** Loads a page's chunk on first use and renders it with the route's parameters. */
export function LazyPage({ load, params }: { load: () => Promise<PageModule>; params: Record<string, string> }) {
  const [Comp, setComp] = useState<ComponentType<PageProps> | undefined>(() => loaded.get(load));
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => {
    const known = loaded.get(load);
    if (known) {
      setComp(() => known);
      return;
    }
    let live = true;
    setComp(undefined);
    setErr(null);
    load().then(
      (m) => {
        loaded.set(load, m.default);
        if (live) setComp(() => m.default);
      },
      (e) => live && setErr(e),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (err) return <ErrorBanner error={err} />;
  if (!Comp) return <Spinner label="Loading page" />;
  return <Comp params={params} />;
}
