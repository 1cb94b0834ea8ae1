package exec

import (
	"strconv"
	"strings"
)

// defaultMaxDiscoveredFields caps the fields discovered in one event. The
// CloudWatch documentation gives 100 in one place and 1000 in another; we
// take the larger so no documented field goes missing.
const defaultMaxDiscoveredFields = 1000

// discover appends the fields CloudWatch would discover in a message:
//   - a JSON object's leaves, flattened: nested keys joined with dots and
//     array elements by index (a.b, items.0.id);
//   - the same for the JSON body of a Lambda-style line,
//     "timestamp\trequestId\tLEVEL\t{...}" (only the first JSON fragment);
//   - for Lambda platform lines (START, END, REPORT), @type, @requestId,
//     @duration, @billedDuration, @initDuration, @memorySize and
//     @maxMemoryUsed (both in bytes, as CloudWatch reports them), and the
//     X-Ray ids when present.
//
// A discovered name that starts with @ gets a second @ so it cannot be
// mistaken for a system field.
func discover(dst []field, msg string, max int) []field {
	if max <= 0 {
		return dst
	}
	body := strings.TrimLeft(msg, " \t\r\n")
	if strings.HasPrefix(body, "{") {
		return flattenJSON(dst, body, max)
	}
	if strings.HasPrefix(msg, "REPORT RequestId: ") || strings.HasPrefix(msg, "START RequestId: ") || strings.HasPrefix(msg, "END RequestId: ") {
		return discoverLambdaPlatform(dst, msg)
	}
	// timestamp \t requestId \t level \t body
	rest := msg
	for i := 0; i < 3; i++ {
		tab := strings.IndexByte(rest, '\t')
		if tab < 0 {
			return dst
		}
		rest = rest[tab+1:]
	}
	rest = strings.TrimLeft(rest, " ")
	if strings.HasPrefix(rest, "{") {
		return flattenJSON(dst, rest, max)
	}
	return dst
}

// flattenJSON appends the leaves of the JSON object at the start of s,
// walking the text directly instead of building a tree: most messages are
// flat objects, whose keys and strings can then be slices of the message.
// On malformed JSON it appends nothing.
func flattenJSON(dst []field, s string, max int) []field {
	f := flattener{p: jsonParser{s: s}, dst: dst, max: max}
	f.p.space()
	if f.p.pos >= len(s) || s[f.p.pos] != '{' || !f.value(0, "") {
		return dst
	}
	return f.dst
}

type flattener struct {
	p   jsonParser
	dst []field
	max int
}

func (f *flattener) leaf(path string, v Value) {
	if path == "" || len(f.dst) >= f.max {
		return
	}
	if path[0] == '@' {
		path = "@" + path
	}
	f.dst = append(f.dst, field{name: path, v: v})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (f *flattener) value(depth int, path string) bool {
	p := &f.p
	if p.pos >= len(p.s) || depth > maxJSONDepth {
		return false
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		p.pos++
		p.space()
		if p.pos < len(p.s) && p.s[p.pos] == '}' {
			p.pos++
			return true
		}
		for {
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != '"' {
				return false
			}
			key, ok := p.str()
			if !ok {
				return false
			}
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != ':' {
				return false
			}
			p.pos++
			p.space()
			if !f.value(depth+1, join(path, key)) {
				return false
			}
			p.space()
			if p.pos >= len(p.s) {
				return false
			}
			switch p.s[p.pos] {
			case ',':
				p.pos++
			case '}':
				p.pos++
				return true
			default:
				return false
			}
		}
	case c == '[':
		p.pos++
		p.space()
		if p.pos < len(p.s) && p.s[p.pos] == ']' {
			p.pos++
			return true
		}
		for i := 0; ; i++ {
			p.space()
			if !f.value(depth+1, join(path, strconv.Itoa(i))) {
				return false
			}
			p.space()
			if p.pos >= len(p.s) {
				return false
			}
			switch p.s[p.pos] {
			case ',':
				p.pos++
			case ']':
				p.pos++
				return true
			default:
				return false
			}
		}
	}
	v, ok := p.value(depth)
	if ok && !v.IsNull() {
		f.leaf(path, v)
	}
	return ok
}

// discoverLambdaPlatform reads the tab-separated "Key: value" pairs of a
// Lambda START, END or REPORT line.
func discoverLambdaPlatform(dst []field, msg string) []field {
	typ, rest, _ := strings.Cut(msg, " ")
	dst = append(dst, field{name: "@type", v: strValue(typ)})
	for _, part := range strings.Split(rest, "\t") {
		key, val, ok := strings.Cut(strings.TrimSpace(part), ": ")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		num := func(unit string, scale float64) Value {
			s := strings.TrimSpace(strings.TrimSuffix(val, unit))
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return strValue(val)
			}
			if scale == 1 {
				v := numValue(f)
				v.s = s
				return v
			}
			return numValue(f * scale)
		}
		switch key {
		case "RequestId":
			// "RequestId: id Version: $LATEST" on START lines.
			id, _, _ := strings.Cut(val, " ")
			dst = append(dst, field{name: "@requestId", v: strValue(id)})
		case "Duration":
			dst = append(dst, field{name: "@duration", v: num("ms", 1)})
		case "Billed Duration":
			dst = append(dst, field{name: "@billedDuration", v: num("ms", 1)})
		case "Init Duration":
			dst = append(dst, field{name: "@initDuration", v: num("ms", 1)})
		case "Memory Size":
			dst = append(dst, field{name: "@memorySize", v: num("MB", 1e6)})
		case "Max Memory Used":
			dst = append(dst, field{name: "@maxMemoryUsed", v: num("MB", 1e6)})
		case "XRAY TraceId":
			// "XRAY TraceId: t\tSegmentId: s\tSampled: true"
			dst = append(dst, field{name: "@xrayTraceId", v: strValue(val)})
		case "SegmentId":
			dst = append(dst, field{name: "@xraySegmentId", v: strValue(val)})
		}
	}
	return dst
}
