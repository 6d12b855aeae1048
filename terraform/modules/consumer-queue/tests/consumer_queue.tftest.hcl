# Runs against the schema-only provider (terraform/test/provider): "apply" calls no AWS API, it fills
# in the ARNs and URLs AWS would return, so every value below is known.

provider "aws" {
  region = "eu-west-1"
}

variables {
  name                       = "notifications"
  max_receive_count          = 3
  visibility_timeout_seconds = 30
  handler_timeout_seconds    = 20
  alarm_actions              = ["arn:aws:sns:eu-west-1:123456789012:eventbus-alarms"]
  subscriptions = {
    order-events   = { topic_arn = "arn:aws:sns:eu-west-1:123456789012:order-events", events = ["order.completed"] }
    billing-events = { topic_arn = "arn:aws:sns:eu-west-1:123456789012:billing-events", events = ["charge.succeeded", "charge.reversed"] }
  }
}

run "redrives_to_its_dlq_after_max_receive_count" {
  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_policy.queue.redrive_policy).maxReceiveCount == 3
    error_message = "The redrive policy's maxReceiveCount is not the one asked for."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_policy.queue.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    error_message = "The queue does not redrive to its own DLQ."
  }
  assert {
    condition     = aws_sqs_queue_redrive_policy.queue.queue_url == aws_sqs_queue.queue.url
    error_message = "The redrive policy is not on the queue."
  }
  assert {
    condition = jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy) == {
      redrivePermission = "byQueue", sourceQueueArns = [aws_sqs_queue.queue.arn]
    }
    error_message = "The DLQ accepts dead letters from other queues than its own."
  }
  assert {
    condition     = aws_sqs_queue.dlq.name == "notifications-dlq" && aws_sqs_queue.sns_dlq[0].name == "notifications-sns-dlq"
    error_message = "The DLQs are not named <queue>-dlq and <queue>-sns-dlq."
  }
}

run "keeps_the_seeds_settings_and_dead_letters_longer_than_the_queue" {
  assert {
    condition     = aws_sqs_queue.queue.visibility_timeout_seconds == 30 && aws_sqs_queue.queue.message_retention_seconds == 86400
    error_message = "The queue does not keep the seed's visibility timeout (30 s) and retention (24 h)."
  }
  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds == 1209600 && aws_sqs_queue.sns_dlq[0].message_retention_seconds == 1209600
    error_message = "The DLQs do not keep messages 14 days."
  }
  assert {
    condition     = aws_sqs_queue.queue.receive_wait_time_seconds == 20
    error_message = "Receives do not long-poll by default."
  }
}

run "encrypts_every_queue_with_a_key_sns_may_use_for_the_subscribed_topics_only" {
  assert {
    condition     = alltrue([for q in [aws_sqs_queue.queue, aws_sqs_queue.dlq, aws_sqs_queue.sns_dlq[0]] : q.kms_master_key_id == aws_kms_key.queue.arn])
    error_message = "A queue is not encrypted with the module's key."
  }
  assert {
    condition     = aws_kms_key.queue.enable_key_rotation
    error_message = "The queue key does not rotate."
  }
  assert {
    condition = one([for s in jsondecode(aws_kms_key.queue.policy).Statement : s.Condition.ArnEquals["aws:SourceArn"] if try(s.Principal.Service, "") == "sns.amazonaws.com"]) == [
      "arn:aws:sns:eu-west-1:123456789012:billing-events", "arn:aws:sns:eu-west-1:123456789012:order-events",
    ]
    error_message = "The key policy does not let SNS use the key for exactly the subscribed topics."
  }
}

run "lets_exactly_its_topics_send" {
  assert {
    condition = one([for s in jsondecode(aws_sqs_queue_policy.queue.policy).Statement : s if s.Effect == "Allow"]) == {
      Sid       = "SubscribedTopicsSend"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.queue.arn
      Condition = { ArnEquals = { "aws:SourceArn" = ["arn:aws:sns:eu-west-1:123456789012:billing-events", "arn:aws:sns:eu-west-1:123456789012:order-events"] } }
    }
    error_message = "The queue policy lets something other than its two topics send."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue_policy.queue.policy).Version == "2012-10-17"
    error_message = "The queue policy has no Version (AWS then hangs creating the queue)."
  }
}

run "subscribes_with_raw_delivery_and_a_filter_on_the_events_it_handles" {
  assert {
    condition     = alltrue([for s in aws_sns_topic_subscription.topic : s.raw_message_delivery && s.protocol == "sqs" && s.endpoint == aws_sqs_queue.queue.arn])
    error_message = "A subscription does not deliver raw messages to the queue."
  }
  assert {
    condition     = jsondecode(aws_sns_topic_subscription.topic["billing-events"].filter_policy) == { EventType = ["charge.reversed", "charge.succeeded"] }
    error_message = "The billing-events filter policy is not exactly the two charge events."
  }
  assert {
    condition     = jsondecode(aws_sns_topic_subscription.topic["order-events"].filter_policy) == { EventType = ["order.completed"] }
    error_message = "The order-events filter policy is not exactly order.completed."
  }
  assert {
    condition     = alltrue([for s in aws_sns_topic_subscription.topic : s.filter_policy_scope == "MessageAttributes"])
    error_message = "A filter policy does not match the EventType message attribute."
  }
  assert {
    condition     = alltrue([for s in aws_sns_topic_subscription.topic : jsondecode(s.redrive_policy).deadLetterTargetArn == aws_sqs_queue.sns_dlq[0].arn])
    error_message = "A subscription has no DLQ for messages SNS cannot deliver."
  }
}

run "alarms_on_dlq_depth_and_the_oldest_message" {
  assert {
    condition = alltrue([for k, a in aws_cloudwatch_metric_alarm.dlq_not_empty :
      a.metric_name == "ApproximateNumberOfMessagesVisible" && a.threshold == 0 && a.comparison_operator == "GreaterThanThreshold"
    && a.treat_missing_data == "notBreaching" && a.alarm_actions == toset(var.alarm_actions)])
    error_message = "A DLQ alarm does not page as soon as one message is in it."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_not_empty["dlq"].dimensions.QueueName == "notifications-dlq" && aws_cloudwatch_metric_alarm.dlq_not_empty["sns_dlq"].dimensions.QueueName == "notifications-sns-dlq"
    error_message = "The DLQ alarms do not watch the two DLQs."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.oldest_message.metric_name == "ApproximateAgeOfOldestMessage" && aws_cloudwatch_metric_alarm.oldest_message.dimensions.QueueName == "notifications" && aws_cloudwatch_metric_alarm.oldest_message.threshold == 600
    error_message = "The queue has no alarm on the age of its oldest message."
  }
}

run "a_queue_without_subscriptions_has_no_sns_dlq" {
  variables {
    subscriptions = {}
  }
  assert {
    condition     = length(aws_sqs_queue.sns_dlq) == 0 && keys(aws_cloudwatch_metric_alarm.dlq_not_empty) == ["dlq"]
    error_message = "A queue nobody subscribes to SNS got a subscription DLQ."
  }
  assert {
    condition     = [for s in jsondecode(aws_sqs_queue_policy.queue.policy).Statement : s.Effect] == ["Deny"]
    error_message = "A queue without subscriptions lets someone send through its queue policy."
  }
}

run "refuses_a_dlq_that_keeps_messages_no_longer_than_the_queue" {
  command = plan
  variables {
    message_retention_seconds     = 1209600
    dlq_message_retention_seconds = 1209600
  }
  expect_failures = [aws_sqs_queue.dlq]
}

run "refuses_a_visibility_timeout_shorter_than_the_handler_time_limit" {
  command = plan
  variables {
    visibility_timeout_seconds = 10
  }
  expect_failures = [aws_sqs_queue.queue]
}

run "refuses_a_subscription_without_events" {
  command = plan
  variables {
    subscriptions = { order-events = { topic_arn = "arn:aws:sns:eu-west-1:123456789012:order-events", events = [] } }
  }
  expect_failures = [var.subscriptions]
}

run "refuses_alarms_without_an_action" {
  command = plan
  variables {
    alarm_actions = []
  }
  expect_failures = [var.alarm_actions]
}
