package main

import (
	"crypto/sha256"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// account is the AWS account every "applied" resource lives in: moto's default account, so the ARNs this
// provider makes up are the ones moto gives the same resources.
const account = "123456789012"

// fill says how to make up the computed values AWS would return for a resource type, in order: a later
// template may use a value an earlier one made. {region}, {account} and {uuid} are the provider's region,
// the account and an id derived from the resource; {NAME} is the resource's own top-level value NAME,
// {last:NAME} the part of it after its last '/' or ':'. Computed values without a template get the zero
// value of their type (empty string, 0, false, empty collection).
var fill = map[string][][2]string{
	"aws_appautoscaling_policy": {{"arn", "arn:aws:autoscaling:{region}:{account}:scalingPolicy:{uuid}:resource/{resource_id}:policyName/{name}"}, {"id", "{name}"}},
	"aws_appautoscaling_target": {{"arn", "arn:aws:application-autoscaling:{region}:{account}:scalable-target/{uuid}"}, {"id", "{resource_id}"}},
	"aws_cloudwatch_log_group":  {{"arn", "arn:aws:logs:{region}:{account}:log-group:{name}"}, {"id", "{name}"}, {"log_group_class", "STANDARD"}},
	"aws_cloudwatch_metric_alarm": {
		{"arn", "arn:aws:cloudwatch:{region}:{account}:alarm:{alarm_name}"}, {"id", "{alarm_name}"}},
	"aws_ecs_cluster": {{"arn", "arn:aws:ecs:{region}:{account}:cluster/{name}"}, {"id", "{arn}"}},
	"aws_ecs_service": {{"id", "arn:aws:ecs:{region}:{account}:service/{last:cluster}/{name}"}, {"arn", "{id}"}},
	"aws_ecs_task_definition": {
		{"arn", "arn:aws:ecs:{region}:{account}:task-definition/{family}:1"},
		{"arn_without_revision", "arn:aws:ecs:{region}:{account}:task-definition/{family}"},
		{"id", "{family}"}},
	"aws_iam_policy": {{"path", "/"}, {"arn", "arn:aws:iam::{account}:policy{path}{name}"}, {"id", "{arn}"}, {"policy_id", "ANPA{uuid}"}},
	"aws_iam_role": {{"path", "/"}, {"arn", "arn:aws:iam::{account}:role{path}{name}"}, {"id", "{name}"},
		{"unique_id", "AROA{uuid}"}},
	"aws_iam_role_policy":            {{"id", "{role}:{name}"}},
	"aws_iam_role_policy_attachment": {{"id", "{role}-{uuid}"}},
	"aws_kms_alias":                  {{"arn", "arn:aws:kms:{region}:{account}:{name}"}, {"id", "{name}"}, {"target_key_arn", "arn:aws:kms:{region}:{account}:key/{target_key_id}"}},
	"aws_kms_key": {{"key_id", "{uuid}"}, {"arn", "arn:aws:kms:{region}:{account}:key/{key_id}"}, {"id", "{key_id}"},
		{"key_usage", "ENCRYPT_DECRYPT"}, {"customer_master_key_spec", "SYMMETRIC_DEFAULT"}},
	"aws_sns_topic":              {{"arn", "arn:aws:sns:{region}:{account}:{name}"}, {"id", "{arn}"}, {"owner", "{account}"}},
	"aws_sns_topic_subscription": {{"arn", "{topic_arn}:{uuid}"}, {"id", "{arn}"}, {"owner_id", "{account}"}, {"filter_policy_scope", "MessageAttributes"}},
	"aws_sqs_queue": {{"url", "https://sqs.{region}.amazonaws.com/{account}/{name}"}, {"id", "{url}"},
		{"arn", "arn:aws:sqs:{region}:{account}:{name}"}, {"kms_data_key_reuse_period_seconds", "300"}},
	"aws_sqs_queue_policy":               {{"id", "{queue_url}"}},
	"aws_sqs_queue_redrive_allow_policy": {{"id", "{queue_url}"}},
	"aws_sqs_queue_redrive_policy":       {{"id", "{queue_url}"}},
	// Data sources: what AWS answers about the caller, its region and partition.
	"data.aws_caller_identity": {{"account_id", "{account}"}, {"id", "{account}"},
		{"arn", "arn:aws:iam::{account}:user/schema-only-provider"}, {"user_id", "AIDASCHEMAONLYPROVIDER"}},
	"data.aws_partition": {{"partition", "aws"}, {"id", "aws"}, {"dns_suffix", "amazonaws.com"}, {"reverse_dns_prefix", "com.amazonaws"}},
	"data.aws_region":    {{"name", "{region}"}, {"region", "{region}"}, {"id", "{region}"}, {"endpoint", "ec2.{region}.amazonaws.com"}},
}

var placeholder = regexp.MustCompile(`\{(last:)?(\w+)\}`)

// markComputedUnknown plans a new resource the way the real provider does: every computed attribute the
// configuration leaves null becomes "known after apply".
func markComputedUnknown(schema *tfprotov5.Schema, value tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(value, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if attribute := attributeAt(schema.Block, path); attribute != nil && attribute.Computed && v.IsNull() {
			return tftypes.NewValue(v.Type(), tftypes.UnknownValue), nil
		}
		return v, nil
	})
}

// fillUnknown "applies" a planned value: every unknown gets the value AWS would have returned, by the
// templates above for top-level attributes, and the zero value of its type elsewhere.
func fillUnknown(kind string, region string, value tftypes.Value) (tftypes.Value, error) {
	var top map[string]tftypes.Value
	if err := value.As(&top); err != nil {
		return value, err
	}
	// "path" is the IAM default the real provider fills in before AWS sees it.
	known := map[string]string{"region": region, "account": account, "uuid": uuidOf(kind, value.String()), "path": "/"}
	for name, v := range top {
		if s, ok := stringOf(v); ok {
			known[name] = s
		}
	}
	made := map[string]string{}
	for _, rule := range fill[kind] {
		if v, ok := top[rule[0]]; ok && !v.IsKnown() {
			made[rule[0]] = expand(rule[1], known)
			known[rule[0]] = made[rule[0]]
		}
	}
	if v, ok := top["region"]; ok && !v.IsKnown() {
		made["region"] = region
	}
	return tftypes.Transform(value, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		steps := path.Steps()
		if len(steps) == 1 {
			if name, ok := steps[0].(tftypes.AttributeName); ok {
				if text, ok := made[string(name)]; ok {
					return typed(v.Type(), text)
				}
			}
		}
		return zero(v.Type()), nil
	})
}

func expand(template string, known map[string]string) string {
	return placeholder.ReplaceAllStringFunc(template, func(m string) string {
		parts := placeholder.FindStringSubmatch(m)
		text := known[parts[2]]
		if parts[1] != "" {
			text = text[strings.LastIndexAny(text, "/:")+1:]
		}
		return text
	})
}

func stringOf(v tftypes.Value) (string, bool) {
	if !v.IsKnown() || v.IsNull() || !v.Type().Is(tftypes.String) {
		return "", false
	}
	var s string
	return s, v.As(&s) == nil
}

func typed(t tftypes.Type, text string) (tftypes.Value, error) {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, text), nil
	case t.Is(tftypes.Number):
		n, ok := new(big.Float).SetString(text)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("template value %q is not a number", text)
		}
		return tftypes.NewValue(t, n), nil
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, text == "true"), nil
	}
	return tftypes.Value{}, fmt.Errorf("no template value of type %s", t)
}

func zero(t tftypes.Type) tftypes.Value {
	switch typ := t.(type) {
	case tftypes.List:
		return tftypes.NewValue(t, []tftypes.Value{})
	case tftypes.Set:
		return tftypes.NewValue(t, []tftypes.Value{})
	case tftypes.Map:
		return tftypes.NewValue(t, map[string]tftypes.Value{})
	case tftypes.Object:
		attributes := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			attributes[name] = zero(at)
		}
		return tftypes.NewValue(t, attributes)
	}
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "")
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, new(big.Float))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	}
	return tftypes.NewValue(t, nil)
}

// uuidOf makes an id that stays the same for the same resource, so repeated runs make the same ARNs.
func uuidOf(kind, planned string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + planned))
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}
