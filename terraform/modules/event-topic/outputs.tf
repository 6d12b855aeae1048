output "arn" {
  description = "The topic's ARN: what EventBus publishes to for this channel."
  value       = aws_sns_topic.this.arn
}

output "name" {
  description = "The topic's name."
  value       = aws_sns_topic.this.name
}

output "kms_key_arn" {
  description = "The topic's KMS key; publishers need kms:GenerateDataKey* and kms:Decrypt on it."
  value       = aws_kms_key.topic.arn
}
