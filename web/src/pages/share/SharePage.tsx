import { useEffect, useMemo, useState } from 'preact/hooks';
import { AwsError, sharedDashboard } from '../../api';
import { parseBody } from '../../dashboards/body';
import type { PageProps } from '../../router';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Spinner } from '../../ui/Spinner';
import type { TimeRange } from '../../ui/TimeRangePicker';
import { DashboardView } from '../dashboards/DashboardView';
import type { GridItem } from '../dashboards/Grid';
import { bodyRange } from '../dashboards/range';

/**
 * SharePage shows a shared dashboard read-only to anyone holding the link.
 * The token is the only credential: every AWS call goes through the share's
 * own door, which allows just the reads the dashboard needs.
 */
export default function SharePage({ params }: PageProps) {
  const token = params.token;
  const [state, setState] = useState<{ name: string; items: GridItem[]; periodOverride?: string } | null>(null);
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', minutes: 180 });
  const [gone, setGone] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const opts = useMemo(() => ({ shareToken: token }), [token]);

  useEffect(() => {
    let live = true;
    setState(null);
    setGone(false);
    setErr(null);
    sharedDashboard(token).then(
      (d) => {
        if (!live) return;
        try {
          const body = parseBody(d.dashboardBody);
          setState({
            name: d.dashboardName,
            items: body.widgets.map((widget, i) => ({ id: `s${i}`, widget })),
            periodOverride: typeof body.periodOverride === 'string' ? body.periodOverride : undefined,
          });
          setRange(bodyRange(body));
        } catch (e) {
          setErr(e);
        }
      },
      (e) => {
        if (!live) return;
        if (e instanceof AwsError && (e.status === 404 || e.status === 403)) setGone(true);
        else setErr(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  if (gone) {
    return (
      <main class="share-page" data-testid="share-invalid">
        <div class="empty">
          <p class="empty-title">This link is no longer valid</p>
          <p>The dashboard's owner revoked it, or it never existed. Ask them for a new link.</p>
        </div>
      </main>
    );
  }
  if (err) {
    return (
      <main class="share-page">
        <ErrorBanner error={err} />
      </main>
    );
  }
  if (!state) return <Spinner label="Loading shared dashboard" />;
  return (
    <main class="share-page" data-testid="share-page">
      <header class="share-header">
        <span class="brand">
          <span class="brand-mark">◉</span> OpenWatch
        </span>
        <h1 data-testid="dashboard-name">{state.name}</h1>
        <span class="muted small">Shared dashboard · read-only</span>
      </header>
      <DashboardView items={state.items} periodOverride={state.periodOverride} range={range} onRange={setRange} aws={opts} readOnly />
    </main>
  );
}
