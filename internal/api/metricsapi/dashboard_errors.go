package metricsapi

import (
	"errors"
	"net/http"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/dashboards"
)

// validationMessage is the DashboardValidationMessage shape.
type validationMessage struct {
	DataPath *string `json:"DataPath,omitempty"`
	Message  *string `json:"Message,omitempty"`
}

// dashboardService returns the dashboards service, or the error of a
// server built without one.
func (a *API) dashboardService(c *awsproto.Call) (*dashboards.Service, error) {
	if a.dashboards == nil {
		return nil, &awsproto.APIError{Code: "UnknownOperationException", QueryCode: "InvalidAction",
			Message: "The operation " + c.Operation + " is not available on this server.", Status: http.StatusBadRequest}
	}
	return a.dashboards, nil
}

// dashboardError names the dashboard operations' own errors as AWS does:
// DashboardInvalidInputError with the validation messages for a refused
// body, DashboardNotFoundError for unknown names (query code
// ResourceNotFound for both protocols' x-amzn-query-error).
func dashboardError(err error) error {
	var ve *dashboards.ValidationError
	if errors.As(err, &ve) {
		msgs := make([]validationMessage, len(ve.Messages))
		for i, m := range ve.Messages {
			msgs[i] = validationMessage{DataPath: &m.DataPath, Message: &m.Message}
		}
		return &awsproto.APIError{Code: "DashboardInvalidInputError", QueryCode: "InvalidParameterInput", Message: ve.Error(),
			Status: http.StatusBadRequest, Fields: map[string]any{"dashboardValidationMessages": msgs}}
	}
	var de *model.Error
	if errors.Is(err, model.ErrNotFound) && errors.As(err, &de) {
		return &awsproto.APIError{Code: "DashboardNotFoundError", QueryCode: "ResourceNotFound", Message: de.Message, Status: http.StatusNotFound}
	}
	return err
}
