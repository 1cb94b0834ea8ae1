package eventpattern

import (
	"errors"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestParseErrors(t *testing.T) {
	cases := []struct {
		pattern, reason string
	}{
		{``, "Filter is not an object"},
		{`"a"`, "Filter is not an object"},
		{`[]`, "Filter is not an object"},
		{`{}`, "Empty objects are not allowed"},
		{`{"detail":{}}`, "Empty objects are not allowed"},
		{`{"source": "aws.ec2"}`, `"source" must be an object or an array`},
		{`{"source": 5}`, `"source" must be an object or an array`},
		{`{"source": []}`, "Empty arrays are not allowed"},
		{`{"source": [["a"]]}`, "Match value must be String, number, true, false, or null"},
		{`{"a":[{}]}`, "Match expression name not found"},
		{`{"a":[{"prefx":"x"}]}`, "Unrecognized match type prefx"},
		{`{"a":[{"exactly":"x"}]}`, "Unrecognized match type exactly"},
		{`{"a":[{"prefix":5}]}`, "prefix match pattern must be a string"},
		{`{"a":[{"prefix":"x","suffix":"y"}]}`, "Only one key allowed in match expression"},
		{`{"a":[{"prefix":{"foo":"x"}}]}`, "Unsupported prefix pattern: foo"},
		{`{"a":[{"prefix":{}}]}`, "Prefix expression name not found"},
		{`{"a":[{"prefix":{"equals-ignore-case":1}}]}`, "equals-ignore-case match pattern must be a string"},
		{`{"a":[{"suffix":true}]}`, "suffix match pattern must be a string"},
		{`{"a":[{"suffix":{"bar":"x"}}]}`, "Unsupported suffix pattern: bar"},
		{`{"a":[{"equals-ignore-case":["x"]}]}`, "equals-ignore-case match pattern must be a string"},
		{`{"a":[{"wildcard":1}]}`, "wildcard match pattern must be a string"},
		{`{"a":[{"wildcard":"a**b"}]}`, "Consecutive wildcard characters at pos 2"},
		{`{"a":[{"wildcard":"ab\\c"}]}`, "Invalid escape character at pos 3"},
		{`{"a":[{"wildcard":"ab\\"}]}`, "Invalid escape character at pos 3"},
		{`{"a":[{"numeric":5}]}`, "Value of numeric must be an array."},
		{`{"a":[{"numeric":[]}]}`, "Invalid member in numeric match: ]"},
		{`{"a":[{"numeric":[5]}]}`, "Invalid member in numeric match: 5"},
		{`{"a":[{"numeric":["!",5]}]}`, "Unrecognized numeric range operator: !"},
		{`{"a":[{"numeric":["=","5"]}]}`, "Value of equals must be numeric"},
		{`{"a":[{"numeric":["=",5,6]}]}`, "Too many elements in numeric expression"},
		{`{"a":[{"numeric":[">","x"]}]}`, "Value of > must be numeric"},
		{`{"a":[{"numeric":[">=",1,5]}]}`, "Bad value in numeric range: 5"},
		{`{"a":[{"numeric":[">=",1,">",5]}]}`, "Bad numeric range operator: >"},
		{`{"a":[{"numeric":[">",1,"<","x"]}]}`, "Value of < must be numeric"},
		{`{"a":[{"numeric":[">",1,"<",5,6]}]}`, "Too many terms in numeric range expression"},
		{`{"a":[{"numeric":["<",10,">",0]}]}`, "Too many elements in numeric expression"},
		{`{"a":[{"numeric":[">",5,"<",5]}]}`, "Bottom must be less than top"},
		{`{"a":[{"numeric":[">",6,"<",5]}]}`, "Bottom must be less than top"},
		{`{"a":[{"numeric":[">",5.0e9]}]}`, ""},
		{`{"a":[{"numeric":[">",5.1e9]}]}`, "Value must be between -5000000000 and 5000000000, inclusive"},
		{`{"a":[{"numeric":["<",-6000000000]}]}`, "Value must be between -5000000000 and 5000000000, inclusive"},
		{`{"a":[{"numeric":["=",0.0000001]}]}`, "Only values upto 6 decimals are supported"},
		{`{"a":[{"numeric":["=",1e400]}]}`, "Value must be between -5000000000 and 5000000000, inclusive"},
		{`{"a":[{"numeric":[">",0]},"x"],"b":[{"numeric":[">",0,"<",1],"x":1}]}`, "Too many elements in numeric expression"},
		{`{"a":[{"anything-but":true}]}`, "Value of anything-but must be an array or single string/number value."},
		{`{"a":[{"anything-but":null}]}`, "Value of anything-but must be an array or single string/number value."},
		{`{"a":[{"anything-but":["a",1]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{`{"a":[{"anything-but":[]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{`{"a":[{"anything-but":["a",null]}]}`, "Inside anything but list, start|null|boolean is not supported."},
		{`{"a":[{"anything-but":{}}]}`, "Anything-But expression name not found"},
		{`{"a":[{"anything-but":{"numeric":[">",1]}}]}`, "Unsupported anything-but pattern: numeric"},
		{`{"a":[{"anything-but":{"prefix":""}}]}`, "Null prefix/suffix not allowed"},
		{`{"a":[{"anything-but":{"suffix":["x",""]}}]}`, "Null prefix/suffix not allowed"},
		{`{"a":[{"anything-but":{"prefix":1}}]}`, "prefix/suffix match pattern must be a string"},
		{`{"a":[{"anything-but":{"equals-ignore-case":1}}]}`, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."},
		{`{"a":[{"anything-but":{"wildcard":[1]}}]}`, "wildcard match pattern must be a string"},
		{`{"a":[{"anything-but":{"wildcard":"a**"}}]}`, "Consecutive wildcard characters at pos 2"},
		{`{"a":[{"anything-but":"x","prefix":"y"}]}`, "Too many elements in numeric expression"},
		{`{"a":[{"anything-but":{"prefix":"x","suffix":"y"}}]}`, "Too many elements in numeric expression"},
		{`{"a":[{"anything-but":[1e10]}]}`, "Value must be between -5000000000 and 5000000000, inclusive"},
		{`{"a":[{"exists":"true"}]}`, "exists match pattern must be either true or false."},
		{`{"a":[{"exists":true,"x":1}]}`, "Only one key allowed in match expression"},
		{`{"a":[{"cidr":1}]}`, "prefix match pattern must be a string"},
		{`{"a":[{"cidr":"10.0.0.0"}]}`, "Malformed CIDR, one '/' required"},
		{`{"a":[{"cidr":"10.0.0.0/"}]}`, "Malformed CIDR, one '/' required"},
		{`{"a":[{"cidr":"10.0.0.0/x"}]}`, "Malformed CIDR, mask bits must be an integer"},
		{`{"a":[{"cidr":"10.0.0.0/-1"}]}`, "Malformed CIDR, mask bits must not be negative"},
		{`{"a":[{"cidr":"10.0.0.0/32"}]}`, "IPv4 mask bits must be < 32"},
		{`{"a":[{"cidr":"::/128"}]}`, "IPv6 mask bits must be < 128"},
		{`{"a":[{"cidr":"example.com/8"}]}`, "Nonstandard IP address: example.com"},
		{`{"a":[{"cidr":"300.0.0.0/8"}]}`, "Invalid IP address: 300.0.0.0"},
		{`{"$or":[{"a":["x"]},{"prefix":["y"]},{"b":[1]}],"c":[{"prefx":1}]}`, "Unrecognized match type a"},
		{`{"$or":[{"a":["x"]},{"b":["y"]}],"c":[{"prefx":1}]}`, "Unrecognized match type prefx"},
		{`{"$or":[{"a":["x"]}]}`, "Unrecognized match type a"},
		{`{"a":{"$or":[{"b":["x"]},{"c":{"numeric":[1]}}]}}`, "Unrecognized match type b"},
		// JSON syntax.
		{`{"a":["x"]`, "Unexpected end-of-input: expected close marker for OBJECT"},
		{`{"a":["x"}`, "Unexpected character ('}' (code 125)): was expecting comma to separate Array entries"},
		{`{"a":["x",]}`, "Unexpected character (']' (code 93)): expected a value"},
		{`{"a" ["x"]}`, "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"},
		{`{a:["x"]}`, "Unrecognized token 'a': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{`{"a":["x"],}`, "Unexpected character ('}' (code 125)): was expecting double-quote to start field name"},
		{`{"a":["x"] "b":["y"]}`, "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries"},
		{`{"a":["x]}`, "Unexpected end-of-input: was expecting closing quote for a string value"},
		{`{"a":[tru]}`, "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{`{"a":[01]}`, "Invalid numeric value: 01"},
		{`{"a":[1.]}`, "Invalid numeric value: 1."},
		{`{"a":["\q"]}`, "Unrecognized character escape 'q' (code 113)"},
		{"{\"a\":[\"x\ny\"]}", "Illegal unquoted character (CTRL-CHAR, code 10): has to be escaped using backslash to be included in string value"},
		{`{"a":["x"]} x`, "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{`{"a":["x"]} {}`, "Unexpected character ('{' (code 123)): expected end-of-input"},
		{`{"a":[#]}`, "Unexpected character ('#' (code 35)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{strings.Repeat(`{"a":`, 1001) + `["x"]` + strings.Repeat(`}`, 1001), "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"},
	}
	for _, tc := range cases {
		p, err := Parse(tc.pattern)
		if tc.reason == "" {
			if err != nil {
				t.Errorf("Parse(%s): %v", tc.pattern, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("Parse(%s) = %s, want error %q", tc.pattern, p, tc.reason)
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("Parse(%s): error %T %v is not an *Error wrapping ErrInvalidParameter", tc.pattern, err, err)
			continue
		}
		if pe.Reason != tc.reason {
			t.Errorf("Parse(%.80s):\n got %q\nwant %q", tc.pattern, pe.Reason, tc.reason)
		}
		if !strings.HasPrefix(err.Error(), "Event pattern is not valid. Reason: "+tc.reason+"\n at [Source: (String)\"") {
			t.Errorf("Parse(%.80s): message %q", tc.pattern, err.Error())
		}
	}
}

func TestErrorLocation(t *testing.T) {
	_, err := Parse(`{"source": "aws.ec2"}`)
	want := "Event pattern is not valid. Reason: \"source\" must be an object or an array\n at [Source: (String)\"{\"source\": \"aws.ec2\"}\"; line: 1, column: 21]"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	_, err = Parse("{\n  \"detail\": {\n    \"x\": [{\"prefx\": \"a\"}]\n  }\n}")
	var pe *Error
	if !errors.As(err, &pe) || pe.Line != 3 || pe.Column != 19 {
		t.Errorf("location of %v = line %d column %d, want 3:19", err, pe.Line, pe.Column)
	}
	long := `{"a":[{"prefx":"` + strings.Repeat("é", 600) + `"}]}`
	_, err = Parse(long)
	if err == nil || !strings.Contains(err.Error(), "[truncated 120 chars]; line: 1") {
		t.Errorf("long pattern message = %v", err)
	}
}

func TestString(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{ "source" : [ "aws.ec2" ] }`, `{"source":["aws.ec2"]}`},
		{`{"b":[1],"a":{"y":[true],"x":[null,3.0e2,"s"]}}`, `{"a":{"x":[null,3.0e2,"s"],"y":[true]},"b":[1]}`},
		{`{"a":["x"],"a":["y"]}`, `{"a":["y"]}`},
		{`{"a":[{"prefix":"p"},{"prefix":{"equals-ignore-case":"P"}},{"suffix":"s"},{"suffix":{"equals-ignore-case":"S"}}]}`,
			`{"a":[{"prefix":"p"},{"prefix":{"equals-ignore-case":"P"}},{"suffix":"s"},{"suffix":{"equals-ignore-case":"S"}}]}`},
		{`{"a":[{"anything-but":"x"},{"anything-but":[1,2]},{"anything-but":{"prefix":["a","b"]}},{"anything-but":{"wildcard":"*x"}}]}`,
			`{"a":[{"anything-but":"x"},{"anything-but":[1,2]},{"anything-but":{"prefix":["a","b"]}},{"anything-but":{"wildcard":"*x"}}]}`},
		{`{"a":[{"numeric":[">",0,"<=",5]},{"numeric":["=",3.018e2]},{"numeric":["<",1]},{"numeric":[">=",1]}]}`,
			`{"a":[{"numeric":[">",0,"<=",5]},{"numeric":["=",3.018e2]},{"numeric":["<",1]},{"numeric":[">=",1]}]}`},
		{`{"a":[{"exists":false},{"cidr":"10.0.0.0/8"},{"equals-ignore-case":"q"},{"wildcard":"a\\*"}]}`,
			`{"a":[{"exists":false},{"cidr":"10.0.0.0/8"},{"equals-ignore-case":"q"},{"wildcard":"a\\*"}]}`},
		{`{"z":["1"],"$or":[{"b":["1"]},{"a":["2"]}],"y":["2"]}`, `{"y":["2"],"z":["1"],"$or":[{"b":["1"]},{"a":["2"]}]}`},
		{`{"$or":{"a":["x"]}}`, `{"$or":{"a":["x"]}}`},
		{`{"a":["\u00e9\n\"\\\u0001"]}`, `{"a":["é\n\"\\\u0001"]}`},
		{`{"a":["\ud83d\ude00","\ud800x"]}`, `{"a":["😀","` + "\uFFFD" + `x"]}`},
	}
	for _, tc := range cases {
		p, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%s): %v", tc.in, err)
			continue
		}
		if got := p.String(); got != tc.want {
			t.Errorf("Parse(%s).String() =\n %s\nwant\n %s", tc.in, got, tc.want)
		}
	}
}
