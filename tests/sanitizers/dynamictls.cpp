// SPDX-License-Identifier: GPL-3.0-or-later
// Reproduces the sanitizer-runtime fault that failed CI in the asan suite: LeakSanitizer's tracer
// crashing at exit ("Tracer caught signal 11") after every test function had passed.
//
// GCC 12's (and LLVM ≤ 16's) interceptor of __tls_get_addr guesses where a thread's dynamic TLS
// block begins: when the block's address is 16 bytes past a 4 KiB boundary it takes the block for
// one with a glibc-2.19 header and reads the 16 bytes before it as the block's start and size. Since
// glibc 2.25 there is no such header: those bytes are the allocator's chunk header, and the range it
// records is garbage, which the leak check then scans while it stops the world at exit. Whether a
// block lands there depends on the heap layout, so in the tests it struck about once in a few CI
// runs (a Qt plugin's thread_local, touched by a pool thread alive at exit).
//
// Here it is made likely: a 40-byte block is a 64-byte chunk under ASan, so one in 64 starts on a
// page, and 512 threads that each hold one at exit make a crash all but certain (1 - (63/64)^512)
// unless the interceptor is off (intercept_tls_get_addr=0, set by the asan preset and tools/fuzz.sh).
// Since glibc 2.19 the blocks are ordinary heap blocks reachable from the thread's DTV, so the leak
// check loses nothing without it; "leak" mode proves that a real leak is still reported.
//
//   dynamictls MODULE [leak]
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

using Touch = int (*)(int);
Touch touch = nullptr;
pthread_barrier_t started;

void* holdDynamicTls(void*)
{
    touch(7);
    pthread_barrier_wait(&started);
    for (;;)
        pause(); // alive when main returns, so the leak check must stop it and scan its TLS
    return nullptr;
}

void* leakOneBlock(void*)
{
    // The only pointer to the block is on this thread's stack, which is gone once it is joined.
    auto* block = static_cast<char*>(std::malloc(1000));
    std::memset(block, 1, 1000);
    return nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: dynamictls MODULE [leak]\n");
        return 2;
    }
    void* module = dlopen(argv[1], RTLD_NOW);
    if (!module) {
        std::fprintf(stderr, "dynamictls: %s\n", dlerror());
        return 2;
    }
    touch = reinterpret_cast<Touch>(dlsym(module, "trailwarden_touch_dynamic_tls"));
    if (!touch) {
        std::fprintf(stderr, "dynamictls: %s\n", dlerror());
        return 2;
    }

    constexpr int threads = 512;
    pthread_barrier_init(&started, nullptr, threads + 1);
    for (int i = 0; i < threads; ++i) {
        pthread_t thread;
        if (pthread_create(&thread, nullptr, holdDynamicTls, nullptr) != 0) {
            std::fprintf(stderr, "dynamictls: cannot start thread %d\n", i);
            return 2;
        }
    }
    pthread_barrier_wait(&started);

    if (argc > 2 && std::strcmp(argv[2], "leak") == 0) {
        pthread_t thread;
        pthread_create(&thread, nullptr, leakOneBlock, nullptr);
        pthread_join(thread, nullptr);
    }
    std::printf("%d threads hold dynamic TLS at exit\n", threads);
    return 0; // the leak check runs now
}
