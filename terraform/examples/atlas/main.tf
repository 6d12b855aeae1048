# Everything the event catalog describes: a topic per fan-out channel, a queue with its DLQs and alarms
# per consumer (subscribed to exactly the events the catalog lists it for), a publishing policy per event
# owner, a role per consumer's worker, the on-call role of the DLQ tool, and the notification worker
# running on ECS Fargate. The catalog is read here directly; ./scripts/check-terraform checks the plan
# against it.

locals {
  catalog   = jsondecode(file(coalesce(var.catalog_file, "${path.module}/../../../event-schemas/src/main/resources/eventbus/catalog.json")))
  events    = local.catalog.events
  consumers = { for name, c in local.catalog.consumers : name => merge(c, { queue = lookup(c, "queue", name) }) }

  topics = toset([for e in values(local.events) : e.destination.topic if can(e.destination.topic)])
  owners = toset([for e in values(local.events) : e.owner])

  # For each consumer, the topics it subscribes to and the events it takes from each: the filter policy.
  subscriptions = {
    for consumer in keys(local.consumers) : consumer => {
      for topic in local.topics : topic => sort([
        for name, e in local.events : name if lookup(e.destination, "topic", null) == topic && contains(e.subscribers, consumer)
      ])
      if length([for name, e in local.events : name if lookup(e.destination, "topic", null) == topic && contains(e.subscribers, consumer)]) > 0
    }
  }

  # Point-to-point channels: the queue an event goes to is its one subscriber's queue.
  queue_readers = { for e in values(local.events) : e.destination.queue => e.subscribers[0]... if can(e.destination.queue) }
  owned = {
    for owner in local.owners : owner => {
      topics = toset([for e in values(local.events) : e.destination.topic if e.owner == owner && can(e.destination.topic)])
      queues = toset([for e in values(local.events) : e.destination.queue if e.owner == owner && can(e.destination.queue)])
    }
  }

  notifications = local.consumers["notifications"]
  # The notification worker's own settings, from the queue it reads and the catalog; its other settings
  # (Redis, email, webhooks) come from var.notification_worker_environment.
  notification_environment = {
    CONSUMER                = "notifications"
    QUEUE_URL               = module.queue["notifications"].queue_url
    AWS_REGION              = var.region
    HANDLER_TIMEOUT_SECONDS = tostring(local.notifications.handler_timeout_seconds)
    SHUTDOWN_GRACE_SECONDS  = "25"
    ADMIN_PORT              = "8080"
    LOG_FORMAT              = "json"
  }
}

module "alarms" {
  source = "../../modules/event-topic"

  name               = "${var.name_prefix}eventbus-alarms"
  publisher_services = ["cloudwatch.amazonaws.com"]
}

module "topic" {
  source   = "../../modules/event-topic"
  for_each = local.topics

  name = "${var.name_prefix}${each.key}"
}

module "queue" {
  source   = "../../modules/consumer-queue"
  for_each = local.consumers

  name                          = "${var.name_prefix}${each.value.queue}"
  max_receive_count             = each.value.max_receive_count
  visibility_timeout_seconds    = each.value.visibility_timeout_seconds
  message_retention_seconds     = each.value.message_retention_seconds
  dlq_message_retention_seconds = each.value.dlq_retention_seconds
  handler_timeout_seconds       = each.value.handler_timeout_seconds
  subscriptions = {
    for topic, events in local.subscriptions[each.key] : topic => { topic_arn = module.topic[topic].arn, events = events }
  }
  alarm_actions = [module.alarms.arn]
}

module "publisher" {
  source   = "../../modules/publisher-iam"
  for_each = local.owners

  name = "${var.name_prefix}${each.key}-publish-events"
  topics = {
    for topic in local.owned[each.key].topics : topic => { arn = module.topic[topic].arn, kms_key_arn = module.topic[topic].kms_key_arn }
  }
  queues = {
    for queue in local.owned[each.key].queues : queue => {
      arn         = module.queue[local.queue_readers[queue][0]].queue_arn
      kms_key_arn = module.queue[local.queue_readers[queue][0]].kms_key_arn
    }
  }
  role_names = lookup(var.publisher_role_names, each.key, [])
}

module "worker_iam" {
  source   = "../../modules/worker-iam"
  for_each = local.consumers

  name        = "${var.name_prefix}${each.key}-worker"
  queue_arn   = module.queue[each.key].queue_arn
  dlq_arn     = module.queue[each.key].dlq_arn
  kms_key_arn = module.queue[each.key].kms_key_arn
}

module "oncall" {
  source = "../../modules/oncall-iam"

  name                   = "${var.name_prefix}eventbus-oncall"
  trusted_principal_arns = var.oncall_principal_arns
  queues = {
    for consumer in keys(local.consumers) : consumer => {
      queue_arn   = module.queue[consumer].queue_arn
      dlq_arn     = module.queue[consumer].dlq_arn
      kms_key_arn = module.queue[consumer].kms_key_arn
    }
  }
}

resource "aws_ecs_cluster" "workers" {
  name = "${var.name_prefix}eventbus-workers"

  # Autoscaling on backlog per task reads RunningTaskCount from Container Insights.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

module "notification_worker" {
  source = "../../modules/worker-service"

  name                   = "${var.name_prefix}notifications-worker"
  cluster_arn            = aws_ecs_cluster.workers.arn
  image                  = var.notification_worker_image
  task_role_arn          = module.worker_iam["notifications"].role_arn
  environment            = merge(local.notification_environment, var.notification_worker_environment)
  secrets                = var.notification_worker_secrets
  shutdown_grace_seconds = tonumber(merge(local.notification_environment, var.notification_worker_environment).SHUTDOWN_GRACE_SECONDS)
  queue_name             = module.queue["notifications"].queue_name
  subnet_ids             = var.subnet_ids
  security_group_ids     = var.security_group_ids
}
