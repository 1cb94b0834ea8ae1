package cli

import (
	"bytes"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func TestWriteRows(t *testing.T) {
	row := func(kv ...string) []types.ResultField {
		var r []types.ResultField
		for i := 0; i < len(kv); i += 2 {
			r = append(r, types.ResultField{Field: aws.String(kv[i]), Value: aws.String(kv[i+1])})
		}
		return r
	}
	rows := [][]types.ResultField{
		row("@timestamp", "2024-05-01 12:00:00.000", "level", "ERROR", "@ptr", "p1"),
		row("@timestamp", "2024-05-01 12:01:00.000", "msg", "a,\"b\"\nc", "@ptr", "p2"),
	}
	cases := []struct{ format, want string }{
		{"table", "@timestamp               level  msg\n2024-05-01 12:00:00.000  ERROR  \n2024-05-01 12:01:00.000         a,\"b\" c\n"},
		{"csv", "@timestamp,level,msg\n2024-05-01 12:00:00.000,ERROR,\n2024-05-01 12:01:00.000,,\"a,\"\"b\"\"\nc\"\n"},
		{"json", "{\"@ptr\":\"p1\",\"@timestamp\":\"2024-05-01 12:00:00.000\",\"level\":\"ERROR\"}\n{\"@ptr\":\"p2\",\"@timestamp\":\"2024-05-01 12:01:00.000\",\"msg\":\"a,\\\"b\\\"\\nc\"}\n"},
	}
	for _, tc := range cases {
		var b bytes.Buffer
		if err := writeRows(&b, tc.format, rows); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%s:\n%q\nwant\n%q", tc.format, b.String(), tc.want)
		}
	}
}

// TestRowWriterBatches prints rows in batches as a streamed query does:
// empty batches before and between the first rows, one header, and a
// header alone for a result without rows.
func TestRowWriterBatches(t *testing.T) {
	row := func(v string) []types.ResultField {
		return []types.ResultField{{Field: aws.String("n"), Value: aws.String(v)}, {Field: aws.String("@ptr"), Value: aws.String("p" + v)}}
	}
	cases := []struct {
		format  string
		batches [][][]types.ResultField
		want    string
	}{
		{"csv", nil, "\n"},
		{"csv", [][][]types.ResultField{nil, {row("1")}, nil, {row("2")}}, "n\n1\n2\n"},
		{"table", [][][]types.ResultField{nil}, "\n"},
		{"table", [][][]types.ResultField{nil, {row("1")}, {row("2")}}, "n\n1\n2\n"},
		{"json", [][][]types.ResultField{nil, {row("1")}}, "{\"@ptr\":\"p1\",\"n\":\"1\"}\n"},
	}
	for _, tc := range cases {
		var b bytes.Buffer
		rw := &rowWriter{w: &b, format: tc.format}
		for _, batch := range tc.batches {
			if err := rw.write(batch); err != nil {
				t.Fatal(err)
			}
		}
		if err := rw.close(); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%s %d batches: %q, want %q", tc.format, len(tc.batches), b.String(), tc.want)
		}
	}
}

func TestHumanBytes(t *testing.T) {
	for in, want := range map[float64]string{0: "0.0 B", 999: "999.0 B", 1500: "1.5 KB", 2.5e9: "2.5 GB"} {
		if got := humanBytes(in); got != want {
			t.Errorf("humanBytes(%v) = %q, want %q", in, got, want)
		}
	}
}
