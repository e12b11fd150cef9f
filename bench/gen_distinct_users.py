#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""N events by N distinct IAM users in one JSON-lines file: N findings when no list is given.

For measuring what grows with the number of findings (reports above all), e.g.
  python3 bench/gen_distinct_users.py 200000 /tmp/users200k.jsonl
  /usr/bin/time -f '%M KiB' trailwarden-cli scan --quiet --no-hash --format html \
      --output /tmp/r.html /tmp/users200k.jsonl
Generated data is not committed.
"""
import sys

n = int(sys.argv[1])
with open(sys.argv[2], 'w') as f:
    for i in range(n):
        f.write('{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA%012d",'
                '"arn":"arn:aws:iam::111111111111:user/user-%07d","accountId":"111111111111",'
                '"userName":"user-%07d"},"eventTime":"2026-11-%02dT%02d:%02d:00Z",'
                '"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1",'
                '"sourceIPAddress":"198.51.100.%d","userAgent":"aws-cli/2.15","requestParameters":null,'
                '"responseElements":null,"requestID":"r%d","eventID":"e%d","readOnly":true,'
                '"eventType":"AwsApiCall","recipientAccountId":"111111111111"}\n'
                % (i, i, i, 1 + i % 28, i % 24, i % 60, i % 250, i, i))
