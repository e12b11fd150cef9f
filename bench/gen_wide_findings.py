#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""N findings with API lists of 1 to 60 names (some sensitive), in one JSON-lines file.

For the PDF report's pagination: findings-table rows and finding details of many heights, so that
page breaks fall inside both tables. The last user calls 1,500 APIs: a details row taller than a page.
  python3 bench/gen_wide_findings.py 1000 /tmp/wide1000.jsonl
  time trailwarden-cli scan --quiet --no-hash --format pdf --output /tmp/r.pdf /tmp/wide1000.jsonl
Generated data is not committed.
"""
import sys

SENSITIVE = [('cloudtrail.amazonaws.com', 'StopLogging'), ('iam.amazonaws.com', 'CreateAccessKey'),
             ('secretsmanager.amazonaws.com', 'GetSecretValue'), ('s3.amazonaws.com', 'PutBucketPolicy')]

n = int(sys.argv[1])
event = 0


def record(f, user, source, name, read_only):
    global event
    event += 1
    f.write('{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"111111111111",'
            '"userName":"%s"},"eventTime":"2026-11-%02dT%02d:%02d:00Z","eventSource":"%s",'
            '"eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.%d",'
            '"userAgent":"aws-cli/2.15","eventID":"e%d","readOnly":%s,"eventType":"AwsApiCall",'
            '"recipientAccountId":"111111111111"}\n'
            % (user, 1 + event % 28, event % 24, event % 60, source, name, event % 250, event,
               'true' if read_only else 'false'))


with open(sys.argv[2], 'w') as f:
    for u in range(n):
        user = 'deploy-pipeline-role-%05d' % u
        apis = 1500 if u == n - 1 else 1 + (u * 7) % 60
        for j in range(apis):
            record(f, user, 'ec2.amazonaws.com', 'DescribeWidget%05dPart%04d' % (u, j), True)
        for k in range(u % 5):
            source, name = SENSITIVE[k % len(SENSITIVE)]
            record(f, user, source, name, False)
