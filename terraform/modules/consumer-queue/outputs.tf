output "queue_arn" {
  description = "The queue's ARN."
  value       = aws_sqs_queue.queue.arn
}

output "queue_url" {
  description = "The queue's URL: what the worker polls (and EventBus sends to, for a point-to-point channel)."
  value       = aws_sqs_queue.queue.url
}

output "queue_name" {
  description = "The queue's name."
  value       = aws_sqs_queue.queue.name
}

output "dlq_arn" {
  description = "The DLQ's ARN."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "The DLQ's URL: what the DLQ tool inspects and replays."
  value       = aws_sqs_queue.dlq.url
}

output "sns_dlq_arn" {
  description = "The ARN of the DLQ of the queue's SNS subscriptions (null without subscriptions)."
  value       = one(aws_sqs_queue.sns_dlq[*].arn)
}

output "sns_dlq_url" {
  description = "The URL of the DLQ of the queue's SNS subscriptions (null without subscriptions)."
  value       = one(aws_sqs_queue.sns_dlq[*].url)
}

output "kms_key_arn" {
  description = "The key of the queue and its DLQs; workers need kms:Decrypt and kms:GenerateDataKey on it."
  value       = aws_kms_key.queue.arn
}

output "subscription_arns" {
  description = "The SNS subscriptions, by channel name."
  value       = { for channel, s in aws_sns_topic_subscription.topic : channel => s.arn }
}

output "alarm_arns" {
  description = "The alarms: dlq_not_empty, sns_dlq_not_empty (with subscriptions) and oldest_message."
  value = merge(
    { for k, a in aws_cloudwatch_metric_alarm.dlq_not_empty : "${k}_not_empty" => a.arn },
    { oldest_message = aws_cloudwatch_metric_alarm.oldest_message.arn },
  )
}
