package syntax

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxLimit is the largest row count a limit command may ask for.
const MaxLimit = 1_000_000

// Parse parses a query. On failure it returns a nil query and a ParseErrors
// listing every problem found (up to a small maximum); errors.Is(err,
// model.ErrMalformedQuery) holds for it.
func Parse(src string) (*Query, error) {
	if !utf8.ValidString(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRuneInString(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, ParseErrors{{Start: off, End: off + 1, Msg: "the query is not valid UTF-8 text " + "at " + position(src, off)}}
	}
	p := &parser{src: src, lex: lexer{src: src}}
	p.next()
	q := p.parseQuery()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return q, nil
}

// commandParsers maps a lower-case command keyword to the function that
// parses the rest of the command; each lives beside its node type.
var commandParsers map[string]func(p *parser, kw token) Command

func init() {
	commandParsers = map[string]func(p *parser, kw token) Command{
		"fields":      parseFieldsCmd,
		"display":     parseDisplayCmd,
		"filter":      parseFilterCmd,
		"filterindex": parseFilterIndexCmd,
		"stats":       parseStatsCmd,
		"sort":        parseSortCmd,
		"limit":       parseLimitCmd,
		"parse":       parseParseCmd,
		"dedup":       parseDedupCmd,
		"unnest":      parseUnnestCmd,
		"unmask":      parseUnmaskCmd,
		"pattern":     parsePatternCmd,
		"diff":        parseDiffCmd,
		"anomaly":     parseAnomalyCmd,
		"source":      parseSourceCmd,
	}
}

// commandList is the command names as error messages list them.
const commandList = "fields, display, filter, filterIndex, stats, sort, limit, parse, dedup, unnest, unmask, pattern, diff, anomaly or SOURCE"

// exprContext says which functions an expression may call.
type exprContext uint8

const (
	ctxScalar exprContext = iota // aggregates only as a reference to an earlier stats column
	ctxStats                     // a stats item: aggregates allowed, not nested
)

type parser struct {
	src  string
	lex  lexer
	tok  token
	errs ParseErrors
	// failed is set by the first error in a command; the parser then skips
	// to the next "|" and reports nothing more for that command.
	failed    bool
	statsSeen int // stats commands before the current one
	ctx       exprContext
	aggDepth  int
}

func (p *parser) next() { p.tok = p.lex.next() }

type parserState struct {
	lex lexer
	tok token
}

func (p *parser) save() parserState     { return parserState{p.lex, p.tok} }
func (p *parser) restore(s parserState) { p.lex, p.tok = s.lex, s.tok }

// at phrases a byte offset for a message: "at position 23".
func (p *parser) at(off int) string { return "at " + position(p.src, off) }

// fail records an error unless the current command already has one.
func (p *parser) fail(start, end int, format string, args ...any) {
	if p.failed {
		return
	}
	p.failed = true
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, ParseError{Start: start, End: end, Msg: fmt.Sprintf(format, args...)})
	}
}

// unexpected reports the current token as out of place.
func (p *parser) unexpected(expected string) {
	t := p.tok
	if t.kind == tIllegal {
		p.fail(t.pos, t.end, "%s %s", t.val, p.at(t.pos))
		return
	}
	p.fail(t.pos, t.end, "unexpected %s %s: expected %s", describeToken(t), p.at(t.pos), expected)
}

// isKeyword reports whether the current token is the given keyword.
func (p *parser) isKeyword(word string) bool {
	t := p.tok
	return t.kind == tIdent && !t.quoted && len(t.path) == 1 && strings.EqualFold(t.path[0], word)
}

// acceptKeyword consumes the keyword if it is next.
func (p *parser) acceptKeyword(word string) bool {
	if p.isKeyword(word) {
		p.next()
		return true
	}
	return false
}

// expect consumes a token of kind k or reports what was wanted.
func (p *parser) expect(k tokKind, what string) bool {
	if p.tok.kind != k {
		p.unexpected(what)
		return false
	}
	p.next()
	return true
}

// reservedWords are the keywords that cannot be bare field names inside
// expressions and lists; such fields must be backticked.
var reservedWords = []string{"and", "or", "not", "like", "in", "as", "by", "asc", "desc", "into"}

func isReservedAlone(s string) bool {
	for _, w := range reservedWords {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

func (p *parser) atReserved() bool {
	t := p.tok
	return t.kind == tIdent && !t.quoted && len(t.path) == 1 && isReservedAlone(t.path[0])
}

func (p *parser) parseQuery() *Query {
	q := &Query{}
	if p.tok.kind == tEOF {
		p.fail(0, 0, "the query is empty: write at least one command, such as fields @timestamp, @message")
		return q
	}
	for {
		if p.tok.kind == tPipe || p.tok.kind == tEOF {
			p.unexpected("a command such as fields, filter or stats")
		} else if cmd := p.parseCommand(); cmd != nil && !p.failed {
			q.Commands = append(q.Commands, cmd)
			if p.tok.kind != tPipe && p.tok.kind != tEOF {
				p.unexpected(`"|" or the end of the query`)
			}
		}
		if p.failed {
			p.skipCommand()
			p.failed = false
		}
		if p.tok.kind == tEOF || len(p.errs) >= maxErrors {
			break
		}
		pipe := p.tok
		p.next()
		if p.tok.kind == tEOF {
			p.fail(pipe.pos, pipe.end, `the query ends with "|" %s: expected a command after it`, p.at(pipe.pos))
			break
		}
	}
	p.checkQuery(q)
	return q
}

// skipCommand moves to the next "|" outside brackets, or to the end.
func (p *parser) skipCommand() {
	depth := 0
	for p.tok.kind != tEOF {
		switch p.tok.kind {
		case tLParen, tLBrack:
			depth++
		case tRParen, tRBrack:
			if depth > 0 {
				depth--
			}
		case tPipe:
			if depth == 0 {
				return
			}
		case tSlash:
			// Skip a regular expression whole, so a | inside it does not
			// look like the end of the command.
			if t := p.lex.regexFrom(p.tok.pos); t.kind == tRegex {
				p.tok = t
			} else {
				p.lex.pos = p.tok.end
			}
		}
		p.next()
	}
}

func (p *parser) parseCommand() Command {
	kw := p.tok
	if kw.kind != tIdent || kw.quoted || len(kw.path) != 1 {
		p.unexpected("a command (" + commandList + ")")
		return nil
	}
	name := strings.ToLower(kw.path[0])
	parse, ok := commandParsers[name]
	if !ok {
		msg := fmt.Sprintf("unknown command %q %s: expected %s", kw.text, p.at(kw.pos), commandList)
		if s := suggest(name, commandNames()); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		p.fail(kw.pos, kw.end, "%s", msg)
		return nil
	}
	p.next()
	cmd := parse(p, kw)
	if p.failed {
		return nil
	}
	if _, ok := cmd.(*StatsCmd); ok {
		p.statsSeen++
	}
	return cmd
}

func commandNames() []string {
	names := make([]string, 0, len(commandParsers))
	for n := range commandParsers {
		names = append(names, n)
	}
	return names
}

// checkQuery enforces rules about where commands may appear.
func (p *parser) checkQuery(q *Query) {
	stats, patterns, diffs := 0, 0, 0
	for i, c := range q.Commands {
		sp := c.Span()
		p.failed = false
		switch cmd := c.(type) {
		case *SourceCmd:
			if i != 0 {
				p.fail(sp.Start, sp.End, "SOURCE %s must be the first command of the query", p.at(sp.Start))
			}
		case *StatsCmd:
			stats++
			if stats > 2 {
				p.fail(sp.Start, sp.End, "stats %s is the third stats command: a query can have at most two", p.at(sp.Start))
			}
		case *PatternCmd:
			patterns++
		case *AnomalyCmd:
			if patterns == 0 {
				p.fail(sp.Start, sp.End, "anomaly %s needs a pattern command before it, for example pattern @message | anomaly", p.at(sp.Start))
			}
		case *DiffCmd:
			diffs++
			if diffs > 1 {
				p.fail(sp.Start, sp.End, "diff %s is the second diff command: a query can compare with only one earlier time range", p.at(sp.Start))
			} else if stats > 0 && patterns == 0 {
				p.fail(sp.Start, sp.End, "diff %s compares log events or patterns, so it cannot follow stats", p.at(sp.Start))
			}
		case *DedupCmd:
			for _, after := range q.Commands[i+1:] {
				if _, ok := after.(*LimitCmd); !ok {
					as := after.Span()
					p.fail(as.Start, as.End, "%s %s cannot follow dedup: only limit may come after dedup", after.Name(), p.at(as.Start))
					break
				}
			}
		default:
			_ = cmd
		}
	}
	p.failed = false
}

// suggest returns the candidate closest to s when it is a plausible typo.
func suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, strings.ToLower(c)); d < bestD || (d == bestD && best != "" && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > len(s)/2 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ---- expressions ----

// canStartExpr reports whether the current token can begin an expression.
func (p *parser) canStartExpr() bool {
	switch p.tok.kind {
	case tIdent:
		return !p.atReserved() || p.isKeyword("not")
	case tNumber, tDuration, tString, tLParen, tMinus:
		return true
	}
	return false
}

// parseExpr parses a full expression in the given context.
func (p *parser) parseExpr(ctx exprContext) Expr {
	saved := p.ctx
	p.ctx = ctx
	e := p.parseOr()
	p.ctx = saved
	return e
}

func (p *parser) parseOr() Expr {
	l := p.parseAnd()
	for l != nil && p.isKeyword("or") {
		p.next()
		r := p.parseAnd()
		if r == nil {
			return nil
		}
		l = &BinaryExpr{Op: OpOr, L: l, R: r}
	}
	return l
}

func (p *parser) parseAnd() Expr {
	l := p.parseNot()
	for l != nil && p.isKeyword("and") {
		p.next()
		r := p.parseNot()
		if r == nil {
			return nil
		}
		l = &BinaryExpr{Op: OpAnd, L: l, R: r}
	}
	return l
}

func (p *parser) parseNot() Expr {
	if p.isKeyword("not") {
		p.next()
		x := p.parseNot()
		if x == nil {
			return nil
		}
		return &UnaryExpr{Op: OpNot, X: x}
	}
	return p.parseComparison()
}

func comparisonOp(k tokKind) (BinaryOp, bool) {
	switch k {
	case tEq:
		return OpEq, true
	case tNe:
		return OpNe, true
	case tLt:
		return OpLt, true
	case tLe:
		return OpLe, true
	case tGt:
		return OpGt, true
	case tGe:
		return OpGe, true
	case tMatch:
		return OpMatch, true
	}
	return 0, false
}

// comparisonAhead reports the comparison operator at the current token, if
// any, without consuming it; negated forms (not like, not in) need one
// token of look-ahead.
func (p *parser) comparisonAhead() (BinaryOp, bool) {
	if op, ok := comparisonOp(p.tok.kind); ok {
		return op, true
	}
	switch {
	case p.isKeyword("like"):
		return OpLike, true
	case p.isKeyword("in"):
		return OpIn, true
	case p.isKeyword("not"):
		st := p.save()
		p.next()
		op := BinaryOp(0)
		if p.isKeyword("like") {
			op = OpNotLike
		} else if p.isKeyword("in") {
			op = OpNotIn
		}
		p.restore(st)
		return op, op != 0
	}
	return 0, false
}

func (p *parser) parseComparison() Expr {
	l := p.parseAdditive()
	if l == nil {
		return nil
	}
	op, ok := p.comparisonAhead()
	if !ok {
		return l
	}
	opTok := p.tok
	if op == OpNotLike || op == OpNotIn {
		p.next()
	}
	p.next()
	var r Expr
	switch op {
	case OpLike, OpNotLike, OpMatch:
		r = p.parseMatchPattern(opTok)
	case OpIn, OpNotIn:
		r = p.parseList(opTok)
	default:
		r = p.parseAdditive()
	}
	if r == nil {
		return nil
	}
	if _, chained := p.comparisonAhead(); chained {
		p.fail(p.tok.pos, p.tok.end, "comparisons cannot be chained %s: use and, or parentheses, to combine them", p.at(p.tok.pos))
		return nil
	}
	return &BinaryExpr{Op: op, L: l, R: r}
}

// parseMatchPattern parses the right side of like / not like / =~: a
// quoted substring or a /regular expression/.
func (p *parser) parseMatchPattern(opTok token) Expr {
	switch p.tok.kind {
	case tString:
		s := &StringLit{Value: p.tok.val}
		p.next()
		return s
	case tSlash:
		return p.parseRegex()
	}
	p.unexpected(fmt.Sprintf("a quoted string or a /regular expression/ after %q", strings.ToLower(opTok.text)))
	return nil
}

// parseRegex parses a /…/ literal; the current token is its opening slash.
func (p *parser) parseRegex() *RegexLit {
	t := p.lex.regexFrom(p.tok.pos)
	if t.kind != tRegex {
		p.tok = t
		p.unexpected("a regular expression")
		return nil
	}
	re, groups, err := compileRegex(t.val)
	if err != nil {
		p.fail(t.pos, t.end, "invalid regular expression %s: %s", p.at(t.pos), regexErrorText(err))
		return nil
	}
	p.next()
	return &RegexLit{Source: t.val, Regexp: re, Groups: groups}
}

func (p *parser) parseList(opTok token) Expr {
	if p.tok.kind != tLBrack {
		p.unexpected(fmt.Sprintf("a list such as [\"a\", \"b\"] after %q", strings.ToLower(opTok.text)))
		return nil
	}
	p.next()
	list := &ListLit{}
	if p.tok.kind == tRBrack {
		p.unexpected("at least one value in the list")
		return nil
	}
	for {
		if !p.canStartExpr() {
			p.unexpected("a value in the list")
			return nil
		}
		e := p.parseAdditive()
		if e == nil {
			return nil
		}
		list.Elems = append(list.Elems, e)
		if p.tok.kind == tComma {
			p.next()
			continue
		}
		if !p.expect(tRBrack, `"," or "]"`) {
			return nil
		}
		return list
	}
}

func (p *parser) parseAdditive() Expr {
	l := p.parseMultiplicative()
	for l != nil && (p.tok.kind == tPlus || p.tok.kind == tMinus) {
		op := OpAdd
		if p.tok.kind == tMinus {
			op = OpSub
		}
		p.next()
		r := p.parseMultiplicative()
		if r == nil {
			return nil
		}
		l = &BinaryExpr{Op: op, L: l, R: r}
	}
	return l
}

func (p *parser) parseMultiplicative() Expr {
	l := p.parseUnary()
	for l != nil && (p.tok.kind == tStar || p.tok.kind == tSlash || p.tok.kind == tPercent) {
		op := map[tokKind]BinaryOp{tStar: OpMul, tSlash: OpDiv, tPercent: OpMod}[p.tok.kind]
		p.next()
		r := p.parseUnary()
		if r == nil {
			return nil
		}
		l = &BinaryExpr{Op: op, L: l, R: r}
	}
	return l
}

func (p *parser) parseUnary() Expr {
	if p.tok.kind == tMinus {
		p.next()
		x := p.parseUnary()
		if x == nil {
			return nil
		}
		return &UnaryExpr{Op: OpNeg, X: x}
	}
	return p.parsePower()
}

func (p *parser) parsePower() Expr {
	base := p.parsePostfix()
	if base == nil || p.tok.kind != tCaret {
		return base
	}
	p.next()
	exp := p.parseUnary()
	if exp == nil {
		return nil
	}
	return &BinaryExpr{Op: OpPow, L: base, R: exp}
}

func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	for x != nil && p.tok.kind == tLBrack {
		p.next()
		if !p.canStartExpr() {
			p.unexpected("a list index")
			return nil
		}
		idx := p.parseOr()
		if idx == nil || !p.expect(tRBrack, `"]"`) {
			return nil
		}
		x = &IndexExpr{X: x, Index: idx}
	}
	return x
}

func (p *parser) parsePrimary() Expr {
	t := p.tok
	switch t.kind {
	case tNumber:
		p.next()
		return &NumberLit{Value: t.num}
	case tDuration:
		if !t.dur.valid() {
			p.fail(t.pos, t.end, "time period %s %s is too long", t.text, p.at(t.pos))
			return nil
		}
		p.next()
		return &DurationLit{Duration: t.dur}
	case tString:
		p.next()
		return &StringLit{Value: t.val}
	case tLParen:
		p.next()
		if !p.canStartExpr() {
			p.unexpected("an expression after \"(\"")
			return nil
		}
		e := p.parseOr()
		if e == nil || !p.expect(tRParen, `")"`) {
			return nil
		}
		return e
	case tIdent:
		if p.atReserved() {
			p.unexpected("a field name or a value (write `" + t.path[0] + "` in backticks if it is a field)")
			return nil
		}
		p.next()
		if !t.quoted && len(t.path) == 1 && p.tok.kind == tLParen {
			return p.parseCall(t)
		}
		return &FieldRef{Path: t.path}
	case tSlash:
		p.unexpected("a field name or a value (a /regular expression/ goes after like or =~)")
		return nil
	}
	p.unexpected("a field name or a value")
	return nil
}

// parseCall parses a function call; name is the already consumed function
// name and the current token is "(".
func (p *parser) parseCall(name token) Expr {
	fn := Lookup(name.path[0])
	if fn == nil {
		all := Functions()
		names := make([]string, len(all))
		for i, f := range all {
			names[i] = f.Name
		}
		msg := fmt.Sprintf("unknown function %q %s", name.path[0], p.at(name.pos))
		if s := suggest(strings.ToLower(name.path[0]), names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		p.fail(name.pos, name.end, "%s", msg)
		return nil
	}
	if fn.Aggregate() {
		switch {
		case p.ctx == ctxStats && p.aggDepth > 0:
			p.fail(name.pos, name.end, "%s %s is inside another aggregate function: aggregates cannot be nested", fn.Name, p.at(name.pos))
			return nil
		case p.ctx != ctxStats && p.statsSeen == 0:
			p.fail(name.pos, name.end, "%s %s is an aggregate function and can only be used in stats", fn.Name, p.at(name.pos))
			return nil
		}
		p.aggDepth++
		defer func() { p.aggDepth-- }()
	}
	p.next() // (
	call := &CallExpr{Name: fn.Name}
	if p.tok.kind != tRParen {
		for {
			if fn.Name == "count" && p.tok.kind == tStar && len(call.Args) == 0 {
				p.next()
				call.Args = append(call.Args, &StarExpr{})
			} else {
				if !p.canStartExpr() {
					p.unexpected(fmt.Sprintf("an argument for %s", fn.Name))
					return nil
				}
				a := p.parseOr()
				if a == nil {
					return nil
				}
				call.Args = append(call.Args, a)
			}
			if p.tok.kind != tComma {
				break
			}
			p.next()
		}
	}
	closeTok := p.tok
	if !p.expect(tRParen, `"," or ")"`) {
		return nil
	}
	if n := len(call.Args); n < fn.MinArgs || (fn.MaxArgs >= 0 && n > fn.MaxArgs) {
		p.fail(name.pos, closeTok.end, "%s %s takes %s, not %d", fn.Name, p.at(name.pos), arityText(fn), n)
		return nil
	}
	if !p.checkArgs(call, name, closeTok) {
		return nil
	}
	return call
}

func arityText(fn *FuncInfo) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case fn.MaxArgs < 0:
		return "at least " + plural(fn.MinArgs)
	case fn.MinArgs == fn.MaxArgs:
		return plural(fn.MinArgs)
	}
	return fmt.Sprintf("%d or %d arguments", fn.MinArgs, fn.MaxArgs)
}

// checkArgs applies per-function argument rules that the grammar alone
// does not express.
func (p *parser) checkArgs(call *CallExpr, name, closeTok token) bool {
	bad := func(format string, args ...any) bool {
		p.fail(name.pos, closeTok.end, format, args...)
		return false
	}
	isDuration := func(e Expr) bool { _, ok := e.(*DurationLit); return ok }
	switch call.Name {
	case "bin":
		if !isDuration(call.Args[0]) {
			return bad("bin %s takes a time period such as 5m or 1h", p.at(name.pos))
		}
	case "datefloor", "dateceil":
		if !isDuration(call.Args[1]) {
			return bad("%s %s takes a time period such as 1h as its second argument", call.Name, p.at(name.pos))
		}
	case "pct":
		n, ok := call.Args[1].(*NumberLit)
		if !ok || n.Value < 0 || n.Value > 100 {
			return bad("pct %s takes a percentile between 0 and 100 as its second argument, as in pct(latency, 95)", p.at(name.pos))
		}
	}
	for _, a := range call.Args {
		if _, ok := a.(*DurationLit); ok && call.Name != "bin" && call.Name != "datefloor" && call.Name != "dateceil" {
			return bad("%s %s does not take a time period", call.Name, p.at(name.pos))
		}
	}
	return true
}

// ---- shared pieces of command grammar ----

// parseFieldRef parses a bare field name; after names the keyword it
// follows, for the error message.
func (p *parser) parseFieldRef(after string) *FieldRef {
	if p.tok.kind != tIdent || p.atReserved() {
		p.unexpected(fmt.Sprintf("a field name after %q", after))
		return nil
	}
	f := &FieldRef{Path: p.tok.path}
	p.next()
	return f
}

// parseAlias parses the name after "as".
func (p *parser) parseAlias() (string, bool) {
	if p.tok.kind != tIdent || p.atReserved() {
		p.unexpected(`a name after "as"`)
		return "", false
	}
	name := strings.Join(p.tok.path, ".")
	p.next()
	return name, true
}

// parseProjections parses expr [as alias] {, expr [as alias]}.
func (p *parser) parseProjections(after string, ctx exprContext) []Projection {
	var out []Projection
	for {
		if !p.canStartExpr() {
			if len(out) == 0 {
				p.unexpected(fmt.Sprintf("a field name after %q", after))
			} else {
				p.unexpected(`a field name after ","`)
			}
			return nil
		}
		e := p.parseExpr(ctx)
		if e == nil {
			return nil
		}
		pr := Projection{Expr: e}
		if p.acceptKeyword("as") {
			name, ok := p.parseAlias()
			if !ok {
				return nil
			}
			pr.Alias = name
		}
		out = append(out, pr)
		if p.tok.kind != tComma {
			return out
		}
		p.next()
	}
}

// span builds a command span from its keyword to the current position.
func (p *parser) span(kw token) Pos {
	end := p.tok.pos
	if p.tok.kind == tEOF {
		end = len(p.src)
	}
	// Trailing blanks and comments belong to no command.
	for end > kw.end && (p.src[end-1] == ' ' || p.src[end-1] == '\n' || p.src[end-1] == '\t' || p.src[end-1] == '\r') {
		end--
	}
	return Pos{Start: kw.pos, End: end}
}
