package index

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// logLines returns n JSON log lines, each with a random trace id: the tokens
// that make message filters large.
func logLines(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"timestamp":"2024-05-01T12:51:%02d.%03dZ","level":"info","message":"request completed","status":200,"duration_ms":%d.%02d,"user_email":"user%d@example.com","trace_id":"%016x%016x"}`,
			i/1000%60, i%1000, rng.IntN(200), rng.IntN(100), rng.IntN(2000), rng.Uint64(), rng.Uint64())
	}
	return lines
}

// BenchmarkBuildMessageFilter builds the message filter of an 8192-row block
// and reports its size per row.
func BenchmarkBuildMessageFilter(b *testing.B) {
	lines := logLines(8192)
	raw := 0
	for _, l := range lines {
		raw += len(l)
	}
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	var f *Filter
	var bld Builder
	for b.Loop() {
		bld.Reset()
		for _, l := range lines {
			bld.AddText(l)
		}
		f = bld.Build()
	}
	b.ReportMetric(float64(8*len(f.words))/float64(len(lines)), "filter-bytes/row")
}

func BenchmarkMayContainAll(b *testing.B) {
	var bld Builder
	for _, l := range logLines(8192) {
		bld.AddText(l)
	}
	f := bld.Build()
	tokens := []string{"payment", "declined", "user1234"}
	b.ReportAllocs()
	for b.Loop() {
		f.MayContainAll(tokens)
	}
}
