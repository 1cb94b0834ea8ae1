package syntax

import "time"

// DiffMode selects the earlier time range diff compares with.
type DiffMode uint8

// Comparison ranges. DiffPrevious is the range of the same length that ends
// where the query's range starts.
const (
	DiffPrevious DiffMode = iota
	DiffPreviousDay
	DiffPreviousWeek
	DiffPreviousMonth
)

var diffModeNames = [...]string{DiffPreviousDay: "previousDay", DiffPreviousWeek: "previousWeek", DiffPreviousMonth: "previousMonth"}

// DiffCmd compares the patterns of the query's time range with those of an
// earlier range of equal length: diff [previousDay|previousWeek|previousMonth].
// The caller supplies the earlier range's events (see BaselineWindow).
type DiffCmd struct {
	Pos
	Mode DiffMode
}

// Name returns "diff".
func (*DiffCmd) Name() string { return "diff" }

func (c *DiffCmd) String() string {
	if c.Mode == DiffPrevious {
		return "diff"
	}
	return "diff " + diffModeNames[c.Mode]
}

// BaselineWindow returns the time range to compare [start, end] with.
func (c *DiffCmd) BaselineWindow(start, end time.Time) (time.Time, time.Time) {
	switch c.Mode {
	case DiffPreviousDay:
		return start.AddDate(0, 0, -1), end.AddDate(0, 0, -1)
	case DiffPreviousWeek:
		return start.AddDate(0, 0, -7), end.AddDate(0, 0, -7)
	case DiffPreviousMonth:
		return start.AddDate(0, -1, 0), end.AddDate(0, -1, 0)
	}
	d := end.Sub(start)
	return start.Add(-d), start
}

// DiffColumns are the columns diff produces.
var DiffColumns = []string{"@pattern", "@sampleCount", "@previousSampleCount", "@change", "@diffStatus"}

func (c *DiffCmd) reads() []Expr { return nil }

func (c *DiffCmd) defines() []string { return DiffColumns }

func parseDiffCmd(p *parser, kw token) Command {
	c := &DiffCmd{}
	switch {
	case p.acceptKeyword("previousDay"):
		c.Mode = DiffPreviousDay
	case p.acceptKeyword("previousWeek"):
		c.Mode = DiffPreviousWeek
	case p.acceptKeyword("previousMonth"):
		c.Mode = DiffPreviousMonth
	case p.tok.kind != tPipe && p.tok.kind != tEOF:
		p.unexpected(`previousDay, previousWeek, previousMonth or nothing after "diff"`)
		return nil
	}
	c.Pos = p.span(kw)
	return c
}
