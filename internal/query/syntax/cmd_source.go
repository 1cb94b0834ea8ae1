package syntax

import (
	"fmt"
	"strings"
)

// Source limits from the CloudWatch documentation.
const (
	maxSourcePrefixes = 5
	maxSourceAccounts = 20
)

// Log classes a SOURCE command may select.
const (
	ClassStandard         = "STANDARD"
	ClassInfrequentAccess = "INFREQUENT_ACCESS"
)

// SourceCmd selects the log groups to query, replacing the StartQuery
// log-group parameters:
//
//	SOURCE logGroups(namePrefix: ["app-", "web-"], class: "STANDARD", accountIdentifiers: ["123456789012"])
//
// It must be the first command. The engine does not resolve groups; the
// caller does, with the selector this node carries.
type SourceCmd struct {
	Pos
	NamePrefixes       []string
	Class              string // "" means STANDARD
	AccountIdentifiers []string
}

// Name returns "SOURCE".
func (*SourceCmd) Name() string { return "SOURCE" }

// LogClass returns the selected class, STANDARD when none was given.
func (c *SourceCmd) LogClass() string {
	if c.Class == "" {
		return ClassStandard
	}
	return c.Class
}

func (c *SourceCmd) String() string {
	var args []string
	list := func(vals []string) string {
		q := make([]string, len(vals))
		for i, v := range vals {
			q[i] = quoteString(v)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	if len(c.NamePrefixes) > 0 {
		args = append(args, "namePrefix: "+list(c.NamePrefixes))
	}
	if c.Class != "" {
		args = append(args, "class: "+quoteString(c.Class))
	}
	if len(c.AccountIdentifiers) > 0 {
		args = append(args, "accountIdentifiers: "+list(c.AccountIdentifiers))
	}
	return "SOURCE logGroups(" + strings.Join(args, ", ") + ")"
}

func (c *SourceCmd) reads() []Expr { return nil }

func (c *SourceCmd) defines() []string { return nil }

// parseSourceValues parses a string, a bare word, or a [list] of them.
func (p *parser) parseSourceValues(arg string) ([]string, bool) {
	one := func() (string, bool) {
		switch t := p.tok; {
		case t.kind == tString:
			p.next()
			return t.val, true
		case t.kind == tIdent && !t.quoted:
			p.next()
			return t.text, true
		}
		p.unexpected(fmt.Sprintf("a quoted value for %s", arg))
		return "", false
	}
	if p.tok.kind != tLBrack {
		v, ok := one()
		return []string{v}, ok
	}
	p.next()
	var vals []string
	for {
		v, ok := one()
		if !ok {
			return nil, false
		}
		vals = append(vals, v)
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	return vals, p.expect(tRBrack, `"," or "]"`)
}

func parseSourceCmd(p *parser, kw token) Command {
	if !p.isKeyword("logGroups") {
		p.unexpected(`logGroups(...) after SOURCE`)
		return nil
	}
	p.next()
	if !p.expect(tLParen, `"(" after logGroups`) {
		return nil
	}
	c := &SourceCmd{}
	seen := map[string]bool{}
	for p.tok.kind != tRParen {
		t := p.tok
		if t.kind != tIdent || t.quoted || len(t.path) != 1 {
			p.unexpected("namePrefix, class or accountIdentifiers")
			return nil
		}
		arg := t.path[0]
		key := strings.ToLower(arg)
		if seen[key] {
			p.fail(t.pos, t.end, "%s %s is given twice", arg, p.at(t.pos))
			return nil
		}
		seen[key] = true
		p.next()
		if !p.expect(tColon, fmt.Sprintf(`":" after %s`, arg)) {
			return nil
		}
		vstart := p.tok.pos
		vals, ok := p.parseSourceValues(arg)
		if !ok {
			return nil
		}
		switch key {
		case "nameprefix":
			if len(vals) > maxSourcePrefixes {
				p.fail(vstart, p.tok.pos, "namePrefix %s lists %d prefixes: at most %d are allowed", p.at(vstart), len(vals), maxSourcePrefixes)
				return nil
			}
			c.NamePrefixes = vals
		case "class":
			if len(vals) != 1 {
				p.fail(vstart, p.tok.pos, "class %s takes one log class", p.at(vstart))
				return nil
			}
			cl := strings.ToUpper(vals[0])
			if cl != ClassStandard && cl != ClassInfrequentAccess {
				p.fail(vstart, p.tok.pos, "class %s must be STANDARD or INFREQUENT_ACCESS, not %q", p.at(vstart), vals[0])
				return nil
			}
			c.Class = cl
		case "accountidentifiers":
			if len(vals) > maxSourceAccounts {
				p.fail(vstart, p.tok.pos, "accountIdentifiers %s lists %d accounts: at most %d are allowed", p.at(vstart), len(vals), maxSourceAccounts)
				return nil
			}
			for _, a := range vals {
				if len(a) != 12 || strings.Trim(a, "0123456789") != "" {
					p.fail(vstart, p.tok.pos, "account identifier %q %s is not a 12-digit account id", a, p.at(vstart))
					return nil
				}
			}
			c.AccountIdentifiers = vals
		default:
			p.fail(t.pos, t.end, "unknown SOURCE argument %q %s: expected namePrefix, class or accountIdentifiers", arg, p.at(t.pos))
			return nil
		}
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	if !p.expect(tRParen, `"," or ")"`) {
		return nil
	}
	c.Pos = p.span(kw)
	return c
}
