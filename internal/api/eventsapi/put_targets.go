package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type inputTransformer struct {
	InputPathsMap map[string]string `json:"InputPathsMap,omitempty"`
	InputTemplate *string           `json:"InputTemplate"`
}

type httpParameters struct {
	PathParameterValues   []string          `json:"PathParameterValues,omitempty"`
	HeaderParameters      map[string]string `json:"HeaderParameters,omitempty"`
	QueryStringParameters map[string]string `json:"QueryStringParameters,omitempty"`
}

type retryPolicy struct {
	MaximumRetryAttempts     *int32 `json:"MaximumRetryAttempts,omitempty"`
	MaximumEventAgeInSeconds *int32 `json:"MaximumEventAgeInSeconds,omitempty"`
}

type deadLetterConfig struct {
	Arn *string `json:"Arn,omitempty"`
}

// target is a rule target on the wire. Members for target types OpenWatch
// does not deliver to (ECS, Kinesis, SQS…) are not read.
type target struct {
	ID               *string           `json:"Id"`
	Arn              *string           `json:"Arn"`
	RoleArn          *string           `json:"RoleArn,omitempty"`
	Input            *string           `json:"Input,omitempty"`
	InputPath        *string           `json:"InputPath,omitempty"`
	InputTransformer *inputTransformer `json:"InputTransformer,omitempty"`
	HTTPParameters   *httpParameters   `json:"HttpParameters,omitempty"`
	RetryPolicy      *retryPolicy      `json:"RetryPolicy,omitempty"`
	DeadLetterConfig *deadLetterConfig `json:"DeadLetterConfig,omitempty"`
}

func targetIn(t target) events.Target {
	out := events.Target{ID: str(t.ID), ARN: str(t.Arn), RoleARN: str(t.RoleArn), Input: str(t.Input), InputPath: str(t.InputPath)}
	if it := t.InputTransformer; it != nil {
		out.InputTransformer = &events.InputTransformer{InputPathsMap: it.InputPathsMap, InputTemplate: str(it.InputTemplate)}
	}
	if hp := t.HTTPParameters; hp != nil {
		out.HTTPParameters = &events.HTTPParameters{PathParameterValues: hp.PathParameterValues,
			HeaderParameters: hp.HeaderParameters, QueryStringParameters: hp.QueryStringParameters}
	}
	if rp := t.RetryPolicy; rp != nil {
		out.RetryPolicy = &events.RetryPolicy{MaximumRetryAttempts: rp.MaximumRetryAttempts, MaximumEventAgeInSeconds: rp.MaximumEventAgeInSeconds}
	}
	if dl := t.DeadLetterConfig; dl != nil {
		out.DeadLetterARN = str(dl.Arn)
	}
	return out
}

func targetOut(t events.Target) target {
	out := target{ID: &t.ID, Arn: &t.ARN, RoleArn: opt(t.RoleARN), Input: opt(t.Input), InputPath: opt(t.InputPath)}
	if it := t.InputTransformer; it != nil {
		out.InputTransformer = &inputTransformer{InputPathsMap: it.InputPathsMap, InputTemplate: &it.InputTemplate}
	}
	if hp := t.HTTPParameters; hp != nil {
		out.HTTPParameters = &httpParameters{hp.PathParameterValues, hp.HeaderParameters, hp.QueryStringParameters}
	}
	if rp := t.RetryPolicy; rp != nil {
		out.RetryPolicy = &retryPolicy{rp.MaximumRetryAttempts, rp.MaximumEventAgeInSeconds}
	}
	if t.DeadLetterARN != "" {
		out.DeadLetterConfig = &deadLetterConfig{Arn: &t.DeadLetterARN}
	}
	return out
}

type putTargetsInput struct {
	Rule         *string  `json:"Rule"`
	EventBusName *string  `json:"EventBusName"`
	Targets      []target `json:"Targets"`
}

type failedEntry struct {
	TargetID     *string `json:"TargetId,omitempty"`
	ErrorCode    *string `json:"ErrorCode,omitempty"`
	ErrorMessage *string `json:"ErrorMessage,omitempty"`
}

// failedEntries is the shared output of PutTargets and RemoveTargets.
type failedEntries struct {
	FailedEntryCount int           `json:"FailedEntryCount"`
	FailedEntries    []failedEntry `json:"FailedEntries"`
}

func failedOut(fs []events.FailedTarget) failedEntries {
	out := failedEntries{FailedEntryCount: len(fs), FailedEntries: make([]failedEntry, len(fs))}
	for i, f := range fs {
		out.FailedEntries[i] = failedEntry{TargetID: opt(f.TargetID), ErrorCode: opt(f.ErrorCode), ErrorMessage: opt(f.ErrorMessage)}
	}
	return out
}

func (a *API) putTargets(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putTargetsInput](c)
	if err != nil {
		return nil, err
	}
	ts := make([]events.Target, len(in.Targets))
	for i, t := range in.Targets {
		ts[i] = targetIn(t)
	}
	failed, err := a.svc.PutTargets(ctx, caller(c), events.PutTargetsInput{Rule: str(in.Rule), EventBusName: str(in.EventBusName), Targets: ts})
	if err != nil {
		return nil, err
	}
	return failedOut(failed), nil
}
