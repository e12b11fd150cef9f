// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>

#include <cstddef>
#include <memory>

namespace tw {

// Incremental SHA-256, through OpenSSL's libcrypto when the build has it (it uses the CPU's SHA
// instructions: ~1.5 GB/s a core against QCryptographicHash's ~150 MB/s), else QCryptographicHash.
// The loader hashes each input's bytes as it reads them, for the run manifest, so that a report
// need not read every file a second time; the manifest hashes the lookups and the files the load
// could not read with it too.
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void reset();
    void add(const char* data, std::size_t size);
    // Lower-case hex of what was added since the last reset; empty if the library failed.
    QByteArray hexResult();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tw
