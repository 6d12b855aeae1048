# One consumer's queue: the queue, its DLQ (SQS moves a message there after max_receive_count receives),
# the DLQ of its SNS subscriptions (for deliveries SNS itself cannot make), one KMS key for the three,
# the policies that let exactly the subscribed topics send, the subscriptions with raw delivery and a
# filter policy on EventType, and alarms on the DLQs' depth and the queue's oldest message.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
  topic_arns   = sort(distinct([for s in values(var.subscriptions) : s.topic_arn]))

  deny_insecure_transport = {
    Sid       = "DenyInsecureTransport"
    Effect    = "Deny"
    Principal = "*"
    Action    = "sqs:*"
    Condition = { Bool = { "aws:SecureTransport" = "false" } }
  }

  # SNS encrypts what it delivers with the queue's key, so the key policy lets SNS use it, for the
  # subscribed topics only. Workers and on-call get the key through IAM (worker-iam, oncall-iam).
  key_statements = concat(
    [{
      Sid       = "AccountAdministersTheKey"
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = "kms:*"
      Resource  = "*"
    }],
    length(local.topic_arns) == 0 ? [] : [{
      Sid       = "SubscribedTopicsDeliverToTheEncryptedQueues"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
      Resource  = "*"
      Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arns } }
    }]
  )
}

resource "aws_kms_key" "queue" {
  description             = "SQS queue ${var.name} and its DLQs"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = jsonencode({ Version = "2012-10-17", Statement = local.key_statements })
  tags                    = var.tags
}

resource "aws_kms_alias" "queue" {
  name          = "alias/${var.name}-sqs"
  target_key_id = aws_kms_key.queue.key_id
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-dlq"
  message_retention_seconds = var.dlq_message_retention_seconds
  receive_wait_time_seconds = var.receive_wait_time_seconds
  max_message_size          = var.max_message_size
  kms_master_key_id         = aws_kms_key.queue.arn
  tags                      = var.tags

  lifecycle {
    precondition {
      condition     = var.dlq_message_retention_seconds > var.message_retention_seconds
      error_message = "The DLQ of ${var.name} keeps messages ${var.dlq_message_retention_seconds} s, no longer than the queue's ${var.message_retention_seconds} s: a dead-lettered message keeps its first enqueue time, so it would expire before anyone could replay it."
    }
  }
}

resource "aws_sqs_queue" "queue" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = var.receive_wait_time_seconds
  max_message_size           = var.max_message_size
  kms_master_key_id          = aws_kms_key.queue.arn
  tags                       = var.tags

  lifecycle {
    precondition {
      condition     = var.handler_timeout_seconds == null || coalesce(var.handler_timeout_seconds, 0) <= var.visibility_timeout_seconds
      error_message = "The visibility timeout of ${var.name} (${var.visibility_timeout_seconds} s) is shorter than its worker's handler time limit (${coalesce(var.handler_timeout_seconds, 0)} s): a handler running to its limit would be received by a second worker."
    }
  }
}

resource "aws_sqs_queue_redrive_policy" "queue" {
  queue_url = aws_sqs_queue.queue.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.queue.arn]
  })
}

resource "aws_sqs_queue_policy" "queue" {
  queue_url = aws_sqs_queue.queue.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      length(local.topic_arns) == 0 ? [] : [{
        Sid       = "SubscribedTopicsSend"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.queue.arn
        Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arns } }
      }],
      [merge(local.deny_insecure_transport, { Resource = aws_sqs_queue.queue.arn })]
    )
  })
}

resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [merge(local.deny_insecure_transport, { Resource = aws_sqs_queue.dlq.arn })]
  })
}

# Where SNS puts a message it cannot deliver to the queue (a key or policy that refuses it): without
# it SNS drops such messages after its retries. Kept apart from the DLQ above, which SQS's redrive
# (StartMessageMoveTask) can move back; a queue fed by SNS cannot be redriven that way. Only for a queue
# with subscriptions.
resource "aws_sqs_queue" "sns_dlq" {
  count = length(var.subscriptions) == 0 ? 0 : 1

  name                      = "${var.name}-sns-dlq"
  message_retention_seconds = var.dlq_message_retention_seconds
  receive_wait_time_seconds = var.receive_wait_time_seconds
  max_message_size          = var.max_message_size
  kms_master_key_id         = aws_kms_key.queue.arn
  tags                      = var.tags
}

resource "aws_sqs_queue_policy" "sns_dlq" {
  count = length(aws_sqs_queue.sns_dlq)

  queue_url = aws_sqs_queue.sns_dlq[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "SubscriptionsDeadLetter"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.sns_dlq[0].arn
        Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arns } }
      },
      merge(local.deny_insecure_transport, { Resource = aws_sqs_queue.sns_dlq[0].arn }),
    ]
  })
}

resource "aws_sns_topic_subscription" "topic" {
  for_each = var.subscriptions

  topic_arn            = each.value.topic_arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.queue.arn
  raw_message_delivery = true
  filter_policy_scope  = "MessageAttributes"
  filter_policy        = jsonencode({ EventType = sort(distinct(each.value.events)) })
  redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.sns_dlq[0].arn })

  # SNS delivers only once the queue policy lets it.
  depends_on = [aws_sqs_queue_policy.queue, aws_sqs_queue_policy.sns_dlq]
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  for_each = merge({ dlq = aws_sqs_queue.dlq.name }, { for q in aws_sqs_queue.sns_dlq : "sns_dlq" => q.name })

  alarm_name          = "${each.value}-not-empty"
  alarm_description   = each.key == "dlq" ? "Messages of ${var.name} failed ${var.max_receive_count} times or could never succeed. Inspect and replay them with the DLQ tool." : "SNS could not deliver messages to ${var.name} (a key or queue policy refused them). Fix the policy, then move them to ${var.name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "oldest_message" {
  alarm_name          = "${var.name}-oldest-message"
  alarm_description   = "The oldest message on ${var.name} has waited more than ${var.oldest_message_alarm_seconds} s: its workers are down, stuck or too few."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.queue.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = var.oldest_message_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
