provider "aws" {
  region = "eu-west-1"
}

variables {
  name = "billing-publish-events"
  topics = {
    billing-events = {
      arn         = "arn:aws:sns:eu-west-1:123456789012:billing-events"
      kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
    }
  }
  queues = {
    billing-saga = {
      arn         = "arn:aws:sqs:eu-west-1:123456789012:billing-saga"
      kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-2222-2222-222222222222"
    }
  }
  role_names = ["billing-service"]
}

run "publishes_to_exactly_its_channels_with_exactly_their_keys" {
  assert {
    condition = jsondecode(aws_iam_policy.publish.policy).Statement == [
      { Sid = "PublishToOwnTopics", Effect = "Allow", Action = "sns:Publish", Resource = ["arn:aws:sns:eu-west-1:123456789012:billing-events"] },
      { Sid = "SendToOwnQueues", Effect = "Allow", Action = ["sqs:SendMessage", "sqs:GetQueueUrl"], Resource = ["arn:aws:sqs:eu-west-1:123456789012:billing-saga"] },
      {
        Sid = "EncryptForOwnChannels", Effect = "Allow", Action = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = [
          "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111",
          "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-2222-2222-222222222222",
        ]
      },
    ]
    error_message = "The publishing policy grants more or less than publishing to its own channels."
  }
  assert {
    condition     = !strcontains(aws_iam_policy.publish.policy, "*")
    error_message = "The publishing policy has a wildcard."
  }
  assert {
    condition     = aws_iam_role_policy_attachment.publish["billing-service"].policy_arn == aws_iam_policy.publish.arn
    error_message = "The policy is not attached to the publisher's role."
  }
}

run "a_topic_publisher_gets_no_queue_statement" {
  variables {
    queues     = {}
    role_names = []
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_policy.publish.policy).Statement : s.Sid] == ["PublishToOwnTopics", "EncryptForOwnChannels"]
    error_message = "A publisher without queues may still send to queues."
  }
  assert {
    condition     = length(aws_iam_role_policy_attachment.publish) == 0
    error_message = "The policy was attached without a role to attach it to."
  }
}

run "refuses_a_policy_that_grants_nothing" {
  command = plan
  variables {
    topics = {}
    queues = {}
  }
  expect_failures = [aws_iam_policy.publish]
}
