# Placeholder values for planning the example without an AWS account (./scripts/check-terraform uses
# them). For a real deployment, copy this file and put in your own network, image and people.
notification_worker_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/eventbus/notification-worker:0.1.0"
subnet_ids                = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
security_group_ids        = ["sg-0a1b2c3d4e5f60001"]
oncall_principal_arns     = ["arn:aws:iam::123456789012:role/oncall-engineers"]
notification_worker_environment = {
  REDIS_URL       = "rediss://eventbus-dedupe.abc123.euw1.cache.amazonaws.com:6379"
  EMAIL_TRANSPORT = "ses"
  MAIL_FROM       = "orders@example.com"
}
notification_worker_secrets = {
  WEBHOOK_ENDPOINTS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:eventbus/webhook-endpoints-AbCdEf"
}
