package awsproto

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

func TestTimestampEncodings(t *testing.T) {
	cases := []struct {
		in         Timestamp
		json, text string
		seconds    float64
	}{
		{ts("2024-01-02T03:04:05Z"), "1704164645", "2024-01-02T03:04:05Z", 1704164645},
		{ts("2024-01-02T03:04:05.123Z"), "1704164645.123", "2024-01-02T03:04:05.123Z", 1704164645.123},
		{ts("2024-01-02T03:04:05.1239Z"), "1704164645.123", "2024-01-02T03:04:05.123Z", 1704164645.123},
		{ts("1969-12-31T23:59:58.5Z"), "-1.5", "1969-12-31T23:59:58.5Z", -1.5},
		{Timestamp(time.Date(2024, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600))), "1704164645", "2024-01-02T03:04:05Z", 1704164645},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			j, err := json.Marshal(tc.in)
			if err != nil || string(j) != tc.json {
				t.Errorf("JSON %s, %v; want %s", j, err, tc.json)
			}
			text, err := tc.in.MarshalText()
			if err != nil || string(text) != tc.text || tc.in.String() != tc.text {
				t.Errorf("text %s, %v; want %s", text, err, tc.text)
			}
			c, err := tc.in.MarshalCBOR()
			if err != nil {
				t.Fatal(err)
			}
			var tag cbor.Tag
			if err := cbor.Unmarshal(c, &tag); err != nil || tag.Number != 1 || tag.Content != tc.seconds || c[1] != 0xfb {
				t.Errorf("CBOR %x = %v, %v; want tag 1 over float64 %v", c, tag, err, tc.seconds)
			}
			// Every codec reads its own output back to the millisecond.
			want := tc.in.Time().Truncate(time.Millisecond)
			for name, decode := range map[string]func(*Timestamp) error{
				"json": func(p *Timestamp) error { return json.Unmarshal(j, p) },
				"text": func(p *Timestamp) error { return p.UnmarshalText(text) },
				"cbor": func(p *Timestamp) error { return p.UnmarshalCBOR(c) },
			} {
				var got Timestamp
				if err := decode(&got); err != nil || !got.Time().Equal(want) {
					t.Errorf("%s decodes to %v, %v; want %v", name, got, err, want)
				}
			}
		})
	}
}

func TestTimestampDecodeForms(t *testing.T) {
	marshal := func(v any) []byte {
		b, err := cbor.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := ts("2024-01-02T03:04:05.5Z")
	whole := ts("2024-01-02T03:04:05Z")
	cases := []struct {
		name   string
		decode func(*Timestamp) error
		want   Timestamp
	}{
		{"json float", func(p *Timestamp) error { return json.Unmarshal([]byte("1704164645.5"), p) }, want},
		{"json integer", func(p *Timestamp) error { return json.Unmarshal([]byte("1704164645"), p) }, whole},
		{"json exponent", func(p *Timestamp) error { return json.Unmarshal([]byte("1.7041646455e9"), p) }, want},
		{"json last millisecond of year 9999", func(p *Timestamp) error { return json.Unmarshal([]byte("253402300799.999"), p) }, ts("9999-12-31T23:59:59.999Z")},
		{"json float error rounds", func(p *Timestamp) error { return json.Unmarshal([]byte("1704164645.4999999"), p) }, want},
		{"text ISO with micros", func(p *Timestamp) error { return p.UnmarshalText([]byte("2024-01-02T03:04:05.500123Z")) }, want},
		{"text ISO offset", func(p *Timestamp) error { return p.UnmarshalText([]byte("2024-01-02T05:04:05.5+02:00")) }, want},
		{"text ISO without zone", func(p *Timestamp) error { return p.UnmarshalText([]byte("2024-01-02T03:04:05.5")) }, want},
		{"text epoch", func(p *Timestamp) error { return p.UnmarshalText([]byte("1704164645.5")) }, want},
		{"cbor tag 1 float64", func(p *Timestamp) error { return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: 1704164645.5})) }, want},
		{"cbor tag 1 float32", func(p *Timestamp) error {
			return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: float32(1 << 20)}))
		}, ts("1970-01-13T03:16:16Z")},
		{"cbor tag 1 uint", func(p *Timestamp) error {
			return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: uint64(1704164645)}))
		}, whole},
		{"cbor tag 1 negative", func(p *Timestamp) error { return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: int64(-1)})) }, ts("1969-12-31T23:59:59Z")},
		{"cbor bare number", func(p *Timestamp) error { return p.UnmarshalCBOR(marshal(1704164645.5)) }, want},
		{"cbor client float", func(p *Timestamp) error {
			// What the Go SDK sends: float64(UnixMilli)/1e3.
			return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: float64(time.Time(want).UnixMilli()) / 1e3}))
		}, want},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got Timestamp
			if err := tc.decode(&got); err != nil {
				t.Fatal(err)
			}
			if !got.Time().Equal(tc.want.Time()) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTimestampNullKeepsValue(t *testing.T) {
	got := ts("2024-01-02T03:04:05Z")
	if err := json.Unmarshal([]byte("null"), &got); err != nil || got != ts("2024-01-02T03:04:05Z") {
		t.Fatalf("json null: %v %v", got, err)
	}
	for _, b := range [][]byte{{0xf6}, {0xf7}} {
		if err := got.UnmarshalCBOR(b); err != nil || got != ts("2024-01-02T03:04:05Z") {
			t.Fatalf("cbor %x: %v %v", b, got, err)
		}
	}
	if !(Timestamp{}).IsZero() || got.IsZero() {
		t.Fatal("IsZero")
	}
}

func TestTimestampDecodeErrors(t *testing.T) {
	marshal := func(v any) []byte {
		b, err := cbor.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name   string
		decode func(*Timestamp) error
		msgHas string
	}{
		{"json string", func(p *Timestamp) error { return p.UnmarshalJSON([]byte(`"2024-01-01T00:00:00Z"`)) }, "number"},
		{"json too large", func(p *Timestamp) error { return p.UnmarshalJSON([]byte(`1e12`)) }, "outside"},
		{"json too small", func(p *Timestamp) error { return p.UnmarshalJSON([]byte(`-1e12`)) }, "outside"},
		{"json rounds past year 9999", func(p *Timestamp) error { return p.UnmarshalJSON([]byte(`253402300799.9996`)) }, "outside"},
		{"text empty", func(p *Timestamp) error { return p.UnmarshalText(nil) }, "empty"},
		{"text garbage", func(p *Timestamp) error { return p.UnmarshalText([]byte("tomorrow")) }, "neither"},
		{"text bad ISO", func(p *Timestamp) error { return p.UnmarshalText([]byte("2024-13-01T00:00:00Z")) }, "ISO 8601"},
		{"text long garbage is cut", func(p *Timestamp) error { return p.UnmarshalText([]byte(strings.Repeat("\xff", 100) + "T")) }, "…"},
		{"text NaN", func(p *Timestamp) error { return p.UnmarshalText([]byte("NaN")) }, "finite"},
		{"text Inf", func(p *Timestamp) error { return p.UnmarshalText([]byte("Inf")) }, "finite"},
		{"cbor tag 0", func(p *Timestamp) error { return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 0, Content: "x"})) }, "tag 0"},
		{"cbor text", func(p *Timestamp) error { return p.UnmarshalCBOR(marshal("2024")) }, "epoch seconds"},
		{"cbor infinity", func(p *Timestamp) error { return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: math.Inf(1)})) }, "finite"},
		{"cbor huge uint", func(p *Timestamp) error {
			return p.UnmarshalCBOR(marshal(cbor.Tag{Number: 1, Content: uint64(math.MaxUint64)}))
		}, "outside"},
		{"cbor truncated", func(p *Timestamp) error { return p.UnmarshalCBOR([]byte{0xc1, 0xfb, 0x41}) }, "cannot decode"},
		{"cbor broken tag", func(p *Timestamp) error { return p.UnmarshalCBOR([]byte{0xc1}) }, "cannot decode"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ts("2024-01-02T03:04:05Z")
			err := tc.decode(&got)
			if err == nil || !strings.Contains(err.Error(), tc.msgHas) {
				t.Fatalf("got %v, want an error containing %q", err, tc.msgHas)
			}
			if got != ts("2024-01-02T03:04:05Z") {
				t.Fatalf("a failed decode changed the value to %v", got)
			}
		})
	}
}
