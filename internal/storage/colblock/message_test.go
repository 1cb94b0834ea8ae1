package colblock

import (
	"strings"
	"testing"
)

// skeletonOf returns the skeleton NewBlock(rows).Marshal would store for row r.
func skeletonOf(t *testing.T, rows []Row, r int) (string, bool) {
	t.Helper()
	var tm templater
	b := NewBlock(rows)
	sk, ok := tm.skeletons(b)
	if !ok {
		return "", false
	}
	return sk[r], true
}

func TestSkeletons(t *testing.T) {
	withFields := func(msg string, fields ...Field) Row {
		r := event(1, 1714567890123, 1, msg)
		r.Fields = fields
		return r
	}
	tests := []struct {
		name string
		row  Row
		// want is the skeleton with literals as text and codes as <n>.
		want string
	}{
		{"all leaves cut", jsonRow(1, 1, 1, `{"a":"x","b":2,"c":true,"d":null}`), `{"a":<3>,"b":<4>,"c":<6>,"d":<8>}`},
		{"unreproducible number stays", jsonRow(1, 1, 1, `{"a":1.50,"b":"long enough"}`), `{"a":1.50,"b":<5>}`},
		{"escaped string stays", jsonRow(1, 1, 1, `{"a":"\u00e9","b":"long enough"}`), `{"a":"\u00e9","b":<5>}`},
		{"caller fields that differ stay", withFields(`{"a":"xyz","b":"long enough"}`, Field{"a", StringValue("other")}, Field{"b", StringValue("long enough")}), `{"a":"xyz","b":<5>}`},
		{"lambda", jsonRow(1, 1714567890123, 1, "2024-05-01T12:51:30.123Z\treq-1\tINFO\t{\"msg\":\"started\"}"), "<1>\t<2>\tINFO\t{\"msg\":<5>}"},
		{"lambda time of another event", jsonRow(1, 1714567890999, 1, "2024-05-01T12:51:30.123Z\treq-1\tINFO\t{\"msg\":\"started\"}"), "2024-05-01T12:51:30.123Z\t<2>\tINFO\t{\"msg\":<5>}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk, ok := skeletonOf(t, []Row{tt.row}, 0)
			if !ok {
				t.Fatal("message not templated")
			}
			if got := describeSkeleton(t, sk); got != tt.want {
				t.Fatalf("got skeleton %s, want %s", got, tt.want)
			}
			roundTrip(t, NewBlock([]Row{tt.row}))
		})
	}
}

func TestSkeletonMixedTypeColumn(t *testing.T) {
	rows := []Row{
		jsonRow(1, 1, 1, `{"id":12345,"pad":"long enough"}`),
		jsonRow(1, 2, 2, `{"id":"abcde","pad":"long enough"}`),
	}
	b := NewBlock(rows)
	if b.Fields[0].Type != TypeString {
		t.Fatalf("id column is %s, want string", b.Fields[0].Type)
	}
	var tm templater
	sk, ok := tm.skeletons(b)
	if !ok {
		t.Fatal("not templated")
	}
	// The number renders from the string column unquoted, the string quoted.
	if got := describeSkeleton(t, sk[0]); got != `{"id":<2>,"pad":<5>}` {
		t.Errorf("row 0: %s", got)
	}
	if got := describeSkeleton(t, sk[1]); got != `{"id":<3>,"pad":<5>}` {
		t.Errorf("row 1: %s", got)
	}
	roundTrip(t, b)
}

func TestSkeletonNeverGrows(t *testing.T) {
	msg := `{"a":[` + strings.TrimSuffix(strings.Repeat("1,", 50), ",") + `]}`
	if _, ok := skeletonOf(t, []Row{jsonRow(1, 1, 1, msg)}, 0); ok {
		t.Fatal("a skeleton longer than its message was kept")
	}
	roundTrip(t, NewBlock([]Row{jsonRow(1, 1, 1, msg)}))
}

func TestPlainMessagesStayPlain(t *testing.T) {
	var tm templater
	if _, ok := tm.skeletons(NewBlock([]Row{event(1, 1, 1, "GET / 200"), event(1, 2, 2, "{not json")})); ok {
		t.Fatal("plain text messages were templated")
	}
}

func TestDuplicateKeysRoundTrip(t *testing.T) {
	roundTrip(t, NewBlock([]Row{
		jsonRow(1, 1, 1, `{"a":"first value","a":"second value","b":"x"}`),
		jsonRow(1, 2, 2, `{"a":"same","a":"same"}`),
	}))
}

// describeSkeleton renders a skeleton as its literals with codes as <n>.
func describeSkeleton(t *testing.T, s string) string {
	t.Helper()
	var sb strings.Builder
	for s != "" {
		lit, code, rest, ok := nextPart(s)
		if !ok {
			t.Fatalf("bad skeleton %q", s)
		}
		sb.WriteString(lit)
		if code != codeEnd {
			sb.WriteString("<" + itoa(int(code)) + ">")
		}
		s = rest
	}
	return sb.String()
}

func TestSkeletonDecodeErrors(t *testing.T) {
	b := NewBlock([]Row{jsonRow(1, 1, 1, `{"a":"long enough"}`), event(1, 2, 2, "plain")})
	col := &b.Fields[0]
	tests := map[string]string{
		"field out of range": "\x00\x04\x00",
		"absent row":         "\x00\x03\x00",
		"truncated literal":  "\x05ab",
		"missing end":        "\x01a",
		"trailing bytes":     "\x01a\x00x",
		"bad varint":         "\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00",
		"empty":              "",
	}
	for name, sk := range tests {
		t.Run(name, func(t *testing.T) {
			skeletons := []string{"\x00\x00", sk}
			refs, _, err := skeletonRefs(skeletons, 1)
			if err == nil {
				_, err = renderMessages(skeletons, nil, []*FieldColumn{col}[:len(refs)], nil, newBudget())
			}
			wantCorruption(t, err)
		})
	}
}

func TestSkeletonQuotedNonString(t *testing.T) {
	b := NewBlock([]Row{jsonRow(1, 1, 1, `{"n":12345678}`)})
	// Field 0 as a JSON string, but the column holds int64.
	_, err := renderMessages([]string{"\x00\x03\x00"}, nil, []*FieldColumn{&b.Fields[0]}, nil, newBudget())
	wantCorruption(t, err)
}
