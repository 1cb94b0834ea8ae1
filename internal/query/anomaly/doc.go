// Package anomaly trains the expected-value model behind CloudWatch
// anomaly detection bands (ANOMALY_DETECTION_BAND and the band operators
// of alarms).
//
// The model is seasonal and robust, in the metric's time zone. The
// expected value at a time is a daily shape, the median of the history by
// quarter hour of the day, plus a weekly offset, the median difference
// between the history and that shape by hour of the week. A group needs
// datapoints from at least two days (two weeks for the weekly offset) and
// three datapoints; with less history the shape falls back to hours of
// the day, then to the median of the whole history, and the offset to
// zero. The deviation is the scaled median absolute deviation (1.4826 ×
// MAD, an estimate of the standard deviation that a few outliers do not
// move) of the history from its expected values, pooled by hour of the
// day. Time ranges the caller excludes (deployments, outages) are left
// out of training.
//
// Band returns median ± stddevs × deviation for each requested time, so
// its width scales with the number of standard deviations asked for, as
// ANOMALY_DETECTION_BAND(m1, 2) does.
//
// The package is pure: no I/O, no clock, no goroutines.
package anomaly
