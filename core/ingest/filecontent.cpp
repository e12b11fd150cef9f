// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/filecontent.h"

#include <QFile>
#include <QtGlobal>

#include <libdeflate.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace tw {

namespace {

// Buffers larger than this are freed after the file that needed them, so that one big file does
// not stay resident in every reader thread for the rest of the load.
constexpr std::size_t kRetainBytes = std::size_t(16) << 20;

} // namespace

void MemoryBudget::acquire(std::uint64_t bytes)
{
    std::unique_lock lock(m_mutex);
    m_released.wait(lock, [&] { return m_used == 0 || m_used + bytes <= m_limit; });
    m_used += bytes;
    m_peak = std::max(m_peak, m_used);
}

bool MemoryBudget::tryAcquire(std::uint64_t bytes)
{
    std::lock_guard lock(m_mutex);
    if (m_used != 0 && m_used + bytes > m_limit)
        return false;
    m_used += bytes;
    m_peak = std::max(m_peak, m_used);
    return true;
}

void MemoryBudget::release(std::uint64_t bytes)
{
    {
        std::lock_guard lock(m_mutex);
        m_used -= std::min(bytes, m_used);
    }
    m_released.notify_all();
}

std::uint64_t MemoryBudget::peak() const
{
    std::lock_guard lock(m_mutex);
    return m_peak;
}

ContentReader::ContentReader(const ReadLimits& limits)
    : m_limits(limits)
    , m_inflater(libdeflate_alloc_decompressor())
{}

ContentReader::~ContentReader()
{
    hold(0);
    libdeflate_free_decompressor(m_inflater);
}

bool ContentReader::reserve(std::size_t n)
{
    if (n <= m_capacity)
        return true;
    m_buffer.reset(); // the old block goes before the new one comes: never both at once
    m_capacity = 0;
    m_buffer.reset(new (std::nothrow) char[n]);
    if (!m_buffer)
        return false;
    m_capacity = n;
    return true;
}

// Sets what this reader holds from the shared budget to `bytes`. Growing takes the difference
// when it fits at once; otherwise everything is given back first and the whole amount waited
// for, so two readers that each hold part of the budget never wait for each other.
void ContentReader::hold(std::uint64_t bytes)
{
    MemoryBudget* budget = m_limits.budget;
    if (!budget || bytes == m_held)
        return;
    if (bytes < m_held) {
        budget->release(m_held - bytes);
    } else if (!budget->tryAcquire(bytes - m_held)) {
        budget->release(m_held);
        m_held = 0;
        budget->acquire(bytes);
    }
    m_held = bytes;
}

bool ContentReader::reserveRaw(std::size_t n)
{
    if (n <= m_rawCapacity)
        return true;
    m_raw.reset();
    m_rawCapacity = 0;
    // A little more than asked, so that a run of files each a bit larger than the last does not
    // reallocate for every one.
    const std::size_t size = std::max(n, std::min(n + n / 4, kRetainBytes));
    m_raw.reset(new (std::nothrow) char[size]);
    if (!m_raw)
        return false;
    m_rawCapacity = size;
    return true;
}

void ContentReader::trim()
{
    if (m_capacity > kRetainBytes + kContentPadding) {
        m_buffer.reset();
        m_capacity = 0;
    }
    if (m_rawCapacity > kRetainBytes) {
        m_raw.reset();
        m_rawCapacity = 0;
    }
    hold(0);
}

bool ContentReader::copy(std::string_view content, std::string_view& out)
{
    if (!reserve(content.size() + kContentPadding))
        return false;
    std::memcpy(m_buffer.get(), content.data(), content.size());
    std::memset(m_buffer.get() + content.size(), 0, kContentPadding);
    out = std::string_view(m_buffer.get(), content.size());
    return true;
}

void ContentReader::setHashing(bool on)
{
    if (!on)
        m_hash.reset();
    else if (!m_hash)
        m_hash = std::make_unique<Sha256>();
}

namespace {

// One input file opened for reading. On Unix the descriptor is read directly: a QFile on top of it
// costs a buffer allocation and extra system calls (another fstat for the size, a buffered read),
// which is a tenth of the time of a file of one event.
class InputFile
{
public:
    ~InputFile()
    {
#ifdef Q_OS_UNIX
        if (m_fd >= 0)
            ::close(m_fd);
#endif
    }

    bool open(const QString& path, QString& error)
    {
#ifdef Q_OS_UNIX
        // Discovery passes regular files only, but a path can become a FIFO or a device before it
        // is read (or before a drill-down re-reads it): opening a FIFO would wait for a writer
        // forever and a device may never end. Open without blocking and read regular files only.
        m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (m_fd < 0) {
            error = QStringLiteral("cannot open: %1").arg(qt_error_string(errno));
            return false;
        }
        struct stat st = {};
        if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            error = QStringLiteral("cannot open: not a regular file");
            return false;
        }
        m_size = static_cast<qint64>(st.st_size);
        return true;
#else
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot open: %1").arg(m_file.errorString());
            return false;
        }
        m_size = m_file.size();
        return true;
#endif
    }

    qint64 size() const
    {
        return m_size;
    }

    // Reads the whole file (size() bytes) into `into`.
    bool readAll(char* into, QString& error)
    {
        qint64 got = 0;
        while (got < m_size) {
#ifdef Q_OS_UNIX
            const ssize_t n = ::read(m_fd, into + got, static_cast<std::size_t>(m_size - got));
            if (n < 0 && errno == EINTR)
                continue;
            const QString reason = n < 0 ? qt_error_string(errno) : QStringLiteral("unexpected end of file");
#else
            const qint64 n = m_file.read(into + got, m_size - got);
            const QString reason = m_file.errorString();
#endif
            if (n <= 0) {
                error =
                    QStringLiteral("read failed after %1 of %2 bytes: %3").arg(got).arg(m_size).arg(reason);
                return false;
            }
            got += n;
        }
        return true;
    }

private:
#ifdef Q_OS_UNIX
    int m_fd = -1;
#else
    QFile m_file;
#endif
    qint64 m_size = 0;
};

} // namespace

bool ContentReader::load(const QString& path, FileContent& out, QString& error)
{
    InputFile file;
    if (!file.open(path, error))
        return false;
    const qint64 size = file.size();
    out.diskBytes = static_cast<std::uint64_t>(size);
    if (static_cast<std::uint64_t>(size) > m_limits.maxContentBytes) {
        error = QStringLiteral("file is %1 bytes, over the per-file limit of %2 bytes")
                    .arg(size)
                    .arg(m_limits.maxContentBytes);
        return false;
    }
    // The whole file is read before its first bytes are looked at: asking for them first cost a
    // system call of its own, a twentieth of the time of a file of one event.
    hold(static_cast<std::uint64_t>(size));
    if (!reserveRaw(static_cast<std::size_t>(size) + kContentPadding)) {
        error = QStringLiteral("not enough memory to read %1 bytes").arg(size);
        return false;
    }
    if (!file.readAll(m_raw.get(), error))
        return false;
    const auto* magic = reinterpret_cast<const unsigned char*>(m_raw.get());
    const bool gzipMagic = size >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (!gzipMagic && path.endsWith(QLatin1String(".gz"), Qt::CaseInsensitive)) {
        error = QStringLiteral("not a gzip file (the name ends in .gz but the content has no gzip header)");
        return false;
    }
    if (m_hash) {
        m_hash->add(m_raw.get(), static_cast<std::size_t>(size));
        out.sha256 = m_hash->hexResult();
    }
    if (!gzipMagic) {
        // The bytes read are the content: the two buffers trade places, so the file is in memory
        // once and nothing is copied.
        hold(ReadLimits::kBytesPerContentByte * static_cast<std::uint64_t>(size));
        std::swap(m_buffer, m_raw);
        std::swap(m_capacity, m_rawCapacity);
        std::memset(m_buffer.get() + size, 0, kContentPadding);
        out.content = std::string_view(m_buffer.get(), static_cast<std::size_t>(size));
        return true;
    }
    // The compressed bytes stay in a buffer of their own, kept for the next file: a new
    // zero-filled vector for every file cost an allocation, a memset and, above the allocator's
    // mmap threshold, page faults for every file.
    char* raw = m_raw.get();
    out.compressed = true;
    std::size_t outSize = 0;
    const bool inflated = inflate(raw, static_cast<std::size_t>(size), outSize, error);
    if (m_rawCapacity > kRetainBytes) { // a big file's compressed bytes are not kept while it is parsed
        m_raw.reset();
        m_rawCapacity = 0;
    }
    if (!inflated)
        return false;
    hold(ReadLimits::kBytesPerContentByte * outSize);
    out.content = std::string_view(m_buffer.get(), outSize);
    return true;
}

// Inflates every gzip member (concatenated gzip is valid and some tools write it) into the buffer.
// The buffer is sized once from the trailer's guess; when the guess is short (several members, a
// forged trailer) it is sized once more, to the per-file limit, and the file inflated again from
// the start. Never doubled and copied: a bomb costs at most the limit, and only the pages written.
bool ContentReader::inflate(const char* data, std::size_t size, std::size_t& outSize, QString& error)
{
    // The trailer's ISIZE is the last member's size mod 2^32: a good first guess, never trusted.
    // A truncated or forged trailer claims up to 4 GiB for a file of a few hundred bytes; deflate
    // expands at most 1032:1, so no valid stream of this size needs more to start with.
    std::uint32_t isize = 0;
    if (size >= 4)
        std::memcpy(&isize, data + size - 4, 4);
    constexpr std::size_t kMaxDeflateRatio = 1032;
    std::size_t capacity = std::max<std::size_t>(
        {std::min<std::size_t>(std::size_t(isize) + 1, size * kMaxDeflateRatio), 64 * 1024});
    const std::size_t limit = static_cast<std::size_t>(m_limits.maxContentBytes) + 1;
    capacity = std::min(capacity, limit);
    const auto tooBig = [&] {
        error = QStringLiteral("decompresses to more than the per-file limit of %1 bytes (gzip bomb?)")
                    .arg(m_limits.maxContentBytes);
        return false;
    };
    for (;;) {
        hold(size + ReadLimits::kBytesPerContentByte * capacity);
        if (!reserve(capacity + kContentPadding)) {
            error = QStringLiteral("not enough memory to decompress %1 bytes").arg(capacity);
            return false;
        }
        outSize = 0;
        std::size_t inPos = 0;
        bool short_ = false;
        while (inPos < size) {
            std::size_t inUsed = 0, produced = 0;
            const auto rc = libdeflate_gzip_decompress_ex(m_inflater, data + inPos, size - inPos,
                                                          m_buffer.get() + outSize, capacity - outSize,
                                                          &inUsed, &produced);
            if (rc == LIBDEFLATE_INSUFFICIENT_SPACE) {
                short_ = true;
                break;
            }
            if (rc != LIBDEFLATE_SUCCESS) {
                error = inPos == 0
                            ? QStringLiteral("corrupt or truncated gzip data")
                            : QStringLiteral("corrupt or truncated gzip data after byte %1").arg(inPos);
                return false;
            }
            inPos += inUsed;
            outSize += produced;
            // Some writers pad the end of a file with zeros after the last member.
            while (inPos < size && data[inPos] == 0)
                ++inPos;
        }
        if (!short_)
            break;
        if (capacity >= limit)
            return tooBig();
        capacity = limit;
    }
    if (outSize > m_limits.maxContentBytes)
        return tooBig();
    std::memset(m_buffer.get() + outSize, 0, kContentPadding);
    return true;
}

bool hasLogName(QStringView name)
{
    static const QLatin1String suffixes[] = {QLatin1String(".json"),   QLatin1String(".json.gz"),
                                             QLatin1String(".jsonl"),  QLatin1String(".jsonl.gz"),
                                             QLatin1String(".ndjson"), QLatin1String(".ndjson.gz")};
    for (const auto& s : suffixes)
        if (name.endsWith(s, Qt::CaseInsensitive))
            return true;
    return false;
}

bool hasJsonLinesName(const QString& name)
{
    return name.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) ||
           name.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive) ||
           name.endsWith(QLatin1String(".jsonl.gz"), Qt::CaseInsensitive) ||
           name.endsWith(QLatin1String(".ndjson.gz"), Qt::CaseInsensitive);
}

bool hasFileExtension(QStringView fileName)
{
    const qsizetype dot = fileName.lastIndexOf(u'.');
    if (dot <= 0 || dot + 1 == fileName.size() || fileName.size() - dot - 1 > 8)
        return false; // no dot, a hidden file's leading dot, a trailing dot, or a long tail
    for (qsizetype i = dot + 1; i < fileName.size(); ++i)
        if (!fileName[i].isLetterOrNumber() || fileName[i].unicode() > 127)
            return false;
    return true;
}

bool isSkippedPath(const QString& path)
{
    return path.contains(QLatin1String("/CloudTrail-Digest/")) ||
           path.contains(QLatin1String("/CloudTrail-Insight/"));
}

bool startsLikeJson(std::string_view content)
{
    if (content.size() >= 3 && std::memcmp(content.data(), "\xEF\xBB\xBF", 3) == 0)
        content.remove_prefix(3);
    for (char c : content) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' || c == '[';
    }
    return true;
}

} // namespace tw
