// Package eventpattern parses EventBridge event patterns and matches JSON
// events against them, with the whole content-filter language of the
// EventBridge user guide ("Event patterns", "Content filtering",
// "Comparison operators for use in event patterns"):
//
//   - A pattern mirrors the event's structure. Every field named in the
//     pattern must match (AND); fields the pattern does not name are
//     ignored. A leaf is an array of conditions, any of which may match
//     (OR). When the event holds an array, the leaf matches if any element
//     does; objects inside event arrays are matched one element at a time,
//     so two fields never match across different elements.
//   - Exact values compare strings character by character, numbers by their
//     JSON text (300, 300.0 and 3.0e2 differ), and true, false and null as
//     literals. A string that is an IP address also matches other spellings
//     of the same address.
//   - Operators: prefix and suffix (optionally equals-ignore-case),
//     equals-ignore-case, wildcard ("*" for any run of characters, "\*" and
//     "\\" as literals), anything-but (a value, a list of strings or of
//     numbers, or prefix, suffix, equals-ignore-case and wildcard forms),
//     numeric (one of =, <, <=, >, >= or a lower bound followed by an upper
//     bound; numbers within ±5.0e9 compared to six decimal places), cidr
//     (IPv4 and IPv6), exists (true or false; false also holds when the
//     field holds an object), and "$or" with two or more alternative
//     objects at any level.
//   - A key given twice in one object keeps its last value.
//
// Parse reports problems as *Error, worded as EventBridge's
// InvalidEventPatternException ("Event pattern is not valid. Reason: …"),
// wrapping model.ErrInvalidParameter. Pattern.String prints a canonical
// JSON form that parses back to the same pattern.
//
// The package is pure: no I/O, no clock, no goroutines. A Pattern is
// immutable after Parse and safe for concurrent use.
package eventpattern
