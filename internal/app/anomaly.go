package app

import (
	"context"

	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// anomalyBands hands the metrics service's ANOMALY_DETECTION_BAND to the
// anomaly detectors service. That service trains on history it reads
// through the metrics service, so it is built after it and set here
// before the server takes requests.
type anomalyBands struct{ svc *anomalydetectors.Service }

var _ metrics.BandSource = (*anomalyBands)(nil)

// Band implements metrics.BandSource.
func (b *anomalyBands) Band(ctx context.Context, in metrics.BandInput) (lower, upper []float64, err error) {
	return b.svc.Band(ctx, in)
}
