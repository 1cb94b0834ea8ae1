package metricsapi

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
)

// cborPutDecoder reads the PutMetricData bodies the one-pass scanner
// leaves, such as those with entity data. It is the generic CBOR decoder's
// mode made stricter, never looser: members must be spelled exactly and
// unknown ones are errors, so a body it reads means to it what it means to
// the generic decoder, and anything else is an error that sends the body
// there.
var cborPutDecoder = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		MaxNestedLevels:   32,
		MaxArrayElements:  cborMaxArrayElements,
		MaxMapPairs:       cborMaxMapPairs,
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		FieldNameMatching: cbor.FieldNameMatchingCaseSensitive,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
	}.DecMode()
	if err != nil {
		panic("BUG: invalid CBOR decoding options: " + err.Error())
	}
	return m
}()

// cborDatum is metricDatum with a timestamp read without the generic
// Timestamp's two nested decodes, which were a third of the decoding.
type cborDatum struct {
	MetricName        string            `json:"MetricName,omitempty"`
	Dimensions        []model.Dimension `json:"Dimensions,omitempty"`
	Timestamp         *cborTimestamp    `json:"Timestamp,omitempty"`
	Value             *float64          `json:"Value,omitempty"`
	StatisticValues   *statisticSet     `json:"StatisticValues,omitempty"`
	Values            []float64         `json:"Values,omitempty"`
	Counts            []float64         `json:"Counts,omitempty"`
	Unit              string            `json:"Unit,omitempty"`
	StorageResolution *int32            `json:"StorageResolution,omitempty"`
}

type cborEntityMetricData struct {
	Entity     *entity     `json:"Entity,omitempty"`
	MetricData []cborDatum `json:"MetricData,omitempty"`
}

type cborPutInput struct {
	Namespace              *string                `json:"Namespace,omitempty"`
	MetricData             []cborDatum            `json:"MetricData,omitempty"`
	EntityMetricData       []cborEntityMetricData `json:"EntityMetricData,omitempty"`
	StrictEntityValidation *bool                  `json:"StrictEntityValidation,omitempty"`
}

// errCBORTimestamp turns a timestamp away from the fast path; the generic
// decoder then reads it or says what is wrong with it.
var errCBORTimestamp = errors.New("timestamp not in the usual form")

// cborTimestamp is epoch milliseconds read from tag 1 over a float64 or an
// integer, the forms the SDKs write; both decoders of this file read
// timestamps with it.
type cborTimestamp struct{ ms int64 }

// Epoch seconds of 0001-01-01 and 9999-12-31T23:59:59, the range
// awsproto.Timestamp accepts.
const (
	minEpochSeconds = -62135596800
	maxEpochSeconds = 253402300799
)

// UnmarshalCBOR accepts exactly what awsproto.Timestamp reads to the same
// instant among tag 1 over a float64 or an integer, and errs on the rest.
func (t *cborTimestamp) UnmarshalCBOR(b []byte) error {
	if len(b) < 2 || b[0] != 0xc1 {
		return errCBORTimestamp
	}
	b = b[1:]
	if b[0] == 0xfb {
		if len(b) != 9 {
			return errCBORTimestamp
		}
		ms, ok := secondsToMillis(math.Float64frombits(binary.BigEndian.Uint64(b[1:])))
		if !ok {
			return errCBORTimestamp
		}
		t.ms = ms
		return nil
	}
	major, info := b[0]>>5, b[0]&0x1f
	if major > 1 {
		return errCBORTimestamp
	}
	var n uint64
	switch {
	case info < 24 && len(b) == 1:
		n = uint64(info)
	case info == 24 && len(b) == 2:
		n = uint64(b[1])
	case info == 25 && len(b) == 3:
		n = uint64(binary.BigEndian.Uint16(b[1:]))
	case info == 26 && len(b) == 5:
		n = uint64(binary.BigEndian.Uint32(b[1:]))
	case info == 27 && len(b) == 9:
		n = binary.BigEndian.Uint64(b[1:])
	default:
		return errCBORTimestamp
	}
	if major == 0 {
		if n > maxEpochSeconds {
			return errCBORTimestamp
		}
		t.ms = int64(n) * 1000
		return nil
	}
	if n > -minEpochSeconds-1 {
		return errCBORTimestamp
	}
	t.ms = (-1 - int64(n)) * 1000
	return nil
}

// secondsToMillis rounds epoch seconds to milliseconds as
// awsproto.Timestamp does, or reports false where it errs.
func secondsToMillis(s float64) (int64, bool) {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, false
	}
	ms := math.Round(s * 1000)
	if ms < minEpochSeconds*1000 || ms > maxEpochSeconds*1000+999 {
		return 0, false
	}
	return int64(ms), true
}

// scanPutMetricDataCBOR reads body into the generic wire shape, by
// scanPutMetricDataCBORShape when it can and with cborPutDecoder when it
// cannot, or reports false for the generic decoder to take it.
func scanPutMetricDataCBOR(body []byte) (*putMetricDataInput, bool) {
	if in, ok := scanPutMetricDataCBORShape(body); ok {
		return in, true
	}
	return decodePutMetricDataCBORTyped(body)
}

// decodePutMetricDataCBORTyped decodes body with cborPutDecoder, or
// reports false.
func decodePutMetricDataCBORTyped(body []byte) (*putMetricDataInput, bool) {
	if len(body) == 0 {
		return nil, false
	}
	var in cborPutInput
	if err := cborPutDecoder.Unmarshal(body, &in); err != nil {
		return nil, false
	}
	out := &putMetricDataInput{
		Namespace:              in.Namespace,
		MetricData:             fromCBORData(in.MetricData),
		StrictEntityValidation: in.StrictEntityValidation,
	}
	if in.EntityMetricData != nil {
		out.EntityMetricData = make([]entityMetricData, len(in.EntityMetricData))
		for i, e := range in.EntityMetricData {
			out.EntityMetricData[i] = entityMetricData{Entity: e.Entity, MetricData: fromCBORData(e.MetricData)}
		}
	}
	return out, true
}

// fromCBORData converts data to the generic shape, with one allocation
// for all their timestamps.
func fromCBORData(in []cborDatum) []metricDatum {
	if in == nil {
		return nil
	}
	out := make([]metricDatum, len(in))
	stamps := make([]awsproto.Timestamp, len(in))
	for i := range in {
		w := &in[i]
		d := metricDatum{
			MetricName:        w.MetricName,
			Dimensions:        w.Dimensions,
			Value:             w.Value,
			StatisticValues:   w.StatisticValues,
			Values:            w.Values,
			Counts:            w.Counts,
			Unit:              w.Unit,
			StorageResolution: w.StorageResolution,
		}
		if w.Timestamp != nil {
			stamps[i] = awsproto.Timestamp(time.UnixMilli(w.Timestamp.ms).UTC())
			d.Timestamp = &stamps[i]
		}
		out[i] = d
	}
	return out
}
