// Package filterpattern compiles and evaluates CloudWatch Logs filter
// patterns, the language of FilterLogEvents, metric filters, subscription
// filters and live tail. It is pure: it reads no files, clocks or network
// and starts no goroutines.
//
// A pattern is at most 1024 characters and case-sensitive. Its first
// non-blank character picks its kind: '{' a JSON pattern, '[' a
// space-delimited pattern, '%' a regex pattern, anything else a terms
// pattern. The grammar, with blanks allowed between tokens:
//
//	pattern   = terms | regex | json | delimited
//
//	terms     = { term }                     (none: matches every message)
//	term      = [ "?" | "-" ] ( word | phrase )
//	word      = run of non-blank characters other than '"'
//	phrase    = '"' { char | '\"' | '\\' } '"'
//
//	regex     = "%" re "%"                   (re: RE2 over letters, digits,
//	                                          : _ # = @ / ; , - ^ $ ? [ ] { } | \ * + .)
//
//	json      = "{" or "}"
//	or        = and { "||" and }
//	and       = unary { "&&" unary }
//	unary     = "(" or ")" | cond
//	cond      = selector op value
//	          | selector "IS" ( "NULL" | "TRUE" | "FALSE" )
//	          | selector "NOT" "EXISTS"
//	selector  = "$." key { "." key | "[" digits "]" }
//	key       = run of letters, digits, '-' and '_'
//	op        = "=" | "!=" | "<" | "<=" | ">" | ">="
//	value     = number | phrase | bare | regex
//	number    = [ "+" | "-" ] ( digits [ "." { digit } ] | "." digits )
//	            [ ( "e" | "E" ) [ "+" | "-" ] digits ]
//	bare      = run of characters other than blanks and { } [ ] ( ) , " = ! < > & |
//
//	delimited = "[" slot { "," slot } "]"
//	slot      = "..." | name | sor
//	sor       = sand { "||" sand }
//	sand      = sunary { "&&" sunary }
//	sunary    = "(" sor ")" | name op value  (one name per slot)
//	name      = run of letters, digits and '_'
//
// Semantics:
//
//   - Terms: a message matches when it contains every plain term, none of
//     the "-" terms and, if there are "?" terms, at least one of them.
//     Containment is a case-sensitive substring test. A blank phrase such
//     as " " adds no condition.
//   - Regex: an unanchored RE2 search; ^ and $ anchor at the ends of the
//     message. A pattern holds at most two regexes, as values or whole.
//   - JSON: the message must be a JSON object (anything else never
//     matches). A comparison needs its selector to hold a scalar; a missing
//     value, an object or an array fails =, != and <,<=,>,>= alike, and
//     null fails every comparison but = "*". A number value compares
//     numerically with JSON numbers and with strings written as numbers,
//     and textually otherwise; a string value compares with the text of
//     strings, numbers and booleans, where '*' matches any run of
//     characters and a lone "*" only asks that the value exist; a regex
//     value searches that text. <, <=, > and >= take numbers only.
//     Precedence is () over && over ||.
//   - Space-delimited: the message is split at blanks into fields; a field
//     opening with '"' runs to the next '"' and one opening with '[' to
//     the next ']', and the quotes or brackets are dropped. Without "..."
//     the message needs exactly one field per slot; each "..." takes any
//     number of fields. Conditions compare like JSON ones, with every
//     field a string.
//
// The canonical form printed by Pattern.String quotes every string value,
// keeps numbers as written, writes keywords in upper case and drops
// redundant parentheses; Parse reads it back to an equal pattern.
package filterpattern
