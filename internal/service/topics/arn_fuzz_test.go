package topics

import (
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// FuzzParseTopicARN checks that an accepted ARN splits into whole fields
// with a valid account.
func FuzzParseTopicARN(f *testing.F) {
	for _, s := range []string{"arn:aws:sns:us-east-1:111111111111:ops", "arn:aws:sns::111111111111:x", "arn:aws:sns:r:1:x", "arn:aws:sqs:r:111111111111:q", "::::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arn string) {
		region, acct, name, ok := ParseTopicARN(arn)
		if !ok {
			return
		}
		// The parts are whole fields: the ARN ends with exactly them.
		if strings.ContainsRune(region+acct+name, ':') || !model.ValidAccountID(acct) || name == "" ||
			!strings.HasSuffix(arn, ":sns:"+region+":"+acct+":"+name) {
			t.Fatalf("ParseTopicARN(%q) = %q %q %q", arn, region, acct, name)
		}
	})
}

func TestParseTopicARN(t *testing.T) {
	tests := []struct {
		arn              string
		region, acct, nm string
		ok               bool
	}{
		{"arn:aws:sns:us-east-1:111111111111:ops", "us-east-1", "111111111111", "ops", true},
		{"arn:aws-cn:sns:cn-north-1:111111111111:ops", "cn-north-1", "111111111111", "ops", true},
		{"arn:aws:sns:us-east-1:111111111111:ops:sub-id", "", "", "", false},
		{"arn:aws:sqs:us-east-1:111111111111:ops", "", "", "", false},
		{"arn:aws:sns:us-east-1:1111:ops", "", "", "", false},
		{"arn:aws:sns:us-east-1:111111111111:", "", "", "", false},
	}
	for _, tt := range tests {
		r, a, n, ok := ParseTopicARN(tt.arn)
		if r != tt.region || a != tt.acct || n != tt.nm || ok != tt.ok {
			t.Errorf("ParseTopicARN(%q) = %q %q %q %v", tt.arn, r, a, n, ok)
		}
	}
}
