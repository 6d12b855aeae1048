# The role on-call engineers assume to run the DLQ tool: read, delete and redrive (StartMessageMoveTask)
# the DLQ messages, and send replayed messages back to the source queues. No purge or queue deletion
# unless asked for; nothing with a wildcard.

locals {
  dlq_arns   = sort([for q in values(var.queues) : q.dlq_arn])
  queue_arns = sort([for q in values(var.queues) : q.queue_arn])
  key_arns   = sort(distinct([for q in values(var.queues) : q.kms_key_arn]))

  statements = concat(
    [
      {
        Sid    = "InspectAndRedriveDlqs"
        Effect = "Allow"
        Action = [
          "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl", "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask",
        ]
        Resource = local.dlq_arns
      },
      {
        Sid      = "ReplayToSourceQueues"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
        Resource = local.queue_arns
      },
      {
        Sid      = "UseTheQueuesKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = local.key_arns
      },
    ],
    var.allow_purge ? [{
      Sid      = "PurgeDlqs"
      Effect   = "Allow"
      Action   = "sqs:PurgeQueue"
      Resource = local.dlq_arns
    }] : [],
    var.allow_delete_queue ? [{
      Sid      = "DeleteDlqs"
      Effect   = "Allow"
      Action   = "sqs:DeleteQueue"
      Resource = local.dlq_arns
    }] : [],
  )
}

resource "aws_iam_role" "oncall" {
  name                 = var.name
  path                 = var.path
  max_session_duration = var.max_session_duration
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [merge(
      {
        Sid       = "OnCallEngineersAssume"
        Effect    = "Allow"
        Principal = { AWS = sort(var.trusted_principal_arns) }
        Action    = "sts:AssumeRole"
      },
      var.require_mfa ? { Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } } : {}
    )]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "dlq_tool" {
  name   = "inspect-and-replay-dlqs"
  role   = aws_iam_role.oncall.name
  policy = jsonencode({ Version = "2012-10-17", Statement = local.statements })
}
