package syntax

// AnomalyCmd flags unusual patterns: pattern … | anomaly. A pattern is
// anomalous when, in some time bucket of the query range, it occurs far more
// often than its average across buckets. The output has one row per
// anomalous pattern.
type AnomalyCmd struct {
	Pos
}

// Name returns "anomaly".
func (*AnomalyCmd) Name() string { return "anomaly" }

func (c *AnomalyCmd) String() string { return "anomaly" }

// AnomalyColumns are the columns anomaly produces.
var AnomalyColumns = []string{"@pattern", "@sampleCount", "@anomalyType", "@priority", "@description", "@anomalyStart", "@anomalyEnd"}

func (c *AnomalyCmd) reads() []Expr { return nil }

func (c *AnomalyCmd) defines() []string { return AnomalyColumns }

func parseAnomalyCmd(p *parser, kw token) Command {
	return &AnomalyCmd{Pos: p.span(kw)}
}
