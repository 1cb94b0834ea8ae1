// Package syntax parses the CloudWatch Logs Insights query language
// (queryLanguage CWLI) into an AST that prints back canonically.
//
// A query is a pipeline of commands separated by "|":
//
//	fields @timestamp, @message | filter status >= 500 | stats count(*) by bin(5m)
//
// Each command's node, parse function and planning hooks live in its own
// cmd_*.go file; expressions are in ast.go and printer.go, the function
// catalog in functions.go. The language follows the AWS documentation
// "CloudWatch Logs Insights language query syntax" (CWL_QuerySyntax) and
// its per-command pages.
//
// Parse collects every error it can recover from (it resynchronises at the
// next "|"), so a query editor can underline all of them at once; each
// ParseError carries byte offsets and a message that names the position.
// Every node has a String method, and Parse(q.String()).String() ==
// q.String() holds for every query that parses.
//
// The planner helpers on Query (NeededFields, RequiredTerms, TimeBounds,
// IndexFilters, Source, Diff) tell a store what it can skip.
//
// The package is pure: it imports nothing that touches the operating system,
// the network or the clock, so it can run anywhere and be fuzzed freely.
package syntax
