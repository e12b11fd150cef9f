// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/sha256.h"

#ifdef TRAILWARDEN_HAVE_LIBCRYPTO
#include <openssl/evp.h>
#else
#include <QCryptographicHash>
#endif

namespace tw {

#ifdef TRAILWARDEN_HAVE_LIBCRYPTO
struct Sha256::Private
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    bool ok = false;
};

Sha256::Sha256()
    : d(std::make_unique<Private>())
{
    reset();
}

void Sha256::reset()
{
    d->ok = d->ctx && EVP_DigestInit_ex(d->ctx.get(), EVP_sha256(), nullptr) == 1;
}

void Sha256::add(const char* data, std::size_t size)
{
    d->ok = d->ok && EVP_DigestUpdate(d->ctx.get(), data, size) == 1;
}

QByteArray Sha256::hexResult()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    const bool ok = d->ok && EVP_DigestFinal_ex(d->ctx.get(), digest, &length) == 1;
    reset();
    return ok ? QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex() : QByteArray();
}
#else
struct Sha256::Private
{
    QCryptographicHash hash{QCryptographicHash::Sha256};
};

Sha256::Sha256()
    : d(std::make_unique<Private>())
{}

void Sha256::reset()
{
    d->hash.reset();
}

void Sha256::add(const char* data, std::size_t size)
{
    d->hash.addData(QByteArrayView(data, qsizetype(size)));
}

QByteArray Sha256::hexResult()
{
    const QByteArray hex = d->hash.result().toHex();
    d->hash.reset();
    return hex;
}
#endif

Sha256::~Sha256() = default;

} // namespace tw
