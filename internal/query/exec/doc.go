// Package exec runs Logs Insights queries over log events held in memory.
//
// Exec takes a query parsed by package syntax and a Source of event
// batches. Commands that work one row at a time (fields, filter, parse,
// unnest…) run while the batches are scanned; the first command that
// needs all rows (stats, sort, limit, dedup, pattern…) is where partial
// results meet, and the rest runs over the rows in memory.
//
// The package is pure: it reads no files, opens no connections, never
// reads the clock (Options.Now stands in) and starts no goroutines. The
// caller decides how the scan is parallelised through Options.Run, and
// results are identical whatever the concurrency: aggregate states merge
// without depending on order (sums are exact), and every ordering is total.
//
// Values print exactly as CloudWatch shows them: timestamps as
// 2006-01-02 15:04:05.000 in UTC, numbers without trailing zeros, booleans
// as 1 and 0.
package exec
