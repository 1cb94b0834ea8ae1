package exec

// Record returns every field of one event as GetLogRecord shows it: the
// system fields and the fields discovered in its message, formatted as
// query results are.
func Record(ev *Event) map[string]string {
	out := map[string]string{
		"@timestamp":     timeValue(ev.Timestamp).String(),
		"@message":       ev.Message,
		"@logStream":     ev.LogStream,
		"@log":           ev.LogGroup,
		"@ingestionTime": timeValue(ev.IngestionTime).String(),
	}
	if p := ev.ptr(); p != "" {
		out["@ptr"] = p
	}
	for _, f := range discover(nil, ev.Message, defaultMaxDiscoveredFields) {
		if _, system := out[f.name]; system || f.v.IsNull() {
			continue
		}
		out[f.name] = f.v.String()
	}
	return out
}
