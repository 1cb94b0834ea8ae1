package eventpattern

import (
	"fmt"
	"testing"
)

var matchSink bool

func benchmarkMatch(b *testing.B, pattern, event string) {
	p, err := Parse(pattern)
	if err != nil {
		b.Fatal(err)
	}
	e, err := ParseEvent([]byte(event))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		matchSink = p.Match(e)
	}
}

func BenchmarkMatchExact(b *testing.B) {
	benchmarkMatch(b, `{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}`, ec2Event)
}

func BenchmarkMatchContentFilter(b *testing.B) {
	benchmarkMatch(b, `{"time":[{"prefix":"2017-10-02"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}],"source-ip":[{"cidr":"10.0.0.0/8"}]}}`, rulerEvent)
}

func BenchmarkMatchWildcard(b *testing.B) {
	benchmarkMatch(b, `{"resources":[{"wildcard":"arn:aws:ec2:*:instance/*"}],"detail":{"instance-id":[{"anything-but":{"wildcard":"i-0*9"}}]}}`, rulerEvent)
}

func BenchmarkMatchOr(b *testing.B) {
	benchmarkMatch(b, `{"$or":[{"source":["aws.s3"]},{"detail":{"state":["pending"]}},{"detail":{"$or":[{"c-count":[{"numeric":[">",4]}]},{"d-count":[9]}]}}]}`, rulerEvent)
}

func BenchmarkMatchArrayOfObjects(b *testing.B) {
	benchmarkMatch(b, `{"employees":{"firstName":["Peter"],"lastName":["Jones"]}}`, employeesEvent)
}

// BenchmarkMatch100Rules is one event checked against the patterns of 100
// rules, the work of routing one PutEvents entry on a busy bus.
func BenchmarkMatch100Rules(b *testing.B) {
	var ps []*Pattern
	for i := range 100 {
		p, err := Parse(fmt.Sprintf(`{"source":["app.%d"],"detail":{"state":[{"prefix":"run"}],"c-count":[{"numeric":[">",%d]}]}}`, i%10, i))
		if err != nil {
			b.Fatal(err)
		}
		ps = append(ps, p)
	}
	e, err := ParseEvent([]byte(rulerEvent))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			matchSink = p.Match(e)
		}
	}
}

func BenchmarkParseEvent(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(rulerEvent)))
	for b.Loop() {
		if _, err := ParseEvent([]byte(rulerEvent)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := `{"time":[{"prefix":"2017-10-02"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}],"source-ip":[{"cidr":"10.0.0.0/8"}]}}`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}
