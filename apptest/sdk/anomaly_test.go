package sdk

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/openwatch/openwatch/internal/cli"
)

// anomalyClient is a CloudWatch client on the transport every SDK test
// uses.
func anomalyClient(url string) *cloudwatch.Client {
	return cloudwatch.New(cloudwatch.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(testKeyID, testSecret, ""),
		HTTPClient:       cli.NewHTTPClient(),
		RetryMaxAttempts: 1,
	})
}

// seasonalNoise is a deterministic pseudo-random number in [-1, 1).
func seasonalNoise(i int) float64 {
	x := uint32(i)*2654435761 + 12345
	x ^= x >> 13
	x *= 0x5bd1e995
	x ^= x >> 15
	return float64(x%20000)/10000 - 1
}

// seasonalValue is a metric with a daily cycle, flatter at the weekend,
// and noise that changes every five minutes. The cycles meet at
// midnight, so a period across two days is not unusual.
func seasonalValue(ts time.Time, _ int) float64 {
	hour := float64(ts.Hour()) + float64(ts.Minute())/60
	amplitude := 50.0
	if wd := ts.Weekday(); wd == time.Saturday || wd == time.Sunday {
		amplitude = 30
	}
	return 100 + amplitude*math.Sin(2*math.Pi*hour/24) + 6*seasonalNoise(int(ts.Unix()/300))
}

// putSeries puts one value a minute from base, n of them, 1000 a request.
func putSeries(t *testing.T, c *cloudwatch.Client, ns, name string, dims []types.Dimension, base time.Time, n int, f func(time.Time, int) float64) {
	t.Helper()
	for from := 0; from < n; from += 1000 {
		in := &cloudwatch.PutMetricDataInput{Namespace: aws.String(ns)}
		for i := from; i < min(from+1000, n); i++ {
			ts := base.Add(time.Duration(i) * time.Minute)
			in.MetricData = append(in.MetricData, types.MetricDatum{MetricName: aws.String(name), Dimensions: dims,
				Timestamp: aws.Time(ts), Value: aws.Float64(f(ts, i))})
		}
		if _, err := c.PutMetricData(context.Background(), in); err != nil {
			t.Fatalf("PutMetricData %s: %v", name, err)
		}
	}
}

func TestAnomalyDetectionSDK(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := anomalyClient(s.URL)
	ctx := context.Background()

	// Two weeks of minutes (as much as PutMetricData takes) up to the
	// last whole minute; the spiky host's last three minutes jump far
	// above the pattern.
	now := time.Now().UTC().Truncate(time.Minute)
	const n = 14*24*60 - 10
	base := now.Add(-n * time.Minute)
	spikeFrom := n - 3
	spiky := []types.Dimension{dim("Host", "spiky")}
	calm := []types.Dimension{dim("Host", "calm")}
	putSeries(t, c, "App/Anomaly", "Latency", spiky, base, n, func(ts time.Time, i int) float64 {
		if i >= spikeFrom {
			return seasonalValue(ts, i) + 400
		}
		return seasonalValue(ts, i)
	})
	putSeries(t, c, "App/Anomaly", "Latency", calm, base, n, seasonalValue)

	_, err := c.PutAnomalyDetector(ctx, &cloudwatch.PutAnomalyDetectorInput{
		SingleMetricAnomalyDetector: &types.SingleMetricAnomalyDetector{
			Namespace: aws.String("App/Anomaly"), MetricName: aws.String("Latency"), Dimensions: spiky, Stat: aws.String("Average"),
		},
		Configuration: &types.AnomalyDetectorConfiguration{
			MetricTimezone:     aws.String("UTC"),
			ExcludedTimeRanges: []types.Range{{StartTime: aws.Time(base.Add(-48 * time.Hour)), EndTime: aws.Time(base.Add(-24 * time.Hour))}},
		},
	})
	if err != nil {
		t.Fatalf("PutAnomalyDetector: %v", err)
	}

	t.Run("describe", func(t *testing.T) {
		out, err := c.DescribeAnomalyDetectors(ctx, &cloudwatch.DescribeAnomalyDetectorsInput{
			Namespace: aws.String("App/Anomaly"), Dimensions: spiky,
		})
		if err != nil {
			t.Fatalf("DescribeAnomalyDetectors: %v", err)
		}
		if len(out.AnomalyDetectors) != 1 {
			t.Fatalf("detectors: %+v", out.AnomalyDetectors)
		}
		d := out.AnomalyDetectors[0]
		sm := d.SingleMetricAnomalyDetector
		if sm == nil || aws.ToString(sm.MetricName) != "Latency" || aws.ToString(sm.Stat) != "Average" || len(sm.Dimensions) != 1 ||
			d.StateValue != types.AnomalyDetectorStateValueTrained || d.Configuration == nil ||
			aws.ToString(d.Configuration.MetricTimezone) != "UTC" || len(d.Configuration.ExcludedTimeRanges) != 1 ||
			!d.Configuration.ExcludedTimeRanges[0].StartTime.Equal(base.Add(-48*time.Hour)) {
			t.Fatalf("detector: %+v %+v %+v", d, sm, d.Configuration)
		}
	})

	t.Run("band", func(t *testing.T) {
		m1 := types.MetricDataQuery{Id: aws.String("m1"), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String("App/Anomaly"), MetricName: aws.String("Latency"), Dimensions: spiky},
			Period: aws.Int32(300), Stat: aws.String("Average"),
		}}
		band := types.MetricDataQuery{Id: aws.String("ad1"), Expression: aws.String("ANOMALY_DETECTION_BAND(m1, 3)")}
		values := map[time.Time]float64{}
		var upper, lower map[time.Time]float64
		p := cloudwatch.NewGetMetricDataPaginator(c, &cloudwatch.GetMetricDataInput{
			MetricDataQueries: []types.MetricDataQuery{m1, band},
			// Periods aligned to five minutes do not mix two days, whose
			// levels differ at the weekend.
			StartTime: aws.Time(now.Add(-3 * 24 * time.Hour).Truncate(5 * time.Minute)), EndTime: aws.Time(now),
			ScanBy: types.ScanByTimestampAscending,
		})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("GetMetricData: %v", err)
			}
			for _, r := range out.MetricDataResults {
				var dst map[time.Time]float64
				switch {
				case aws.ToString(r.Id) == "m1":
					dst = values
				case aws.ToString(r.Id) == "ad1" && upper == nil:
					upper = map[time.Time]float64{}
					dst = upper
				case aws.ToString(r.Id) == "ad1":
					lower = map[time.Time]float64{}
					dst = lower
				}
				for i, ts := range r.Timestamps {
					dst[ts] = r.Values[i]
				}
			}
		}
		if len(values) < 800 || len(upper) < len(values)-1 || len(lower) != len(upper) {
			t.Fatalf("%d values, %d upper and %d lower band points", len(values), len(upper), len(lower))
		}
		spikes := 0
		for ts, v := range values {
			lo, okL := lower[ts]
			up, okU := upper[ts]
			if !okL || !okU {
				continue
			}
			if lo >= up {
				t.Fatalf("band at %v is [%v, %v]", ts, lo, up)
			}
			inside := v >= lo && v <= up
			// A period holds the spike when it ends after the spike began.
			spike := ts.Add(5 * time.Minute).After(base.Add(time.Duration(spikeFrom) * time.Minute))
			switch {
			case spike && inside:
				t.Errorf("spike %v at %v is inside the band [%v, %v]", v, ts, lo, up)
			case spike:
				spikes++
			case !inside:
				t.Errorf("normal %v at %v is outside the band [%v, %v]", v, ts, lo, up)
			}
		}
		if spikes == 0 {
			t.Errorf("no period with the spike is outside the band")
		}
	})

	alarm := func(name string, dims []types.Dimension) {
		t.Helper()
		_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: aws.String(name), EvaluationPeriods: aws.Int32(1),
			ComparisonOperator: types.ComparisonOperatorLessThanLowerOrGreaterThanUpperThreshold,
			ThresholdMetricId:  aws.String("ad1"),
			Metrics: []types.MetricDataQuery{
				{Id: aws.String("m1"), ReturnData: aws.Bool(true), MetricStat: &types.MetricStat{
					Metric: &types.Metric{Namespace: aws.String("App/Anomaly"), MetricName: aws.String("Latency"), Dimensions: dims},
					Period: aws.Int32(300), Stat: aws.String("Average"),
				}},
				{Id: aws.String("ad1"), Expression: aws.String("ANOMALY_DETECTION_BAND(m1, 3)"), ReturnData: aws.Bool(true)},
			},
		})
		if err != nil {
			t.Fatalf("PutMetricAlarm %s: %v", name, err)
		}
	}
	t.Run("alarms", func(t *testing.T) {
		alarm("latency-spiky", spiky)
		alarm("latency-calm", calm)
		a := waitAlarmState(t, c, "latency-spiky", types.StateValueAlarm)
		if aws.ToString(a.ThresholdMetricId) != "ad1" || a.Threshold != nil {
			t.Errorf("anomaly alarm: %+v", a)
		}
		waitAlarmState(t, c, "latency-calm", types.StateValueOk)
		// The calm metric had no detector: its alarm created one.
		out, err := c.DescribeAnomalyDetectors(ctx, &cloudwatch.DescribeAnomalyDetectorsInput{
			Namespace: aws.String("App/Anomaly"), Dimensions: calm,
		})
		if err != nil || len(out.AnomalyDetectors) != 1 || out.AnomalyDetectors[0].Configuration == nil {
			t.Fatalf("implicit detector: %+v %v", out, err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		in := &cloudwatch.DeleteAnomalyDetectorInput{SingleMetricAnomalyDetector: &types.SingleMetricAnomalyDetector{
			Namespace: aws.String("App/Anomaly"), MetricName: aws.String("Latency"), Dimensions: spiky, Stat: aws.String("Average"),
		}}
		if _, err := c.DeleteAnomalyDetector(ctx, in); err != nil {
			t.Fatalf("DeleteAnomalyDetector: %v", err)
		}
		_, err := c.DeleteAnomalyDetector(ctx, in)
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) {
			t.Fatalf("second delete: %v", err)
		}
		_, err = c.PutAnomalyDetector(ctx, &cloudwatch.PutAnomalyDetectorInput{
			SingleMetricAnomalyDetector: &types.SingleMetricAnomalyDetector{Namespace: aws.String("App/Anomaly"), MetricName: aws.String("Latency")},
		})
		var missing *types.MissingRequiredParameterException
		if !errors.As(err, &missing) {
			t.Fatalf("detector without a statistic: %v", err)
		}
		_, err = c.PutAnomalyDetector(ctx, &cloudwatch.PutAnomalyDetectorInput{
			SingleMetricAnomalyDetector: &types.SingleMetricAnomalyDetector{Namespace: aws.String("App/Anomaly"), MetricName: aws.String("Latency"), Stat: aws.String("Average")},
			Configuration:               &types.AnomalyDetectorConfiguration{MetricTimezone: aws.String("Mars/Olympus")},
		})
		var invalid *types.InvalidParameterValueException
		if !errors.As(err, &invalid) {
			t.Fatalf("unknown time zone: %v", err)
		}
	})
}
