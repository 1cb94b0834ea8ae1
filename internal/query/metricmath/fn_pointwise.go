package metricmath

// pointwise applies f to every point of a time series or of each series
// of an array (ABS, CEIL, FLOOR, LOG, LOG10, SQRT). Labels are kept; a
// point whose result is not a finite number (LOG(0), SQRT(-1)) is dropped.
// A plain number is accepted too, so that ABS(MIN(m1)) works.
func pointwise(f func(float64) float64) evalFunc {
	return func(_ *evaluator, c *Call, args []value) (value, error) {
		if !args[0].isNumeric() {
			return value{}, invalid("%s expects a time series or an array of time series, not %s", c.Func, args[0].describe())
		}
		return mapValue(args[0], f), nil
	}
}
