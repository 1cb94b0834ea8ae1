package snsapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/topics"
)

// linkActions are the operations a delivered link names. They are the
// only ones served without a signature: a SubscribeURL carries its token,
// which is the secret, and an UnsubscribeURL the subscription's random ARN,
// as on SNS.
var linkActions = map[string]bool{"ConfirmSubscription": true, "Unsubscribe": true}

// isLink reports whether r is an unsigned GET of a delivered link: path
// "/", Action ConfirmSubscription or Unsubscribe, and no trace of a
// signature, in the header or the query. A request with any signature goes
// through normal verification, so a bad one is still refused.
func isLink(r *http.Request) bool {
	if r.Method != http.MethodGet || r.URL.Path != "/" || r.Header.Get("Authorization") != "" || r.Header.Get("X-Amz-Target") != "" {
		return false
	}
	q := r.URL.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-") {
			return false
		}
	}
	return len(q["Action"]) == 1 && linkActions[q.Get("Action")]
}

// LinkOptions configure WithLinks.
type LinkOptions struct {
	Logger       *slog.Logger
	MaxBodyBytes int64
	// Certificate, when set, returns the PEM certificate that verifies
	// message signatures, served at CertificatePath (the SigningCertURL).
	CertificatePath string
	Certificate     func() ([]byte, error)
}

// WithLinks returns a handler that serves followed SubscribeURL and
// UnsubscribeURL links and the signing certificate itself, and passes
// every other request to next.
func (a *API) WithLinks(next http.Handler, opts LinkOptions) http.Handler {
	links := awsproto.NewHandler(awsproto.Options{
		Services: []awsproto.Service{{
			TargetPrefix: TargetPrefix,
			SigningName:  SigningName,
			Protocols:    []awsproto.Protocol{awsproto.Query{Version: APIVersion, Namespace: XMLNamespace}},
			Operations: map[string]awsproto.Handler{
				"ConfirmSubscription": a.followSubscribeURL,
				"Unsubscribe":         a.followUnsubscribeURL,
			},
			Errors: awsproto.SNSErrors(),
		}},
		Auth:         linkAuth{},
		MaxBodyBytes: opts.MaxBodyBytes,
		Logger:       opts.Logger,
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case isLink(r):
			links.ServeHTTP(w, r)
		case opts.Certificate != nil && r.URL.Path == opts.CertificatePath && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			serveCertificate(w, r, opts)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func unsigned(c *awsproto.Call) topics.Caller {
	who := caller(c)
	who.Unsigned = true
	return who
}

func (a *API) followSubscribeURL(ctx context.Context, c *awsproto.Call) (any, error) {
	return a.confirm(ctx, c, unsigned(c))
}

func (a *API) followUnsubscribeURL(ctx context.Context, c *awsproto.Call) (any, error) {
	return a.unsubscribeAs(ctx, c, unsigned(c))
}

// linkAuth stands in for SigV4 on links: the request acts in the account
// its topic or subscription ARN names, and the service checks the token
// or the subscription.
type linkAuth struct{}

func (linkAuth) Authenticate(_ context.Context, r *http.Request, _ []byte) (awsproto.Identity, error) {
	q := r.URL.Query()
	arn, param := q.Get("TopicArn"), "TopicArn"
	if q.Get("Action") == "Unsubscribe" {
		param = "SubscriptionArn"
		arn = q.Get(param)
		if i := strings.LastIndexByte(arn, ':'); i >= 0 {
			arn = arn[:i]
		}
	}
	region, acct, _, ok := topics.ParseTopicARN(arn)
	if !ok {
		return awsproto.Identity{}, snsError(model.ErrInvalidParameter, "Invalid parameter: "+param)
	}
	return awsproto.Identity{Principal: model.Principal{AccountID: acct}, Region: region, Service: SigningName}, nil
}

// snsError is an APIError in SNS's names, for failures before the
// dispatcher knows the service (authentication).
func snsError(kind error, msg string) *awsproto.APIError {
	for _, ec := range awsproto.SNSErrors() {
		if ec.Kind == kind {
			return &awsproto.APIError{Code: ec.Code, QueryCode: ec.QueryCode, Message: msg, Status: ec.Status}
		}
	}
	return awsproto.NewError("InvalidParameterException", msg)
}

func serveCertificate(w http.ResponseWriter, r *http.Request, opts LinkOptions) {
	cert, err := opts.Certificate()
	if err != nil {
		if opts.Logger != nil {
			opts.Logger.Error("cannot serve the message-signing certificate", "err", err)
		}
		http.Error(w, "the certificate is unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Length", strconv.Itoa(len(cert)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(cert)
	}
}
