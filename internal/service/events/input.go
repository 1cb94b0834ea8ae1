package events

import (
	"encoding/json"
	"strings"
)

// compiledInput turns the matched event into what a target receives.
type compiledInput struct {
	constant    string
	path        *jsonPath
	transformer *compiledTransformer
}

type compiledTransformer struct {
	paths    map[string]*jsonPath
	template string
}

// predefined InputTransformer variables.
const (
	varEvent     = "aws.events.event"
	varEventJSON = "aws.events.event.json"
	varRuleName  = "aws.events.rule-name"
	varRuleARN   = "aws.events.rule-arn"
	varIngestion = "aws.events.event.ingestion-time"
)

func compileInput(t Target) (*compiledInput, error) {
	ci := &compiledInput{}
	switch {
	case t.Input != "":
		if len(t.Input) > maxInputLen {
			return nil, tooLong("targets.member.input", maxInputLen)
		}
		if !json.Valid([]byte(t.Input)) {
			return nil, validation("Parameter Input is not valid. Reason: the input must be valid JSON.")
		}
		ci.constant = t.Input
	case t.InputPath != "":
		if len(t.InputPath) > maxInputPathLen {
			return nil, tooLong("targets.member.inputPath", maxInputPathLen)
		}
		p, err := parseJSONPath("InputPath", t.InputPath)
		if err != nil {
			return nil, err
		}
		ci.path = p
	case t.InputTransformer != nil:
		it := t.InputTransformer
		if it.InputTemplate == "" {
			return nil, missing("targets.member.inputTransformer.inputTemplate")
		}
		if len(it.InputTemplate) > maxInputLen {
			return nil, tooLong("targets.member.inputTransformer.inputTemplate", maxInputLen)
		}
		if len(it.InputPathsMap) > 100 {
			return nil, validation("InputPathsMap has more than 100 entries.")
		}
		ct := &compiledTransformer{paths: map[string]*jsonPath{}, template: it.InputTemplate}
		for name, src := range it.InputPathsMap {
			if strings.HasPrefix(name, "aws.") {
				return nil, validation("Parameter InputPathsMap is not valid. Reason: %s is a reserved name.", name)
			}
			p, err := parseJSONPath("InputPathsMap", src)
			if err != nil {
				return nil, err
			}
			ct.paths[name] = p
		}
		ci.transformer = ct
	}
	return ci, nil
}

// matchedEvent is what input transformation reads.
type matchedEvent struct {
	raw           []byte
	ruleName      string
	ruleARN       string
	ingestionTime string
}

// render returns the target's input for the event: the whole event by
// default.
func (ci *compiledInput) render(m *matchedEvent) ([]byte, error) {
	switch {
	case ci.constant != "":
		return []byte(ci.constant), nil
	case ci.path != nil:
		v, ok := ci.path.eval(m.raw)
		if !ok {
			return []byte("null"), nil
		}
		return v, nil
	case ci.transformer != nil:
		return ci.transformer.render(m)
	}
	return m.raw, nil
}

// render fills the template's <name> placeholders. Inside a JSON string a
// string value goes in without its quotes; elsewhere every value goes in
// as JSON. A placeholder with no value becomes null, or nothing inside a
// string.
func (ct *compiledTransformer) render(m *matchedEvent) ([]byte, error) {
	var out []byte
	inString := false
	t := ct.template
	for i := 0; i < len(t); i++ {
		ch := t[i]
		switch {
		case ch == '\\' && inString && i+1 < len(t):
			out = append(out, ch, t[i+1])
			i++
			continue
		case ch == '"':
			inString = !inString
		case ch == '<':
			end := strings.IndexByte(t[i:], '>')
			if end > 1 {
				name := t[i+1 : i+end]
				if v, known := ct.value(name, m); known {
					out = appendValue(out, v, inString)
					i += end
					continue
				}
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

// value resolves a placeholder to JSON text, nil when the path is not
// in the event; known is false for text that is not a placeholder.
func (ct *compiledTransformer) value(name string, m *matchedEvent) (v json.RawMessage, known bool) {
	str := func(s string) json.RawMessage {
		b, _ := json.Marshal(s)
		return b
	}
	switch name {
	case varEvent, varEventJSON:
		return m.raw, true
	case varRuleName:
		return str(m.ruleName), true
	case varRuleARN:
		return str(m.ruleARN), true
	case varIngestion:
		return str(m.ingestionTime), true
	}
	p, ok := ct.paths[name]
	if !ok {
		return nil, false
	}
	v, _ = p.eval(m.raw)
	return v, true
}

// appendValue inserts JSON text: a string inside a template string goes in
// as its escaped content, anything else as it is; a missing value is null,
// or nothing inside a string.
func appendValue(out []byte, v json.RawMessage, inString bool) []byte {
	if v == nil {
		if inString {
			return out
		}
		return append(out, "null"...)
	}
	if inString && len(v) >= 2 && v[0] == '"' {
		return append(out, v[1:len(v)-1]...)
	}
	return append(out, v...)
}
