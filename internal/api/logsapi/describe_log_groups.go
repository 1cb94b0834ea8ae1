package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type describeLogGroupsInput struct {
	LogGroupNamePrefix    *string  `json:"logGroupNamePrefix"`
	LogGroupNamePattern   *string  `json:"logGroupNamePattern"`
	LogGroupIdentifiers   []string `json:"logGroupIdentifiers"`
	LogGroupClass         *string  `json:"logGroupClass"`
	IncludeLinkedAccounts *bool    `json:"includeLinkedAccounts"`
	NextToken             *string  `json:"nextToken"`
	Limit                 *int32   `json:"limit"`
}

type logGroupOut struct {
	LogGroupName              string  `json:"logGroupName"`
	CreationTime              int64   `json:"creationTime"`
	RetentionInDays           *int32  `json:"retentionInDays,omitempty"`
	MetricFilterCount         *int32  `json:"metricFilterCount,omitempty"`
	Arn                       string  `json:"arn"`
	LogGroupArn               *string `json:"logGroupArn,omitempty"`
	StoredBytes               *int64  `json:"storedBytes,omitempty"`
	KmsKeyID                  *string `json:"kmsKeyId,omitempty"`
	LogGroupClass             *string `json:"logGroupClass,omitempty"`
	DeletionProtectionEnabled *bool   `json:"deletionProtectionEnabled,omitempty"`
}

type describeLogGroupsOutput struct {
	LogGroups []logGroupOut `json:"logGroups"`
	NextToken *string       `json:"nextToken,omitempty"`
}

func (a *API) describeLogGroups(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[describeLogGroupsInput](c)
	if err != nil {
		return nil, err
	}
	views, next, err := a.svc.DescribeLogGroups(ctx, caller(c), logs.DescribeLogGroupsInput{
		Prefix:      in.LogGroupNamePrefix,
		Pattern:     in.LogGroupNamePattern,
		Identifiers: in.LogGroupIdentifiers,
		Class:       str(in.LogGroupClass),
		Limit:       in.Limit,
		NextToken:   in.NextToken,
	})
	if err != nil {
		return nil, err
	}
	out := describeLogGroupsOutput{LogGroups: make([]logGroupOut, len(views)), NextToken: opt(next)}
	for i, v := range views {
		g := logGroupOut{LogGroupName: v.Name, CreationTime: v.CreationTime, Arn: v.ARN}
		if !v.NamesOnly {
			zero := int32(0)
			g.RetentionInDays = opt(v.RetentionInDays)
			g.MetricFilterCount = &zero
			if v.MetricFilterCount > 0 {
				g.MetricFilterCount = &v.MetricFilterCount
			}
			g.LogGroupArn = &views[i].ARNNoStar
			g.StoredBytes = &views[i].StoredBytes
			g.KmsKeyID = opt(v.KMSKeyID)
			g.LogGroupClass = opt(v.LogGroupClass)
			g.DeletionProtectionEnabled = &views[i].DeletionProtection
		}
		out.LogGroups[i] = g
	}
	return out, nil
}
