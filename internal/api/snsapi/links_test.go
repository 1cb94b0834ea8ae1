package snsapi

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Only unsigned GETs of the two link actions skip signature checks.
func TestIsLink(t *testing.T) {
	const topic = "arn%3Aaws%3Asns%3Aus-east-1%3A111111111111%3Aops"
	tests := []struct {
		name   string
		method string
		target string
		header map[string]string
		want   bool
	}{
		{"subscribe url", "GET", "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc", nil, true},
		{"unsubscribe url", "GET", "/?Action=Unsubscribe&SubscriptionArn=" + topic + "%3Aid", nil, true},
		{"with version", "GET", "/?Action=ConfirmSubscription&Version=2010-03-31&TopicArn=" + topic + "&Token=abc", nil, true},
		{"other action", "GET", "/?Action=ListTopics", nil, false},
		{"publish", "GET", "/?Action=Publish&TopicArn=" + topic + "&Message=x", nil, false},
		{"two actions", "GET", "/?Action=ConfirmSubscription&Action=Publish&TopicArn=" + topic, nil, false},
		{"post", "POST", "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc", nil, false},
		{"other path", "GET", "/x?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc", nil, false},
		{"signed header", "GET", "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc", map[string]string{"Authorization": "AWS4-HMAC-SHA256 x"}, false},
		{"presigned", "GET", "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc&X-Amz-Signature=00", nil, false},
		{"presigned lower case", "GET", "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc&x-amz-credential=k", nil, false},
		{"json target", "GET", "/?Action=ConfirmSubscription", map[string]string{"X-Amz-Target": "AmazonSimpleNotificationService.ConfirmSubscription"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			if got := isLink(r); got != tt.want {
				t.Fatalf("isLink = %v, want %v", got, tt.want)
			}
		})
	}
}

// Requests that are not links reach the signed handler untouched; a link
// with an unusable ARN is refused before any service call.
func TestWithLinksRouting(t *testing.T) {
	reached := false
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true })
	h := New(nil).WithLinks(next, LinkOptions{})

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/?Action=ListTopics", nil))
	if !reached {
		t.Fatal("a non-link request did not reach the signed handler")
	}

	reached = false
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/?Action=ConfirmSubscription&TopicArn=nope&Token=abc", nil))
	if reached || w.Code != http.StatusBadRequest || w.Header().Get("X-Amzn-Query-Error") != "InvalidParameter;Sender" {
		t.Fatalf("bad link: reached=%v status=%d headers=%v body=%s", reached, w.Code, w.Header(), w.Body)
	}
}
