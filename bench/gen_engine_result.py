#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An Athena result CSV of the exported query with N users, one row each, for measuring an
import into the window (issue 13), e.g.
  python3 bench/gen_engine_result.py 100000 /tmp/athena100k.csv
  printf 'identity\\nuser-0000001\\n' > /tmp/approved.csv
  xvfb-run -a trailwarden --measure --approved /tmp/approved.csv /tmp/athena100k.csv
Users have 1-200 events, a few of 12 eventNames and one of three identity types; deterministic.
Generated data is not committed.
"""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(1)
apis = ['GetObject', 'PutObject', 'ListBuckets', 'DescribeInstances', 'AssumeRole', 'CreateUser',
        'AttachUserPolicy', 'GetCallerIdentity', 'DeleteBucket', 'RunInstances', 'PutBucketPolicy',
        'ConsoleLogin']
types = ['IAMUser', 'AssumedRole', 'FederatedUser']
with open(sys.argv[2], 'w') as f:
    f.write('"user","count","readonlycount","firsttime","lasttime","eventname","identitytype","account"\n')
    for i in range(n):
        count = rng.randint(1, 200)
        ro = rng.randint(0, count)
        day = 1 + i % 28
        names = sorted(rng.sample(apis, rng.randint(1, 4)))
        f.write('"user-%07d","%d","%d","2026-10-%02d 00:%02d:00","2026-10-%02d 23:%02d:00",'
                '"[%s]","[""%s""]","[""111111111111""]"\n'
                % (i, count, ro, day, i % 60, day, i % 60,
                   ','.join('""%s""' % a for a in names), types[i % 3]))
