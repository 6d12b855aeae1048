provider "aws" {
  region = "eu-west-1"
}

variables {
  name                   = "eventbus-oncall"
  trusted_principal_arns = ["arn:aws:iam::123456789012:role/oncall-engineers"]
  queues = {
    notifications = {
      queue_arn   = "arn:aws:sqs:eu-west-1:123456789012:notifications"
      dlq_arn     = "arn:aws:sqs:eu-west-1:123456789012:notifications-dlq"
      kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/44444444-4444-4444-4444-444444444444"
    }
  }
}

run "inspects_and_redrives_dlqs_and_replays_to_their_source_queues" {
  assert {
    condition = toset(one([for s in jsondecode(aws_iam_role_policy.dlq_tool.policy).Statement : s.Action if s.Sid == "InspectAndRedriveDlqs"])) == toset([
      "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
      "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask",
    ])
    error_message = "On-call cannot inspect and redrive the DLQs, or may do more."
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.dlq_tool.policy).Statement : s.Resource if s.Sid == "InspectAndRedriveDlqs"]) == ["arn:aws:sqs:eu-west-1:123456789012:notifications-dlq"]
    error_message = "The DLQ permissions reach beyond the DLQs."
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.dlq_tool.policy).Statement : s.Resource if s.Sid == "ReplayToSourceQueues"]) == ["arn:aws:sqs:eu-west-1:123456789012:notifications"]
    error_message = "On-call cannot send replayed messages to the source queue."
  }
}

run "cannot_purge_or_delete_unless_asked" {
  assert {
    condition     = !strcontains(aws_iam_role_policy.dlq_tool.policy, "PurgeQueue") && !strcontains(aws_iam_role_policy.dlq_tool.policy, "DeleteQueue")
    error_message = "On-call may purge or delete queues without being asked to."
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.dlq_tool.policy, "*")
    error_message = "The on-call policy has a wildcard."
  }
}

run "may_purge_dlqs_when_asked" {
  variables {
    allow_purge = true
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.dlq_tool.policy).Statement : s.Resource if s.Action == "sqs:PurgeQueue"]) == ["arn:aws:sqs:eu-west-1:123456789012:notifications-dlq"]
    error_message = "allow_purge does not allow purging the DLQs (and only them)."
  }
}

run "is_assumed_with_mfa_by_the_named_engineers" {
  assert {
    condition = jsondecode(aws_iam_role.oncall.assume_role_policy).Statement[0] == {
      Sid    = "OnCallEngineersAssume", Effect = "Allow", Principal = { AWS = ["arn:aws:iam::123456789012:role/oncall-engineers"] }
      Action = "sts:AssumeRole", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }
    error_message = "The role can be assumed without MFA or by others."
  }
  assert {
    condition     = aws_iam_role.oncall.max_session_duration == 3600
    error_message = "Sessions last longer than an hour."
  }
}

run "refuses_a_wildcard_principal" {
  command = plan
  variables {
    trusted_principal_arns = ["*"]
  }
  expect_failures = [var.trusted_principal_arns]
}
