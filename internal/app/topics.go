package app

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/api/snsapi"
	"github.com/openwatch/openwatch/internal/config"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarmactions"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/delivery"
	"github.com/openwatch/openwatch/internal/service/logs"
	"github.com/openwatch/openwatch/internal/service/topics"
	"github.com/openwatch/openwatch/internal/storage/catalog"
)

// topicsStack is the SNS-compatible topics with their delivery outbox and
// the alarm actions that publish to them.
type topicsStack struct {
	deliverer *delivery.Deliverer
	// svc is the topics service, signing what it delivers; other
	// publishers (the event bus) should publish through it.
	svc     *topics.Service
	api     *snsapi.API
	actions *alarmactions.Observer
	maxBody int64
	signer  *signingKey
	log     *slog.Logger
}

// startTopics builds the topics stack and starts the deliverer, which
// resumes whatever the outbox still holds.
func startTopics(cfg config.Config, cat *catalog.Catalog, logsSvc *logs.Service, reg *prometheus.Registry, log *slog.Logger) (*topicsStack, error) {
	signer := &signingKey{dir: cfg.DataDir}
	transports := map[string]delivery.Transport{}
	if cfg.SMTP.Addr != "" {
		transports["mailto"] = &delivery.SMTPTransport{Addr: cfg.SMTP.Addr, From: cfg.SMTP.From,
			Username: cfg.SMTP.Username, Password: cfg.SMTP.Password}
	}
	d := delivery.New(cat, delivery.Options{
		Logger: log, Transports: transports, MaxAttempts: cfg.Delivery.MaxAttempts,
		MinBackoff: cfg.Delivery.MinBackoff, MaxBackoff: cfg.Delivery.MaxBackoff,
	})
	reg.MustRegister(d.Collectors()...)
	svc := topics.New(cat, d, topics.Options{PublicURL: cfg.PublicURL, EmailEnabled: cfg.SMTP.Addr != "",
		Signer: signer})
	actions := alarmactions.New(svc, cat, cat, logEvidence{logsSvc}, alarmactions.Options{Logger: log, MaxEvidenceEvents: cfg.AlarmEvidenceEvents})
	d.Start()
	return &topicsStack{deliverer: d, svc: svc, api: snsapi.New(svc), actions: actions, maxBody: cfg.MaxRequestBytes, signer: signer, log: log}, nil
}

// service is the SNS API for the dispatcher.
func (t *topicsStack) service() awsproto.Service { return t.api.Service() }

// observers are the alarm state observers the stack adds.
func (t *topicsStack) observers() []alarms.StateObserver { return []alarms.StateObserver{t.actions} }

// handler serves the unsigned SubscribeURL and UnsubscribeURL links and
// the signing certificate in front of next.
func (t *topicsStack) handler(next http.Handler) http.Handler {
	return t.api.WithLinks(next, snsapi.LinkOptions{Logger: t.log, MaxBodyBytes: t.maxBody,
		CertificatePath: signingCertPath, Certificate: t.signer.certificate})
}

// stop ends the deliverer; pending deliveries stay in the outbox.
func (t *topicsStack) stop() { t.deliverer.Stop() }

// logEvidence adapts the logs service to alarmactions.LogSearch.
type logEvidence struct{ svc *logs.Service }

var _ alarmactions.LogSearch = logEvidence{}

func (l logEvidence) MetricFilters(ctx context.Context, accountID, namespace, metricName string) ([]model.MetricFilter, error) {
	c := logs.Caller{AccountID: accountID}
	in := logs.DescribeMetricFiltersInput{MetricName: &metricName, MetricNamespace: &namespace}
	var out []model.MetricFilter
	for {
		page, next, err := l.svc.DescribeMetricFilters(ctx, c, in)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		in.NextToken = &next
	}
}

func (l logEvidence) MatchingEvents(ctx context.Context, accountID, group, pattern string, start, end int64, limit int) ([]alarmactions.LogEvent, bool, error) {
	c := logs.Caller{AccountID: accountID}
	in := logs.FilterLogEventsInput{GroupName: group, StartTime: &start, EndTime: &end}
	if pattern != "" {
		in.Pattern = &pattern
	}
	var out []alarmactions.LogEvent
	for {
		// One more than asked tells whether there are more.
		n := int32(limit + 1 - len(out))
		in.Limit = &n
		page, err := l.svc.FilterLogEvents(ctx, c, in)
		if err != nil {
			return nil, false, err
		}
		for _, e := range page.Events {
			out = append(out, alarmactions.LogEvent{StreamName: e.StreamName, Timestamp: e.Timestamp, Message: e.Message})
		}
		if len(out) > limit {
			return out[:limit], true, nil
		}
		if page.NextToken == "" {
			return out, false, nil
		}
		in.NextToken = &page.NextToken
	}
}
