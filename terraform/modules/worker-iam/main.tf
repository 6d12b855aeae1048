# Least privilege for a consumer's worker: receive, delete and change visibility on its own queue, send
# to its own DLQ (what cannot succeed goes there at once, with the failure attached), and use the key of
# the two. Nothing with a wildcard; no CreateQueue, SetQueueAttributes or PurgeQueue (Terraform owns the
# queues).

data "aws_caller_identity" "current" {}

locals {
  statements = concat(
    [
      {
        Sid      = "ConsumeOwnQueue"
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
        Resource = var.queue_arn
      },
      {
        Sid      = "DeadLetterToOwnDlq"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
        Resource = var.dlq_arn
      },
      {
        Sid      = "UseOwnQueuesKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = var.kms_key_arn
      },
    ],
    length(var.secret_arns) == 0 ? [] : [{
      Sid      = "ReadOwnSecrets"
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = sort(var.secret_arns)
    }],
  )
}

resource "aws_iam_role" "worker" {
  name = var.name
  path = var.path
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "RunsAsTheWorker"
      Effect    = "Allow"
      Principal = { Service = var.assume_role_services }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "consume" {
  name   = "consume-own-queue"
  role   = aws_iam_role.worker.name
  policy = jsonencode({ Version = "2012-10-17", Statement = local.statements })
}
