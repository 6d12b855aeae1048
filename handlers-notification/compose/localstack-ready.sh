#!/bin/bash
# LocalStack init hook (compose.yaml): the notifications queue with its DLQ, and a verified SES sender.
set -euo pipefail
awslocal sqs create-queue --queue-name notifications-dlq >/dev/null
dlq_arn=$(awslocal sqs get-queue-attributes --queue-url http://localhost:4566/000000000000/notifications-dlq \
  --attribute-names QueueArn --query Attributes.QueueArn --output text)
awslocal sqs create-queue --queue-name notifications \
  --attributes "{\"VisibilityTimeout\":\"30\",\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"${dlq_arn}\\\",\\\"maxReceiveCount\\\":\\\"5\\\"}\"}" >/dev/null
awslocal ses verify-email-identity --email-address orders@shop.example >/dev/null
echo "notifications queue and SES sender ready"
