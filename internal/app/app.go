// Package app is the composition root: the only package that wires the
// HTTP edge, the services and the storage together. `openwatch serve` calls
// Run; tests call New and Serve on 127.0.0.1:0.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/openwatch/openwatch/internal/api"
	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/api/eventsapi"
	"github.com/openwatch/openwatch/internal/api/logsapi"
	"github.com/openwatch/openwatch/internal/api/metricsapi"
	"github.com/openwatch/openwatch/internal/api/sigv4"
	"github.com/openwatch/openwatch/internal/config"
	"github.com/openwatch/openwatch/internal/memlimit"
	"github.com/openwatch/openwatch/internal/service/accounts"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
	"github.com/openwatch/openwatch/internal/service/dashboards"
	"github.com/openwatch/openwatch/internal/service/events"
	"github.com/openwatch/openwatch/internal/service/insights"
	"github.com/openwatch/openwatch/internal/service/livetail"
	"github.com/openwatch/openwatch/internal/service/logs"
	"github.com/openwatch/openwatch/internal/service/metrics"
	"github.com/openwatch/openwatch/internal/storage/catalog"
	"github.com/openwatch/openwatch/internal/storage/logstore"
	"github.com/openwatch/openwatch/internal/storage/metricstore"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// File and directory names inside the data directory.
const (
	catalogFile     = "catalog.db"
	logsDir         = "logs"
	metricsDir      = "metrics"
	credentialsFile = "credentials"
)

// App is a running OpenWatch server.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	cat      *catalog.Catalog
	store    *logstore.Store
	accounts *accounts.Service
	insights *insights.Service
	// retention drops expired log data in the background.
	retention *retentionJob
	root      *api.Server
	srv       *http.Server
	out       io.Writer

	// metricStore keeps CloudWatch metrics; metricsMaint runs its Compact
	// and Checkpoint in the background.
	metricStore  *metricstore.Store
	metricsMaint *maintainer
	// alarmEval evaluates metric alarms in the background.
	alarmEval *alarms.Scheduler
	// topics serves SNS-compatible topics, delivers their messages and
	// carries out alarm actions.
	topics *topicsStack
	// events matches and delivers EventBridge events; eventSched fires
	// its schedule rules.
	events     *events.Service
	eventSched *events.Scheduler
}

// New opens the storage under cfg.DataDir, bootstraps access keys and
// builds the HTTP server. out receives the one-time message about a newly
// created key.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer) (_ *App, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create data directory %q: %w", cfg.DataDir, err)
	}
	a := &App{cfg: cfg, log: log, out: out}
	defer func() {
		if err != nil {
			a.closeStorage()
		}
	}()
	if a.cat, err = catalog.OpenSQLite(ctx, filepath.Join(cfg.DataDir, catalogFile)); err != nil {
		return nil, fmt.Errorf("cannot open catalog: %w", err)
	}
	if a.store, err = logstore.Open(ctx, vfs.Default, filepath.Join(cfg.DataDir, logsDir), logstore.Options{Logger: log}); err != nil {
		return nil, fmt.Errorf("cannot open log store: %w", err)
	}
	if a.metricStore, err = metricstore.Open(ctx, vfs.Default, filepath.Join(cfg.DataDir, metricsDir), metricstore.Options{}); err != nil {
		return nil, fmt.Errorf("cannot open metric store: %w", err)
	}
	a.accounts = accounts.New(a.cat)
	if err := a.bootstrap(ctx); err != nil {
		return nil, err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(a.store.Collectors()...)
	a.retention = startRetention(a.cat, a.store, log)
	if err := registerMetricStoreGauges(reg, a.metricStore); err != nil {
		return nil, err
	}
	bands := &anomalyBands{}
	metricsSvc := metrics.New(metricStore{a.metricStore}, metrics.Options{Bands: bands})
	bands.svc = anomalydetectors.New(a.cat, metricsSvc, anomalydetectors.Options{})
	a.metricsMaint = startMetricsMaintenance(a.metricStore, log)
	// Metric filters and Embedded Metric Format turn acknowledged log
	// events into datapoints of the metrics service; live tail pushes
	// them to the console.
	mfObserver := logs.NewMetricFilterObserver(a.cat, metricsSvc, logs.ObserverOptions{Logger: log})
	emfObserver := logs.NewEMFObserver(metricsSvc, logs.ObserverOptions{Logger: log})
	reg.MustRegister(mfObserver.Collectors()...)
	reg.MustRegister(emfObserver.Collectors()...)
	liveTail := livetail.NewHub(a.cat, 0)
	logsSvc := logs.New(a.cat, a.store, logs.Options{Logger: log, Observers: []logs.IngestObserver{mfObserver, emfObserver, liveTail}})
	// The logs service exists before anything that delivers into it or
	// reads evidence from it starts.
	if a.topics, err = startTopics(cfg, a.cat, logsSvc, reg, log); err != nil {
		return nil, err
	}
	a.events = events.New(a.cat, eventsOptions(a.topics, eventLogs{logsSvc}, log))
	reg.MustRegister(a.events.Collectors()...)
	alarmsSvc := alarms.New(a.cat, alarmMetrics{metricsSvc}, alarms.Options{Observers: append([]alarms.StateObserver{alarmEvents{a.events}}, a.topics.observers()...)})
	a.alarmEval = alarms.NewScheduler(alarmsSvc, alarms.SchedulerOptions{Logger: log})
	a.alarmEval.Start()
	a.eventSched = events.NewScheduler(a.events, events.SchedulerOptions{Logger: log})
	a.eventSched.Start()
	a.insights = insights.New(a.cat, a.store, insights.Options{Logger: log})
	dashSvc := dashboards.New(a.cat, dashboards.Options{})
	a.root = api.NewServer(api.Options{
		Services: []awsproto.Service{
			logsapi.New(logsSvc, a.insights).Service(),
			eventsapi.New(a.events).Service(),
			a.topics.service(),
			metricsapi.New(metricsSvc, metricsapi.WithDashboards(dashSvc),
				metricsapi.WithAlarms(alarmsSvc), metricsapi.WithAnomalyDetectors(bands.svc)).Service(),
		},
		Verifier:     &sigv4.Verifier{Lookup: a.accounts.Lookup},
		MaxBodyBytes: cfg.MaxRequestBytes,
		Logger:       log,
		Registry:     reg,
	})
	a.srv = &http.Server{
		Handler:           a.topics.handler(a.root),
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if err := a.mountConsole(liveTail, dashSvc); err != nil {
		return nil, err
	}
	return a, nil
}

// bootstrap ensures the environment's key, or creates a first key on a
// fresh data directory and tells the operator how to use it.
func (a *App) bootstrap(ctx context.Context) error {
	var env *accounts.BootstrapKey
	if b := a.cfg.Bootstrap; b != nil {
		env = &accounts.BootstrapKey{AccountID: b.AccountID, AccessKeyID: b.AccessKeyID, Secret: b.Secret}
	}
	k, err := a.accounts.Bootstrap(ctx, env)
	if err != nil {
		return fmt.Errorf("cannot bootstrap access keys: %w", err)
	}
	if k == nil {
		return nil
	}
	path := filepath.Join(a.cfg.DataDir, credentialsFile)
	if err := writeCredentials(path, k.ID, k.Secret); err != nil {
		return err
	}
	abs, _ := filepath.Abs(path)
	fmt.Fprintf(a.out, `OpenWatch created the first access key of account %s (administrator):

  aws_access_key_id     = %s
  aws_secret_access_key = %s

It is shown once and saved in AWS shared-credentials format in %s. Use it with:

  export AWS_SHARED_CREDENTIALS_FILE=%s AWS_REGION=us-east-1
  aws --endpoint-url http://%s logs describe-log-groups

`, k.AccountID, k.ID, k.Secret, abs, abs, a.cfg.Addr)
	return nil
}

func writeCredentials(path, id, secret string) error {
	body := fmt.Sprintf("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n", id, secret)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		return fmt.Errorf("cannot write credentials file %q: %w", path, err)
	}
	return nil
}

// Handler is the root HTTP handler, for in-process tests.
func (a *App) Handler() http.Handler { return a.root }

// Serve accepts connections on ln until ctx is cancelled, then drains
// in-flight requests (bounded by the shutdown timeout) and closes the
// storage so everything acknowledged is flushed.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve(ln) }()
	a.root.SetReady(true)
	a.log.Info("OpenWatch is serving", "addr", ln.Addr().String(), "data_dir", a.cfg.DataDir)

	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("http server stopped: %w", err)
	case <-ctx.Done():
	}
	a.root.SetReady(false)
	a.log.Info("OpenWatch is draining in-flight requests")
	if a.insights != nil {
		a.insights.EndWaits()
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := a.srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Warn("drain did not finish", "err", err)
	}
	err := errors.Join(serveErr, a.closeStorage())
	if err == nil {
		a.log.Info("OpenWatch stopped cleanly")
	}
	return err
}

func (a *App) closeStorage() error {
	var errs []error
	// Events go first: their deliveries write to the log store.
	if a.eventSched != nil {
		a.eventSched.Stop()
		a.eventSched = nil
	}
	if a.events != nil {
		ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
		a.events.Close(ctx)
		cancel()
		a.events = nil
	}
	if a.insights != nil {
		a.insights.Close()
		a.insights = nil
	}
	if a.retention != nil {
		a.retention.stop()
		a.retention = nil
	}
	if a.alarmEval != nil {
		a.alarmEval.Stop()
		a.alarmEval = nil
	}
	// After the alarms, whose actions enqueue deliveries.
	if a.topics != nil {
		a.topics.stop()
		a.topics = nil
	}
	if a.metricsMaint != nil {
		a.metricsMaint.stop()
		a.metricsMaint = nil
	}
	if a.metricStore != nil {
		if err := a.metricStore.Close(); err != nil {
			errs = append(errs, fmt.Errorf("cannot close metric store: %w", err))
		}
		a.metricStore = nil
	}
	if a.store != nil {
		if err := a.store.Close(); err != nil {
			errs = append(errs, fmt.Errorf("cannot close log store: %w", err))
		}
		a.store = nil
	}
	if a.cat != nil {
		if err := a.cat.Close(); err != nil {
			errs = append(errs, fmt.Errorf("cannot close catalog: %w", err))
		}
		a.cat = nil
	}
	return errors.Join(errs...)
}

// Run starts OpenWatch on cfg.Addr and serves until ctx is cancelled.
func Run(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer) error {
	a, err := New(ctx, cfg, log, out)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return errors.Join(fmt.Errorf("cannot listen on %s: %w", cfg.Addr, err), a.closeStorage())
	}
	if cfg.MemoryLimitMB > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// GOGC stays the runtime's: a larger one (400 was tried) let an
		// ingesting heap sit at the limit, and writing each request's
		// fresh megabyte into memory cycled through 900 MB cost more CPU
		// (about a tenth of the ingest) than the extra collections; queries
		// ran as fast with it and peaked at 540 MB instead of 910. The
		// limit covers the log store's message chunks, which are mapped
		// outside the heap.
		memlimit.Set(cfg.MemoryLimitMB << 20)
	}
	if cfg.DebugAddr != "" {
		if err := serveDebug(ctx, cfg.DebugAddr, log); err != nil {
			return errors.Join(err, ln.Close(), a.closeStorage())
		}
	}
	return a.Serve(ctx, ln)
}
