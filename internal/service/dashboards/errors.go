package dashboards

import (
	"encoding/json"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// Message is one problem with a dashboard body: a JSON pointer into the
// body (DataPath, "" for the whole body) and what is wrong there.
type Message struct {
	DataPath string `json:"dataPath"`
	Message  string `json:"message"`
}

// ValidationError is a body PutDashboard refuses; the API answers it with
// DashboardInvalidInputError carrying Messages.
type ValidationError struct {
	Messages []Message
}

// Error is AWS's text: a count followed by the messages as indented JSON.
func (e *ValidationError) Error() string {
	list, err := json.MarshalIndent(e.Messages, "", "  ")
	if err != nil {
		list = []byte(fmt.Sprint(e.Messages))
	}
	return fmt.Sprintf("The dashboard body is invalid, there are %d validation errors:\n%s", len(e.Messages), list)
}

// Unwrap makes a refused body an invalid parameter for callers that only
// look at the kind.
func (e *ValidationError) Unwrap() error { return model.ErrInvalidParameter }
