package cli

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// QueryWaitHeader asks an OpenWatch server to hold a GetQueryResults
// answer until the query ends or the duration it gives passes (at most
// 20s), so that a client learns of the end at once without polling in a
// tight loop. Other servers ignore it.
const QueryWaitHeader = "X-Openwatch-Wait"

// WaitForQuery is a GetQueryResults option that sends QueryWaitHeader.
func WaitForQuery(d time.Duration) func(*cloudwatchlogs.Options) {
	d = min(d, 20*time.Second)
	return func(o *cloudwatchlogs.Options) {
		o.APIOptions = append(o.APIOptions, smithyhttp.AddHeaderValue(QueryWaitHeader, d.String()))
	}
}
