// SPDX-License-Identifier: GPL-3.0-or-later
// A module loaded with dlopen(), so its thread_local block is dynamic TLS: glibc allocates it with
// malloc in each thread that first touches it. 40 bytes: see dynamictls.cpp.
#include <cstring>

namespace {
thread_local char t_block[40];
}

extern "C" int trailwarden_touch_dynamic_tls(int value)
{
    std::memset(t_block, value, sizeof t_block);
    return t_block[sizeof t_block - 1];
}
