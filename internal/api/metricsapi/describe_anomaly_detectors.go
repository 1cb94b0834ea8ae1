package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
)

type describeAnomalyDetectorsInput struct {
	NextToken            *string     `json:"NextToken,omitempty"`
	MaxResults           *int32      `json:"MaxResults,omitempty"`
	Namespace            *string     `json:"Namespace,omitempty"`
	MetricName           *string     `json:"MetricName,omitempty"`
	Dimensions           []dimension `json:"Dimensions,omitempty"`
	AnomalyDetectorTypes []string    `json:"AnomalyDetectorTypes,omitempty"`
}

// anomalyDetector is the AnomalyDetector shape. A single-metric detector
// also fills the deprecated top-level members, which older clients read.
type anomalyDetector struct {
	Namespace                   *string                       `json:"Namespace,omitempty"`
	MetricName                  *string                       `json:"MetricName,omitempty"`
	Dimensions                  []dimension                   `json:"Dimensions,omitempty"`
	Stat                        *string                       `json:"Stat,omitempty"`
	Configuration               *anomalyDetectorConfiguration `json:"Configuration,omitempty"`
	StateValue                  *string                       `json:"StateValue,omitempty"`
	MetricCharacteristics       *metricCharacteristics        `json:"MetricCharacteristics,omitempty"`
	SingleMetricAnomalyDetector *singleMetricAnomalyDetector  `json:"SingleMetricAnomalyDetector,omitempty"`
	MetricMathAnomalyDetector   *metricMathAnomalyDetector    `json:"MetricMathAnomalyDetector,omitempty"`
}

type describeAnomalyDetectorsOutput struct {
	AnomalyDetectors []anomalyDetector `json:"AnomalyDetectors"`
	NextToken        *string           `json:"NextToken,omitempty"`
}

func (a *API) describeAnomalyDetectors(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.anomalyService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[describeAnomalyDetectorsInput](c)
	if err != nil {
		return nil, err
	}
	res, err := svc.DescribeAnomalyDetectors(ctx, c.Principal.AccountID, anomalydetectors.DescribeInput{
		Namespace: str(in.Namespace), MetricName: str(in.MetricName), Dimensions: toDimensions(in.Dimensions),
		Types: in.AnomalyDetectorTypes, MaxResults: int(i32(in.MaxResults)), NextToken: str(in.NextToken),
	})
	if err != nil {
		return nil, anomalyError(err)
	}
	out := describeAnomalyDetectorsOutput{AnomalyDetectors: make([]anomalyDetector, len(res.Detectors)), NextToken: opt(res.NextToken)}
	for i, d := range res.Detectors {
		w := anomalyDetector{Configuration: fromConfiguration(d.Configuration), StateValue: opt(d.State),
			MetricCharacteristics: &metricCharacteristics{PeriodicSpikes: d.PeriodicSpikes}}
		if s := d.Single; s != nil {
			dims := fromDimensions(s.Dimensions)
			w.Namespace, w.MetricName, w.Dimensions, w.Stat = opt(s.Namespace), opt(s.MetricName), dims, opt(s.Stat)
			w.SingleMetricAnomalyDetector = &singleMetricAnomalyDetector{AccountID: opt(s.AccountID), Namespace: opt(s.Namespace),
				MetricName: opt(s.MetricName), Dimensions: dims, Stat: opt(s.Stat)}
		}
		if m := d.MetricMath; m != nil {
			w.MetricMathAnomalyDetector = &metricMathAnomalyDetector{MetricDataQueries: fromDataQueries(m.Queries)}
		}
		out.AnomalyDetectors[i] = w
	}
	return out, nil
}
