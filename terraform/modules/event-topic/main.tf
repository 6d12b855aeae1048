# An SNS topic for one fan-out channel of the event catalog, encrypted with a key of its own.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"

  # The account administers the key and grants its use through IAM (publishers get kms:GenerateDataKey*
  # and kms:Decrypt from the publisher-iam module). AWS services that publish (CloudWatch alarms) cannot
  # use IAM, so the key policy names them, for this topic only.
  key_statements = concat(
    [{
      Sid       = "AccountAdministersTheKey"
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = "kms:*"
      Resource  = "*"
    }],
    length(var.publisher_services) == 0 ? [] : [{
      Sid       = "ServicesPublishToTheEncryptedTopic"
      Effect    = "Allow"
      Principal = { Service = var.publisher_services }
      Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
      Resource  = "*"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  )
}

resource "aws_kms_key" "topic" {
  description             = "SNS topic ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = jsonencode({ Version = "2012-10-17", Statement = local.key_statements })
  tags                    = var.tags
}

resource "aws_kms_alias" "topic" {
  name          = "alias/${var.name}-sns"
  target_key_id = aws_kms_key.topic.key_id
}

resource "aws_sns_topic" "this" {
  name              = var.name
  kms_master_key_id = aws_kms_key.topic.arn
  tags              = var.tags
}

# Only when AWS services publish: the default topic policy already lets the account's own principals
# publish with IAM permission.
resource "aws_sns_topic_policy" "services" {
  count = length(var.publisher_services) == 0 ? 0 : 1

  arn = aws_sns_topic.this.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountPublishesWithIam"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = ["sns:Publish", "sns:GetTopicAttributes", "sns:Subscribe"]
        Resource  = aws_sns_topic.this.arn
      },
      {
        Sid       = "ServicesPublish"
        Effect    = "Allow"
        Principal = { Service = var.publisher_services }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.this.arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      },
    ]
  })
}
