variable "name" {
  description = "The queue's name: the consumer's queue in the catalog, with the deployment's prefix if it has one. Its DLQ is <name>-dlq and the DLQ of its subscriptions <name>-sns-dlq."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,72}$", var.name))
    error_message = "A queue name is letters, digits, hyphens and underscores, at most 72 characters so that <name>-sns-dlq fits SQS's 80."
  }
}

variable "max_receive_count" {
  description = "Receives before SQS moves a message to the DLQ: the catalog's max_receive_count, the worker's retry budget."
  type        = number

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count is a whole number from 1 to 1000."
  }
}

variable "visibility_timeout_seconds" {
  description = "The queue's visibility timeout (the seed's 30 s by default)."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "The visibility timeout is 0 to 43200 seconds (12 hours)."
  }
}

variable "handler_timeout_seconds" {
  description = "The worker's time limit for one handler run (the catalog's handler_timeout_seconds). It must fit the visibility timeout, so that a handler running to its limit is never received by a second worker; null skips the check."
  type        = number
  default     = null
}

variable "message_retention_seconds" {
  description = "How long the queue keeps a message (the seed's 24 hours by default)."
  type        = number
  default     = 86400

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "Retention is 60 to 1209600 seconds (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the DLQs keep a message (14 days by default, SQS's maximum). Longer than the queue's: a dead-lettered message keeps its first enqueue time."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "Retention is 60 to 1209600 seconds (14 days)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-poll wait of receives that do not set their own (20 s, SQS's maximum)."
  type        = number
  default     = 20
}

variable "max_message_size" {
  description = "Largest message the queue accepts, in bytes (256 KiB: what SNS delivers by default, and EventBus's limit)."
  type        = number
  default     = 262144
}

variable "subscriptions" {
  description = "The topics the queue subscribes to, by channel name: each topic's ARN and the event types (EventType values) the consumer handles from it. Each becomes an SNS subscription with raw delivery and a filter policy letting exactly those events through."
  type = map(object({
    topic_arn = string
    events    = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.subscriptions) : length(s.events) > 0])
    error_message = "Each subscription lists at least one event type; a subscription without one would let every event through."
  }

  validation {
    condition     = alltrue([for s in values(var.subscriptions) : length(s.events) <= 150])
    error_message = "An SNS filter policy matches at most 150 values."
  }
}

variable "alarm_actions" {
  description = "What the alarms notify (SNS topic ARNs for paging), on alarm and on recovery."
  type        = list(string)

  validation {
    condition     = length(var.alarm_actions) > 0
    error_message = "At least one alarm action: a DLQ alarm nobody hears is a silent loss."
  }
}

variable "oldest_message_alarm_seconds" {
  description = "Alarm when the oldest message waiting on the queue is older than this (the consumer is stuck or too slow)."
  type        = number
  default     = 600

  validation {
    condition     = var.oldest_message_alarm_seconds >= 60
    error_message = "The age threshold is at least 60 seconds (the metric's resolution)."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Days a deleted queue key waits before it is destroyed (7 to 30)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource the module creates."
  type        = map(string)
  default     = {}
}
