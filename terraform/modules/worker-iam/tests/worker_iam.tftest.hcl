provider "aws" {
  region = "eu-west-1"
}

variables {
  name        = "notifications-worker"
  queue_arn   = "arn:aws:sqs:eu-west-1:123456789012:notifications"
  dlq_arn     = "arn:aws:sqs:eu-west-1:123456789012:notifications-dlq"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/33333333-3333-3333-3333-333333333333"
}

run "consumes_its_own_queue_and_dead_letters_to_its_own_dlq_only" {
  assert {
    condition = jsondecode(aws_iam_role_policy.consume.policy).Statement == [
      {
        Sid      = "ConsumeOwnQueue", Effect = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
        Resource = "arn:aws:sqs:eu-west-1:123456789012:notifications"
      },
      { Sid = "DeadLetterToOwnDlq", Effect = "Allow", Action = ["sqs:SendMessage", "sqs:GetQueueUrl"], Resource = "arn:aws:sqs:eu-west-1:123456789012:notifications-dlq" },
      { Sid = "UseOwnQueuesKey", Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = "arn:aws:kms:eu-west-1:123456789012:key/33333333-3333-3333-3333-333333333333" },
    ]
    error_message = "The worker may do more (or less) than consume its queue and dead-letter to its DLQ."
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.consume.policy, "*")
    error_message = "The worker's policy has a wildcard."
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.consume.policy, "PurgeQueue") && !strcontains(aws_iam_role_policy.consume.policy, "SetQueueAttributes")
    error_message = "The worker may change or empty its queue."
  }
}

run "is_assumed_by_ecs_tasks_of_its_own_account" {
  assert {
    condition = jsondecode(aws_iam_role.worker.assume_role_policy).Statement[0] == {
      Sid       = "RunsAsTheWorker", Effect = "Allow", Principal = { Service = ["ecs-tasks.amazonaws.com"] }, Action = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }
    error_message = "The role is not assumed by ECS tasks of this account alone."
  }
}

run "reads_exactly_the_secrets_it_is_given" {
  variables {
    secret_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:smtp-AbCdEf"]
  }
  assert {
    condition = jsondecode(aws_iam_role_policy.consume.policy).Statement[3] == {
      Sid = "ReadOwnSecrets", Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:smtp-AbCdEf"]
    }
    error_message = "The worker cannot read its secret, or can read others."
  }
}
