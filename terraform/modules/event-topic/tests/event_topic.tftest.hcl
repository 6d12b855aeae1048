provider "aws" {
  region = "eu-west-1"
}

variables {
  name = "order-events"
}

run "encrypts_the_topic_with_a_rotating_key_of_its_own" {
  assert {
    condition     = aws_sns_topic.this.name == "order-events" && aws_sns_topic.this.arn == "arn:aws:sns:eu-west-1:123456789012:order-events"
    error_message = "The topic is not named after its channel."
  }
  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == aws_kms_key.topic.arn && aws_kms_key.topic.enable_key_rotation
    error_message = "The topic is not encrypted with its own rotating key."
  }
  assert {
    condition     = aws_kms_alias.topic.name == "alias/order-events-sns"
    error_message = "The key has no alias naming its topic."
  }
}

run "an_application_topic_needs_no_topic_policy_and_no_service_in_its_key_policy" {
  assert {
    condition     = length(aws_sns_topic_policy.services) == 0
    error_message = "A topic without service publishers got a topic policy."
  }
  assert {
    condition     = [for s in jsondecode(aws_kms_key.topic.policy).Statement : s.Principal] == [{ AWS = "arn:aws:iam::123456789012:root" }]
    error_message = "The key policy names someone besides the account."
  }
}

run "lets_named_aws_services_publish_to_an_alarm_topic" {
  variables {
    name               = "eventbus-alarms"
    publisher_services = ["cloudwatch.amazonaws.com"]
  }
  assert {
    condition = one([for s in jsondecode(aws_kms_key.topic.policy).Statement : s if try(s.Principal.Service, null) != null]) == {
      Sid       = "ServicesPublishToTheEncryptedTopic"
      Effect    = "Allow"
      Principal = { Service = ["cloudwatch.amazonaws.com"] }
      Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
      Resource  = "*"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }
    error_message = "CloudWatch may not use the alarm topic's key, or may use it from another account."
  }
  assert {
    condition = one([for s in jsondecode(aws_sns_topic_policy.services[0].policy).Statement : s.Principal.Service if s.Sid == "ServicesPublish"]) == [
      "cloudwatch.amazonaws.com",
    ]
    error_message = "The topic policy does not let CloudWatch publish."
  }
}

run "refuses_a_service_that_is_not_a_service_principal" {
  command = plan
  variables {
    publisher_services = ["*"]
  }
  expect_failures = [var.publisher_services]
}
