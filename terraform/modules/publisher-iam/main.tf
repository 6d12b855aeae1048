# Least privilege for a publisher: publish to exactly the catalog's channels of the events it owns, and
# use exactly their keys. Nothing with a wildcard.

locals {
  topic_arns = sort([for t in values(var.topics) : t.arn])
  queue_arns = sort([for q in values(var.queues) : q.arn])
  key_arns   = sort(distinct(concat([for t in values(var.topics) : t.kms_key_arn], [for q in values(var.queues) : q.kms_key_arn])))

  statements = concat(
    length(local.topic_arns) == 0 ? [] : [{
      Sid      = "PublishToOwnTopics"
      Effect   = "Allow"
      Action   = "sns:Publish"
      Resource = local.topic_arns
    }],
    length(local.queue_arns) == 0 ? [] : [{
      Sid      = "SendToOwnQueues"
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
      Resource = local.queue_arns
    }],
    [{
      # Publishing to an encrypted topic or queue makes a data key and decrypts it.
      Sid      = "EncryptForOwnChannels"
      Effect   = "Allow"
      Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource = local.key_arns
    }],
  )
}

resource "aws_iam_policy" "publish" {
  name        = var.name
  path        = var.path
  description = "Publish events to ${join(", ", concat(sort(keys(var.topics)), sort(keys(var.queues))))}"
  policy      = jsonencode({ Version = "2012-10-17", Statement = local.statements })
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = length(var.topics) + length(var.queues) > 0
      error_message = "Policy ${var.name} grants nothing: give the publisher at least one topic or queue."
    }
  }
}

resource "aws_iam_role_policy_attachment" "publish" {
  for_each = toset(var.role_names)

  role       = each.value
  policy_arn = aws_iam_policy.publish.arn
}
