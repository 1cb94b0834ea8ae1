package events

import (
	"crypto/sha256"
	"fmt"
	"strings"
)

// arn is a parsed "arn:partition:service:region:account:resource".
type arn struct {
	service, region, account, resource string
}

func parseARN(s string) (arn, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" || parts[5] == "" {
		return arn{}, false
	}
	return arn{service: parts[2], region: parts[3], account: parts[4], resource: parts[5]}, true
}

func busARN(c Caller, bus string) string {
	return fmt.Sprintf("arn:aws:events:%s:%s:event-bus/%s", c.Region, c.AccountID, bus)
}

// ruleARN names a rule the way EventBridge does: rules of the default bus
// without the bus.
func ruleARN(region, accountID, bus, name string) string {
	if bus == DefaultBus {
		return fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", region, accountID, name)
	}
	return fmt.Sprintf("arn:aws:events:%s:%s:rule/%s/%s", region, accountID, bus, name)
}

// resourceID is the UUID-shaped suffix of connection and API destination
// ARNs. It is derived from what identifies the resource, so it is stable
// without being stored and differs when a name is reused.
func resourceID(kind, accountID, name string, created int64) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d", kind, accountID, name, created))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func connectionARN(c Caller, name string, created int64) string {
	return fmt.Sprintf("arn:aws:events:%s:%s:connection/%s/%s", c.Region, c.AccountID, name, resourceID("connection", c.AccountID, name, created))
}

func apiDestinationARN(c Caller, name string, created int64) string {
	return fmt.Sprintf("arn:aws:events:%s:%s:api-destination/%s/%s", c.Region, c.AccountID, name, resourceID("api-destination", c.AccountID, name, created))
}

// resourceName returns the name in a connection or API destination ARN
// ("connection/NAME/ID"), or the argument itself when it is a bare name.
func resourceName(nameOrARN, kind string) string {
	r, ok := parseARN(nameOrARN)
	if !ok {
		return nameOrARN
	}
	rest, ok := strings.CutPrefix(r.resource, kind+"/")
	if !ok {
		return nameOrARN
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}
