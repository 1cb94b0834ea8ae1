package eventpattern

import (
	"errors"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

var patternSeeds = []string{
	`{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}`,
	`{"time":[{"prefix":"2017-10-02"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}],"source-ip":[{"cidr":"10.0.0.0/8"}]}}`,
	`{"a":[{"prefix":{"equals-ignore-case":"P"}},{"suffix":{"equals-ignore-case":".png"}},{"equals-ignore-case":"x"},{"wildcard":"dir/*.png"}]}`,
	`{"a":[{"anything-but":{"prefix":"init"}},{"anything-but":{"suffix":[".png"]}},{"anything-but":{"equals-ignore-case":["A"]}},{"anything-but":{"wildcard":"*/lib/*"}}]}`,
	`{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"metricType":["MetricType"],"namespace":["AWS/EC2"],"$or":[{"metricId":[1234]},{"spaceId":[1000]}]}]}`,
	`{"$or":[{"numeric":[">",1]},{"prefix":"abc"}]}`,
	`{"a":[{"exists":false}],"b":[{"exists":true}],"c":[null,true,false,1.5e3,""]}`,
	`{"a":["2001:db8::1"],"b":[{"cidr":"2001:db8::/32"}]}`,
	`{"a":["x"],"a":{"b":["y"]}}`, `{"a":[{"numeric":["=",0.000001]}]}`,
	`{`, `{}`, `[]`, `{"a":[]}`, `{"a":[{"wildcard":"a**"}]}`, `{"a":["\ud800"]}`,
}

var eventSeeds = []string{ec2Event, rulerEvent, autoscalingEvent, macieEvent, employeesEvent,
	`{"a":[1,"x",null,true,{"b":["y"]}],"$or":"abc","detail":{"c-count":{"c1":100}}}`}

// FuzzParse checks that Parse never panics, that its errors are well
// formed, and that the canonical form of a pattern parses back to a
// pattern that prints and matches the same.
func FuzzParse(f *testing.F) {
	for _, s := range patternSeeds {
		f.Add(s)
	}
	var events []*Event
	for _, s := range eventSeeds {
		e, err := ParseEvent([]byte(s))
		if err != nil {
			f.Fatal(err)
		}
		events = append(events, e)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			t.Skip()
		}
		p, err := Parse(src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Reason == "" || pe.Offset < 0 || pe.Offset > len(src) ||
				pe.Line < 1 || pe.Column < 1 || !errors.Is(err, model.ErrInvalidParameter) {
				t.Fatalf("Parse(%q): bad error %#v", src, err)
			}
			return
		}
		s := p.String()
		p2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", src, s, err)
		}
		if s2 := p2.String(); s2 != s {
			t.Fatalf("printing is not stable:\n%s\n%s", s, s2)
		}
		for i, e := range events {
			if p.Match(e) != p2.Match(e) {
				t.Fatalf("%s and its canonical form %s disagree on event %d", src, s, i)
			}
		}
	})
}

// FuzzMatch checks that matching any parsed pattern against any event
// never panics.
func FuzzMatch(f *testing.F) {
	for i, p := range patternSeeds {
		f.Add(p, eventSeeds[i%len(eventSeeds)])
	}
	f.Fuzz(func(t *testing.T, pattern, event string) {
		if len(pattern) > 4096 || len(event) > 16384 {
			t.Skip()
		}
		p, err := Parse(pattern)
		if err != nil {
			return
		}
		e, err := ParseEvent([]byte(event))
		if err != nil {
			if !errors.Is(err, model.ErrInvalidParameter) {
				t.Fatalf("ParseEvent(%q): error %v does not wrap ErrInvalidParameter", event, err)
			}
			return
		}
		_ = p.Match(e)
	})
}
