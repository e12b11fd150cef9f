// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/logreader.h"

#include <QFile>
#include <QFileInfo>
#include <QtGlobal>

#include <libdeflate.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace tw {

namespace ondemand = simdjson::ondemand;

namespace {

constexpr int kMaxProblemLines = 5; // per file, so a broken 1M-line file does not flood the panel

// Buffers and parsers larger than this are freed after the file that needed them, so that one big
// file does not stay resident in every reader thread for the rest of the load.
constexpr std::size_t kRetainBytes = std::size_t(16) << 20;

// Real field values are short (IAM names <= 64 bytes, user agents ~1 KiB). A longer value is an
// attack or an accident; the store keeps a prefix so a 100 MB string costs 4 KiB, and the raw
// record on disk still has it whole.
constexpr std::size_t kMaxFieldBytes = 4096;

std::string_view utf8Prefix(std::string_view s, std::size_t max)
{
    if (s.size() <= max)
        return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n; // do not cut a multi-byte character in half
    return s.substr(0, n);
}

// Everything the field rules (docs/detection.md, Field rules) read from one record. Views point
// into the parser's buffers and live only while the record is processed.
struct RawFields
{
    std::string_view eventTime, eventId, eventName, eventSource, awsRegion, sourceIp, userAgent;
    std::string_view recipientAccountId, errorCode, consoleLogin, sourceIdentity, roleArn;
    std::string_view uiType, uiUserName, uiArn, uiAccountId, issuerUserName;
    // For the principal classes only: read where the record has them, never required.
    std::string_view invokedBy, identityProvider, webIdProvider, mfaAuthenticated, mfaUsed;
    std::string_view policyArn, targetRole, targetUser;
    bool ec2RoleDelivery = false;
    bool samlSession = false;
    bool hasUiArn = false;
    int readOnly = -1; // -1 absent, 0 false, 1 true
    bool eventTimeWrongType = false;
    const char* wrongTypeField = nullptr; // first string field that held another JSON type
    // First field met twice. JSON leaves duplicate names undefined and CloudTrail never writes
    // them; other parsers keep the first value or both, so a forged record could show them
    // another user than it shows us.
    const char* duplicateField = nullptr;
    bool hasUserIdentity = false;
};

// On-Demand checks what it reads, not every byte it skips: a record whose raw text is not one
// whole object (a value broken in a field nobody reads) must count as broken JSON, or its drill-
// down could never read it back.
bool isWholeObject(std::string_view raw)
{
    return raw.size() >= 2 && raw.front() == '{' && raw.back() == '}';
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The last '/'-segment of the last ':'-segment: arn:aws:sts::1:assumed-role/Role/session -> session,
// arn:aws:iam::1:root -> root.
std::string_view arnName(std::string_view arn)
{
    if (const auto colon = arn.rfind(':'); colon != std::string_view::npos)
        arn.remove_prefix(colon + 1);
    if (const auto slash = arn.rfind('/'); slash != std::string_view::npos)
        arn.remove_prefix(slash + 1);
    return arn;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
}

// An EC2 instance id as a role session name: instance-profile credentials (i- and 8 or 17 hex digits).
bool isInstanceId(std::string_view s)
{
    if ((s.size() != 10 && s.size() != 19) || s.substr(0, 2) != "i-")
        return false;
    return std::all_of(s.begin() + 2, s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// sourceIPAddress names the service instead of an address when an AWS service made the call.
// "AWS Internal" is not counted: the console's own back ends call with it on a person's behalf.
bool isServiceSource(std::string_view ip)
{
    return ip.size() > 14 && ip.substr(ip.size() - 14) == ".amazonaws.com";
}

bool isAdminPolicy(std::string_view arn)
{
    const auto slash = arn.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? arn : arn.substr(slash + 1);
    return name == "AdministratorAccess" || name == "PowerUserAccess" || name == "IAMFullAccess";
}

// The PrincipalHint bits of one record and the string that goes with them (docs/detection.md, Principal
// classes). At most one detail is kept: an administrator grant's target, else the web identity provider, else
// the service that assumed the role.
std::uint8_t principalHints(const RawFields& f, std::string_view& detail)
{
    std::uint8_t hints = 0;
    if (f.eventName == "ConsoleLogin")
        hints |= PrincipalHint::ConsoleLogin;
    if (equalsNoCase(f.mfaUsed, "yes") || equalsNoCase(f.mfaAuthenticated, "true"))
        hints |= PrincipalHint::Mfa;
    if (f.ec2RoleDelivery)
        hints |= PrincipalHint::InstanceProfile;
    if (f.uiType == "AssumedRole") {
        const auto slash = f.uiArn.rfind('/');
        if (slash != std::string_view::npos && isInstanceId(f.uiArn.substr(slash + 1)))
            hints |= PrincipalHint::InstanceProfile;
    }
    if (isServiceSource(f.sourceIp))
        hints |= PrincipalHint::ServiceSource;
    if (f.uiType == "SAMLUser" || f.samlSession)
        hints |= PrincipalHint::Saml;
    if (f.uiType == "AWSService" && !f.invokedBy.empty()) {
        hints |= PrincipalHint::ServiceAssumed;
        detail = f.invokedBy;
    }
    const std::string_view provider = f.uiType == "WebIdentityUser" ? f.identityProvider : f.webIdProvider;
    if (!provider.empty() || f.uiType == "WebIdentityUser") {
        hints |= PrincipalHint::WebIdentity;
        detail = provider;
    }
    if (f.eventName.size() > 6 && f.eventName.find("Policy") != std::string_view::npos &&
        (f.eventName.substr(0, 6) == "Attach" || f.eventName.substr(0, 3) == "Put") &&
        isAdminPolicy(f.policyArn)) {
        const std::string_view target = f.targetRole.empty() ? f.targetUser : f.targetRole;
        if (!target.empty()) {
            hints |= PrincipalHint::AdminGrant;
            detail = target;
        }
    }
    return hints;
}

// Two different 64-bit hashes would be safer than one, but at 10M keys the chance that two
// distinct (eventID, eventTime, eventName) keys share a 64-bit hash is about 3e-6; one hash keeps
// the de-duplication set at 8 bytes an event.
std::uint64_t dedupKey(std::string_view eventId, TimeMs time, std::string_view eventName)
{
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a, then a final mix
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ULL;
        }
        h ^= 0xff;
        h *= 1099511628211ULL;
    };
    mix(eventId);
    mix(std::string_view(reinterpret_cast<const char*>(&time), sizeof time));
    mix(eventName);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h == 0 ? 1 : h;
}

// A byte buffer that is not zeroed when allocated: the pages of a large block are only touched,
// and only count as resident memory, as they are written. A guess too large for the content
// therefore costs address space, not memory.
struct Bytes
{
    std::unique_ptr<char[]> data;
    std::size_t capacity = 0;

    bool reserve(std::size_t n)
    {
        if (n <= capacity)
            return true;
        data.reset(); // the old block goes before the new one comes: never both at once
        capacity = 0;
        data.reset(new (std::nothrow) char[n]);
        if (!data)
            return false;
        capacity = n;
        return true;
    }
    void release()
    {
        data.reset();
        capacity = 0;
    }
};

// Whether content that no file name vouches for may be JSON: it starts (after a UTF-8 byte-order
// mark and whitespace) with an object or an array, or holds nothing (reported as empty).
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

const char* typeName(ondemand::json_type t)
{
    switch (t) {
    case ondemand::json_type::array:
        return "array";
    case ondemand::json_type::object:
        return "object";
    case ondemand::json_type::number:
        return "number";
    case ondemand::json_type::string:
        return "string";
    case ondemand::json_type::boolean:
        return "boolean";
    case ondemand::json_type::null:
        return "null";
    }
    return "unknown";
}

} // namespace

struct LogReader::Private
{
    ReadLimits limits;
    libdeflate_decompressor* inflater = libdeflate_alloc_decompressor();
    ondemand::parser parser;
    ondemand::parser streamParser; // for JSON values one after another (its capacity only grows)
    ondemand::parser innerParser;  // for lookup-events' CloudTrailEvent strings
    std::string innerBuffer;
    Bytes buffer;           // file content plus simdjson's padding, reused across files
    std::uint64_t held = 0; // bytes held from limits.budget for the file in flight

    // Per-parse state.
    FileResult* out = nullptr;
    std::uint32_t fileIndex = 0;
    const char* base = nullptr;
    std::uint64_t wrongTypeRecords = 0;
    const char* firstWrongType = nullptr;
    std::uint64_t longFieldRecords = 0;
    std::uint64_t notObjectRecords = 0;
    const char* firstNotObject = nullptr;
    std::uint64_t duplicateKeyRecords = 0;
    const char* firstDuplicateKey = nullptr;
    std::uint64_t badEmbeddedRecords = 0; // CloudTrailEvent strings that hold no JSON record
    std::uint64_t notRecordRoots = 0;     // objects that are neither a record nor hold records
    // Messages about a whole document come once a line in JSON lines: capped like bad lines.
    std::uint64_t rootProblems = 0;
    // The last id interned per column: region, account, source and agent repeat from one record
    // to the next, and comparing with the previous string is cheaper than hashing it.
    std::array<std::uint32_t, 12> lastId{};

    ~Private() { libdeflate_free_decompressor(inflater); }

    void resetCounters()
    {
        wrongTypeRecords = 0;
        firstWrongType = nullptr;
        longFieldRecords = 0;
        notObjectRecords = 0;
        firstNotObject = nullptr;
        duplicateKeyRecords = 0;
        firstDuplicateKey = nullptr;
        badEmbeddedRecords = 0;
        notRecordRoots = 0;
        rootProblems = 0;
        lastId.fill(0);
    }
    void rootProblem(const QString& message)
    {
        if (++rootProblems <= std::uint64_t(kMaxProblemLines))
            out->problems.append(message);
    }

    void hold(std::uint64_t bytes);
    void trim();
    bool load(const QString& path, std::string_view& content, QString& error);
    bool inflate(const char* data, std::size_t size, std::size_t& outSize, QString& error);
    void parseContent(std::string_view content, std::size_t capacity, bool jsonLines);
    void parseShapes(std::string_view content, std::size_t capacity, bool jsonLines);
    void resetResult();
    simdjson::error_code parseDocument(const char* data, std::size_t len, std::size_t capacity,
                                       bool& trailing);
    simdjson::error_code parseValues(const char* data, std::size_t len);
    template <class Document> simdjson::error_code processRoot(Document& doc);
    simdjson::error_code processEventArray(ondemand::array array, bool lookupEvents);
    simdjson::error_code processEvent(ondemand::object object, std::uint8_t extraFlags);
    simdjson::error_code processEmbedded(ondemand::object element);
    simdjson::error_code readFields(ondemand::object object, RawFields& f);
    void commit(const RawFields& f, std::string_view raw, std::uint8_t extraFlags);
};

LogReader::LogReader(ReadLimits limits)
    : d(std::make_unique<Private>())
{
    d->limits = limits;
    // Record offsets are 32-bit (EventColumns::offset).
    d->limits.maxContentBytes = std::min<std::uint64_t>(limits.maxContentBytes, 0xFFFFFF00u);
}

LogReader::~LogReader()
{
    d->hold(0);
}

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

// Sets what this reader holds from the shared budget to `bytes`. Growing takes the difference
// when it fits at once; otherwise everything is given back first and the whole amount waited
// for, so two readers that each hold part of the budget never wait for each other.
void LogReader::Private::hold(std::uint64_t bytes)
{
    MemoryBudget* budget = limits.budget;
    if (!budget || bytes == held)
        return;
    if (bytes < held) {
        budget->release(held - bytes);
    } else if (!budget->tryAcquire(bytes - held)) {
        budget->release(held);
        held = 0;
        budget->acquire(bytes);
    }
    held = bytes;
}

// After a big file: frees what only it needed, then gives its share of the budget back.
void LogReader::Private::trim()
{
    if (buffer.capacity > kRetainBytes + simdjson::SIMDJSON_PADDING)
        buffer.release();
    if (parser.capacity() > kRetainBytes)
        parser = ondemand::parser();
    if (streamParser.capacity() > kRetainBytes)
        streamParser = ondemand::parser();
    if (innerParser.capacity() > kRetainBytes)
        innerParser = ondemand::parser();
    if (innerBuffer.capacity() > kRetainBytes)
        std::string().swap(innerBuffer);
    hold(0);
}

bool hasLogName(const QString& name)
{
    static const QLatin1String suffixes[] = {QLatin1String(".json"),   QLatin1String(".json.gz"),
                                             QLatin1String(".jsonl"),  QLatin1String(".jsonl.gz"),
                                             QLatin1String(".ndjson"), QLatin1String(".ndjson.gz")};
    for (const auto& s : suffixes)
        if (name.endsWith(s, Qt::CaseInsensitive))
            return true;
    return false;
}

bool hasFileExtension(const QString& fileName)
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

// Reads the file into `buffer`, inflating gzip (recognised by its magic bytes, whatever the
// extension says), and leaves simdjson's required padding after the content.
bool LogReader::Private::load(const QString& path, std::string_view& content, QString& error)
{
    QFile file;
#ifdef Q_OS_UNIX
    // Discovery passes regular files only, but a path can become a FIFO or a device before it is
    // read (or before a drill-down re-reads it): opening a FIFO would wait for a writer forever and
    // a device may never end. Open without blocking and read regular files only.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        error = QStringLiteral("cannot open: %1").arg(qt_error_string(errno));
        return false;
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        error = QStringLiteral("cannot open: not a regular file");
        return false;
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        error = QStringLiteral("cannot open: %1").arg(file.errorString());
        return false;
    }
#else
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot open: %1").arg(file.errorString());
        return false;
    }
#endif
    const qint64 size = file.size();
    out->diskBytes = static_cast<std::uint64_t>(size);
    if (static_cast<std::uint64_t>(size) > limits.maxContentBytes) {
        error = QStringLiteral("file is %1 bytes, over the per-file limit of %2 bytes")
                    .arg(size)
                    .arg(limits.maxContentBytes);
        return false;
    }
    const auto readAll = [&](char* into) {
        qint64 got = 0;
        while (got < size) {
            const qint64 n = file.read(into + got, size - got);
            if (n <= 0) {
                error = QStringLiteral("read failed after %1 of %2 bytes: %3")
                            .arg(got)
                            .arg(size)
                            .arg(file.errorString());
                return false;
            }
            got += n;
        }
        return true;
    };

    char magic[2] = {};
    const bool gzipMagic = file.peek(magic, 2) == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
                           static_cast<unsigned char>(magic[1]) == 0x8b;
    if (!gzipMagic) {
        if (path.endsWith(QLatin1String(".gz"), Qt::CaseInsensitive)) {
            error =
                QStringLiteral("not a gzip file (the name ends in .gz but the content has no gzip header)");
            return false;
        }
        // Read straight into the content buffer: one copy of the file.
        hold(ReadLimits::kBytesPerContentByte * static_cast<std::uint64_t>(size));
        if (!buffer.reserve(static_cast<std::size_t>(size) + simdjson::SIMDJSON_PADDING)) {
            error = QStringLiteral("not enough memory to read %1 bytes").arg(size);
            return false;
        }
        if (!readAll(buffer.data.get()))
            return false;
        std::memset(buffer.data.get() + size, 0, simdjson::SIMDJSON_PADDING);
        content = std::string_view(buffer.data.get(), static_cast<std::size_t>(size));
        return true;
    }
    std::vector<char> raw(static_cast<std::size_t>(size));
    if (!readAll(raw.data()))
        return false;
    out->compressed = true;
    std::size_t outSize = 0;
    if (!inflate(raw.data(), static_cast<std::size_t>(size), outSize, error))
        return false;
    std::vector<char>().swap(raw);
    hold(ReadLimits::kBytesPerContentByte * outSize);
    content = std::string_view(buffer.data.get(), outSize);
    return true;
}

// Inflates every gzip member (concatenated gzip is valid and some tools write it) into `buffer`.
// The buffer is sized once from the trailer's guess; when the guess is short (several members, a
// forged trailer) it is sized once more, to the per-file limit, and the file inflated again from
// the start. Never doubled and copied: a bomb costs at most the limit, and only the pages written.
bool LogReader::Private::inflate(const char* data, std::size_t size, std::size_t& outSize, QString& error)
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
    const std::size_t limit = static_cast<std::size_t>(limits.maxContentBytes) + 1;
    capacity = std::min(capacity, limit);
    const auto tooBig = [&] {
        error = QStringLiteral("decompresses to more than the per-file limit of %1 bytes (gzip bomb?)")
                    .arg(limits.maxContentBytes);
        return false;
    };
    for (;;) {
        hold(size + ReadLimits::kBytesPerContentByte * capacity);
        if (!buffer.reserve(capacity + simdjson::SIMDJSON_PADDING)) {
            error = QStringLiteral("not enough memory to decompress %1 bytes").arg(capacity);
            return false;
        }
        outSize = 0;
        std::size_t inPos = 0;
        bool short_ = false;
        while (inPos < size) {
            std::size_t inUsed = 0, produced = 0;
            const auto rc = libdeflate_gzip_decompress_ex(inflater, data + inPos, size - inPos,
                                                          buffer.data.get() + outSize, capacity - outSize,
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
    if (outSize > limits.maxContentBytes)
        return tooBig();
    std::memset(buffer.data.get() + outSize, 0, simdjson::SIMDJSON_PADDING);
    out->contentBytes = outSize;
    return true;
}

FileResult LogReader::read(const QString& path, std::uint32_t fileIndex)
{
    FileResult result;
    d->out = &result;
    std::string_view content;
    QString error;
    if (!d->load(path, content, error)) {
        d->trim();
        result.unreadable = true;
        result.problems.append(error);
        return result;
    }
    result.contentBytes = content.size();
    if (!hasLogName(QFileInfo(path).fileName()) && !startsLikeJson(content)) {
        // Read for its content only (Firehose names objects without an extension): not a log.
        d->trim();
        result.unreadable = true;
        result.problems.append(result.compressed
                                   ? QStringLiteral("skipped: gzip, but the content is not JSON")
                                   : QStringLiteral("skipped: neither gzip nor JSON (a file without a log "
                                                    "file name is recognised by its content)"));
        return result;
    }
    d->fileIndex = fileIndex;
    const bool jsonLines = path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) ||
                           path.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive) ||
                           path.endsWith(QLatin1String(".jsonl.gz"), Qt::CaseInsensitive) ||
                           path.endsWith(QLatin1String(".ndjson.gz"), Qt::CaseInsensitive);
    d->parseContent(content, d->buffer.capacity, jsonLines);
    d->trim();
    return result;
}

FileResult LogReader::parse(std::string_view content, const QString& name, std::uint32_t fileIndex)
{
    FileResult result;
    d->out = &result;
    d->fileIndex = fileIndex;
    if (!d->buffer.reserve(content.size() + simdjson::SIMDJSON_PADDING)) {
        result.unreadable = true;
        result.problems.append(QStringLiteral("not enough memory"));
        return result;
    }
    std::memcpy(d->buffer.data.get(), content.data(), content.size());
    std::memset(d->buffer.data.get() + content.size(), 0, simdjson::SIMDJSON_PADDING);
    result.contentBytes = result.diskBytes = content.size();
    const bool jsonLines = name.endsWith(QLatin1String(".jsonl")) || name.endsWith(QLatin1String(".ndjson"));
    d->parseContent(std::string_view(d->buffer.data.get(), content.size()), d->buffer.capacity, jsonLines);
    d->trim();
    return result;
}

void LogReader::Private::parseContent(std::string_view content, std::size_t capacity, bool jsonLines)
{
    base = content.data();
    resetCounters();
    parseShapes(content, capacity, jsonLines);
    if (rootProblems > std::uint64_t(kMaxProblemLines))
        out->problems.append(
            QStringLiteral("... and %1 more problems like these").arg(rootProblems - kMaxProblemLines));
    if (notRecordRoots == 1)
        out->problems.append(QStringLiteral(
            "the JSON object is not a CloudTrail record: no \"Records\" array, no eventTime, no eventName"));
    else if (notRecordRoots > 1)
        out->problems.append(QStringLiteral("%1 JSON objects are not CloudTrail records: no \"Records\" "
                                            "array, no eventTime, no eventName")
                                 .arg(notRecordRoots));
    if (badEmbeddedRecords > 0)
        out->problems.append(
            QStringLiteral("%1 lookup-events entries have a CloudTrailEvent that is not a JSON record; "
                           "counted as malformed")
                .arg(badEmbeddedRecords));
    if (duplicateKeyRecords > 0)
        out->problems.append(QStringLiteral("%1 records have a duplicate key (first: %2); the last value is "
                                            "used, and other tools may read them differently")
                                 .arg(duplicateKeyRecords)
                                 .arg(QLatin1String(firstDuplicateKey)));
    if (notObjectRecords > 0)
        out->problems.append(
            QStringLiteral("%1 records are not JSON objects (the first is a %2); counted as malformed")
                .arg(notObjectRecords)
                .arg(QLatin1String(firstNotObject)));
    if (longFieldRecords > 0)
        out->problems.append(
            QStringLiteral("%1 records have a field longer than %2 bytes; only its start is shown")
                .arg(longFieldRecords)
                .arg(kMaxFieldBytes));
    if (wrongTypeRecords > 0)
        out->problems.append(
            QStringLiteral("%1 records have a field of the wrong JSON type (first: %2); treated as missing")
                .arg(wrongTypeRecords)
                .arg(QLatin1String(firstWrongType)));
}

void LogReader::Private::parseShapes(std::string_view content, std::size_t capacity, bool jsonLines)
{

    std::size_t start = 0;
    if (content.size() >= 3 && std::memcmp(content.data(), "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    if (content.size() >= 2 &&
        ((static_cast<unsigned char>(content[0]) == 0xFF && static_cast<unsigned char>(content[1]) == 0xFE) ||
         (static_cast<unsigned char>(content[0]) == 0xFE &&
          static_cast<unsigned char>(content[1]) == 0xFF))) {
        out->problems.append(QStringLiteral("UTF-16 text; CloudTrail logs are UTF-8 JSON"));
        out->unreadable = true;
        return;
    }
    while (start < content.size() && std::isspace(static_cast<unsigned char>(content[start])))
        ++start;
    if (start == content.size()) {
        out->problems.append(QStringLiteral("empty file: no JSON in it"));
        return;
    }

    if (!jsonLines) {
        bool trailing = false;
        const auto error =
            parseDocument(content.data() + start, content.size() - start, capacity - start, trailing);
        if (!error && !trailing)
            return;
        // Start over: with every value of the file, line by line, or with nothing from a broken
        // document.
        resetResult();
        if (!trailing) {
            // The Splunk Add-on for AWS parses a log file as a whole and indexes nothing from one
            // that fails, so the records before the fault are dropped too: the counts then match
            // what Splunk would have searched.
            out->problems.append(QStringLiteral("invalid JSON (%1); no record of this file was loaded")
                                     .arg(QLatin1String(simdjson::error_message(error))));
            return;
        }
        // Several JSON values one after another, with or without whitespace between them: Kinesis
        // Data Firehose writes the EventBridge events (or Records objects) it delivers to S3 back
        // to back, `{...}{...}`. Every value is read (docs/detection.md, "Concatenated values").
        if (!parseValues(content.data() + start, content.size() - start))
            return;
        // A broken value somewhere: read line by line, so that the good lines still load.
        resetResult();
    }

    // JSON lines: each line holds one value (or several back to back); a bad line is reported and
    // the others still load.
    int badLines = 0;
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string_view::npos)
            end = content.size();
        ++lineNo;
        std::size_t a = pos, b = end;
        while (a < b && std::isspace(static_cast<unsigned char>(content[a])))
            ++a;
        while (b > a && std::isspace(static_cast<unsigned char>(content[b - 1])))
            --b;
        if (lineNo == 1 && b - a >= 3 && std::memcmp(content.data() + a, "\xEF\xBB\xBF", 3) == 0)
            a += 3;
        if (b > a) {
            // A line that fails keeps nothing: the values before the fault are taken back.
            const std::size_t eventsBefore = out->events.size();
            const std::uint64_t malformedBefore = out->malformed;
            if (const auto error = parseValues(content.data() + a, b - a)) {
                out->events.truncate(eventsBefore);
                out->dedupKeys.resize(eventsBefore);
                out->malformed = malformedBefore;
                if (++badLines <= kMaxProblemLines)
                    out->problems.append(QStringLiteral("line %1: invalid JSON: %2")
                                             .arg(lineNo)
                                             .arg(QLatin1String(simdjson::error_message(error))));
            }
        }
        pos = end + 1;
    }
    if (badLines > kMaxProblemLines)
        out->problems.append(QStringLiteral("... and %1 more bad lines").arg(badLines - kMaxProblemLines));
}

void LogReader::Private::resetResult()
{
    const auto diskBytes = out->diskBytes;
    const auto contentBytes = out->contentBytes;
    const bool compressed = out->compressed;
    *out = FileResult();
    resetCounters();
    out->diskBytes = diskBytes;
    out->contentBytes = contentBytes;
    out->compressed = compressed;
}

simdjson::error_code LogReader::Private::parseDocument(const char* data, std::size_t len,
                                                       std::size_t capacity, bool& trailing)
{
    ondemand::document doc;
    if (auto error = parser.iterate(data, len, capacity).get(doc))
        return error;
    if (auto error = processRoot(doc))
        return error;
    // A second top-level value after the first: the caller reads them all.
    const char* location = nullptr;
    if (!doc.current_location().get(location)) {
        const char* end = data + len;
        while (location < end && std::isspace(static_cast<unsigned char>(*location)))
            ++location;
        trailing = location < end;
    }
    return simdjson::SUCCESS;
}

// Every JSON value in [data, data + len), whatever separates them (nothing, or whitespace); the
// padding simdjson needs follows the content in `buffer`. One batch covers the whole range, so a
// value of any size is read; a stray byte between values, or a value cut short, is an error.
simdjson::error_code LogReader::Private::parseValues(const char* data, std::size_t len)
{
    // document_stream re-allocates its parser whenever the batch size changes: never shrink it.
    const std::size_t batch =
        std::max({len, std::size_t(simdjson::dom::MINIMAL_BATCH_SIZE), streamParser.capacity()});
    ondemand::document_stream stream;
    if (auto error = streamParser.iterate_many(data, len, batch).get(stream))
        return error;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
        ondemand::document_reference doc;
        if (auto error = (*it).get(doc))
            return error;
        // document_stream finds where each value ends by its structure, so a stray closing
        // bracket would begin a "value" of its own: only objects, arrays and scalars start one.
        const std::size_t at = it.current_index();
        if (at >= len || data[at] == '}' || data[at] == ']' || data[at] == ',' || data[at] == ':')
            return simdjson::TAPE_ERROR;
        if (auto error = processRoot(doc))
            return error;
    }
    if (stream.truncated_bytes() > 0)
        return simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
    return simdjson::SUCCESS;
}

// Recognises the shapes of docs/detection.md, Input shapes, from the root value.
template <class Document> simdjson::error_code LogReader::Private::processRoot(Document& doc)
{
    ondemand::json_type type;
    if (auto error = doc.type().get(type))
        return error;
    if (type == ondemand::json_type::array) {
        ondemand::array array;
        if (auto error = doc.get_array().get(array))
            return error;
        return processEventArray(array, false);
    }
    if (type != ondemand::json_type::object) {
        rootProblem(
            QStringLiteral("the JSON is a %1, not CloudTrail records").arg(QLatin1String(typeName(type))));
        // Consumed, so that only a second value after it counts as trailing content.
        std::string_view scalar;
        return doc.raw_json().get(scalar);
    }
    ondemand::object root;
    if (auto error = doc.get_object().get(root))
        return error;

    // One pass over the root's keys decides the shape. The record containers (Records, Events)
    // are read as they are met, so the common S3 file is walked once; other shapes are small and
    // are rewound and read afterwards.
    bool handled = false, hasDetailType = false, isDigest = false, isLakeResult = false,
         looksLikeRecord = false;
    for (auto field : root) {
        ondemand::raw_json_string key;
        if (auto error = field.key().get(key))
            return error;
        const bool records = key == "Records";
        if (records || key == "Events") {
            ondemand::value value = field.value();
            ondemand::json_type t;
            if (auto error = value.type().get(t))
                return error;
            handled = true;
            if (t != ondemand::json_type::array) {
                rootProblem(
                    QStringLiteral("\"%1\" is a %2, not an array")
                        .arg(QLatin1String(records ? "Records" : "Events"), QLatin1String(typeName(t))));
                continue;
            }
            if (auto error = processEventArray(value.get_array(), !records))
                return error;
            continue;
        }
        hasDetailType |= key == "detail-type";
        isDigest |= key == "digestStartTime" || key == "digestPublicKeyFingerprint";
        isLakeResult |= key == "QueryResultRows";
        // A record without eventTime is only malformed (counted: docs/detection.md, Broken input);
        // an object with none of these is something else altogether, and the user is told so.
        looksLikeRecord |= key == "eventTime" || key == "eventName" || key == "eventSource";
    }
    if (handled)
        return simdjson::SUCCESS;
    root.reset();

    ondemand::value value;
    auto finish = [&root](simdjson::error_code error) {
        if (error)
            return error;
        std::string_view rest;
        return root.raw_json().get(rest);
    };

    if (isDigest) {
        out->skipped = true;
        return finish(simdjson::SUCCESS);
    }
    if (isLakeResult) {
        rootProblem(QStringLiteral("CloudTrail Lake query results hold selected columns, not records; "
                                   "export the records instead"));
        return finish(simdjson::SUCCESS);
    }
    if (hasDetailType) {
        std::string_view detailType;
        if (root.find_field_unordered("detail-type").get(value) || value.get_string().get(detailType) ||
            detailType.find("via CloudTrail") == std::string_view::npos) {
            rootProblem(
                QStringLiteral("an EventBridge event that is not a CloudTrail record (detail-type %1)")
                    .arg(QString::fromUtf8(detailType.data(), static_cast<qsizetype>(detailType.size()))));
            return finish(simdjson::SUCCESS);
        }
        root.reset();
        ondemand::object detail;
        if (root.find_field_unordered("detail").get(value) || value.get_object().get(detail)) {
            rootProblem(QStringLiteral("an EventBridge envelope without a \"detail\" object"));
            return finish(simdjson::SUCCESS);
        }
        return finish(processEvent(detail, 0));
    }
    notRecordRoots += !looksLikeRecord;
    root.reset();
    return processEvent(root, 0);
}

simdjson::error_code LogReader::Private::processEventArray(ondemand::array array, bool lookupEvents)
{
    for (auto element : array) {
        ondemand::value value;
        if (auto error = element.get(value))
            return error;
        ondemand::json_type t;
        if (auto error = value.type().get(t))
            return error;
        if (t != ondemand::json_type::object) {
            ++out->malformed;
            if (!notObjectRecords++)
                firstNotObject = typeName(t);
            continue;
        }
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return error;
        if (auto error = lookupEvents ? processEmbedded(object) : processEvent(object, 0))
            return error;
    }
    return simdjson::SUCCESS;
}

// lookup-events: the record is the JSON *string* CloudTrailEvent; the Insights variant has the
// event inline instead. The raw location kept is the Events[] element either way.
simdjson::error_code LogReader::Private::processEmbedded(ondemand::object element)
{
    ondemand::value inner;
    if (element.find_field_unordered("CloudTrailEvent").get(inner)) {
        element.reset();
        return processEvent(element, 0);
    }
    std::string_view text;
    if (inner.get_string().get(text)) {
        ++out->malformed;
        ++wrongTypeRecords;
        if (!firstWrongType)
            firstWrongType = "CloudTrailEvent";
        std::string_view ignored;
        return element.raw_json().get(ignored);
    }
    innerBuffer.assign(text);
    std::string_view raw;
    if (auto error = element.raw_json().get(raw))
        return error;
    innerBuffer.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');

    ondemand::document doc;
    ondemand::object object;
    RawFields f;
    if (innerParser.iterate(innerBuffer.data(), text.size(), innerBuffer.size()).get(doc) ||
        doc.get_object().get(object) || readFields(object, f)) {
        ++out->malformed;
        ++badEmbeddedRecords;
        return simdjson::SUCCESS;
    }
    raw = trimmed(raw);
    if (!isWholeObject(raw))
        return simdjson::TAPE_ERROR;
    commit(f, raw, EventFlag::Embedded);
    return simdjson::SUCCESS;
}

simdjson::error_code LogReader::Private::processEvent(ondemand::object object, std::uint8_t extraFlags)
{
    RawFields f;
    if (auto error = readFields(object, f))
        return error;
    std::string_view raw;
    if (auto error = object.raw_json().get(raw))
        return error;
    raw = trimmed(raw);
    if (!isWholeObject(raw))
        return simdjson::TAPE_ERROR;
    commit(f, raw, extraFlags);
    return simdjson::SUCCESS;
}

// One pass over the record's fields (On-Demand is fastest front to back); nested objects only
// where a rule needs them.
simdjson::error_code LogReader::Private::readFields(ondemand::object object, RawFields& f)
{
    auto str = [&f](ondemand::value& v, std::string_view& target, const char* name) -> simdjson::error_code {
        ondemand::json_type t;
        if (auto error = v.type().get(t))
            return error;
        if (t == ondemand::json_type::string) {
            if (target.data() && !f.duplicateField)
                f.duplicateField = name;
            return v.get_string().get(target);
        }
        if (t != ondemand::json_type::null && !f.wrongTypeField)
            f.wrongTypeField = name;
        return simdjson::SUCCESS;
    };
    auto asObject = [](ondemand::value& v, ondemand::object& o) {
        ondemand::json_type t;
        return !v.type().get(t) && t == ondemand::json_type::object && !v.get_object().get(o);
    };

    for (auto field : object) {
        ondemand::raw_json_string key;
        if (auto error = field.key().get(key))
            return error;
        ondemand::value v = field.value();
        simdjson::error_code error = simdjson::SUCCESS;
        if (key == "eventTime") {
            ondemand::json_type t;
            if ((error = v.type().get(t)))
                return error;
            if (t == ondemand::json_type::string) {
                if (f.eventTime.data() && !f.duplicateField)
                    f.duplicateField = "eventTime";
                error = v.get_string().get(f.eventTime);
            } else if (t != ondemand::json_type::null) {
                f.eventTimeWrongType = true;
                f.wrongTypeField = "eventTime";
            }
        } else if (key == "eventID") {
            error = str(v, f.eventId, "eventID");
        } else if (key == "eventName") {
            error = str(v, f.eventName, "eventName");
        } else if (key == "eventSource") {
            error = str(v, f.eventSource, "eventSource");
        } else if (key == "awsRegion") {
            error = str(v, f.awsRegion, "awsRegion");
        } else if (key == "sourceIPAddress") {
            error = str(v, f.sourceIp, "sourceIPAddress");
        } else if (key == "userAgent") {
            error = str(v, f.userAgent, "userAgent");
        } else if (key == "recipientAccountId") {
            error = str(v, f.recipientAccountId, "recipientAccountId");
        } else if (key == "errorCode") {
            error = str(v, f.errorCode, "errorCode");
        } else if (key == "readOnly") {
            ondemand::json_type t;
            if ((error = v.type().get(t)))
                return error;
            if (t == ondemand::json_type::boolean) {
                bool b = false;
                error = v.get_bool().get(b);
                f.readOnly = b ? 1 : 0;
            } else if (t == ondemand::json_type::string) {
                std::string_view s;
                error = v.get_string().get(s);
                f.readOnly = equalsNoCase(s, "true") ? 1 : equalsNoCase(s, "false") ? 0 : -1;
            }
        } else if (key == "userIdentity") {
            if (f.hasUserIdentity && !f.duplicateField)
                f.duplicateField = "userIdentity";
            f.hasUserIdentity = true;
            ondemand::object ui;
            if (asObject(v, ui)) {
                for (auto uf : ui) {
                    ondemand::raw_json_string k;
                    if ((error = uf.key().get(k)))
                        return error;
                    ondemand::value uv = uf.value();
                    if (k == "type") {
                        error = str(uv, f.uiType, "userIdentity.type");
                    } else if (k == "userName") {
                        error = str(uv, f.uiUserName, "userIdentity.userName");
                    } else if (k == "arn") {
                        f.hasUiArn = true;
                        error = str(uv, f.uiArn, "userIdentity.arn");
                    } else if (k == "accountId") {
                        error = str(uv, f.uiAccountId, "userIdentity.accountId");
                    } else if (k == "invokedBy") {
                        error = str(uv, f.invokedBy, "userIdentity.invokedBy");
                    } else if (k == "identityProvider") {
                        error = str(uv, f.identityProvider, "userIdentity.identityProvider");
                    } else if (k == "sessionContext") {
                        ondemand::object sc, issuer, sub;
                        if (asObject(uv, sc)) {
                            for (auto sf : sc) {
                                ondemand::raw_json_string sk;
                                if ((error = sf.key().get(sk)))
                                    return error;
                                ondemand::value sv = sf.value();
                                if (sk == "ec2RoleDelivery") {
                                    f.ec2RoleDelivery = true;
                                } else if (sk == "samlFederationData") {
                                    f.samlSession = true;
                                } else if (sk == "webIdFederationData" && asObject(sv, sub)) {
                                    for (auto wf : sub) {
                                        ondemand::raw_json_string wk;
                                        if ((error = wf.key().get(wk)))
                                            return error;
                                        if (wk == "federatedProvider") {
                                            ondemand::value wv = wf.value();
                                            if ((error = str(wv, f.webIdProvider,
                                                             "webIdFederationData.federatedProvider")))
                                                return error;
                                        }
                                    }
                                } else if (sk == "attributes" && asObject(sv, sub)) {
                                    for (auto af : sub) {
                                        ondemand::raw_json_string ak;
                                        if ((error = af.key().get(ak)))
                                            return error;
                                        if (ak == "mfaAuthenticated") {
                                            ondemand::value av = af.value();
                                            if ((error = str(av, f.mfaAuthenticated,
                                                             "sessionContext.attributes.mfaAuthenticated")))
                                                return error;
                                        }
                                    }
                                } else if (sk == "sessionIssuer" && asObject(sv, issuer)) {
                                    for (auto inf : issuer) {
                                        ondemand::raw_json_string ik;
                                        if ((error = inf.key().get(ik)))
                                            return error;
                                        if (ik == "userName") {
                                            ondemand::value iv = inf.value();
                                            error = str(iv, f.issuerUserName, "sessionIssuer.userName");
                                            if (error)
                                                return error;
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if (error)
                        return error;
                }
            }
        } else if (key == "requestParameters") {
            // Some exporters write requestParameters as a JSON string; Splunk's field extraction
            // would not look inside it either, so neither do we.
            ondemand::object rp;
            if (asObject(v, rp)) {
                for (auto rf : rp) {
                    ondemand::raw_json_string k;
                    if ((error = rf.key().get(k)))
                        return error;
                    ondemand::value rv = rf.value();
                    if (k == "sourceIdentity")
                        error = str(rv, f.sourceIdentity, "requestParameters.sourceIdentity");
                    else if (k == "roleArn")
                        error = str(rv, f.roleArn, "requestParameters.roleArn");
                    else if (k == "policyArn")
                        error = str(rv, f.policyArn, "requestParameters.policyArn");
                    else if (k == "roleName")
                        error = str(rv, f.targetRole, "requestParameters.roleName");
                    else if (k == "userName")
                        error = str(rv, f.targetUser, "requestParameters.userName");
                    if (error)
                        return error;
                }
            }
        } else if (key == "additionalEventData") {
            ondemand::object ad;
            if (asObject(v, ad)) {
                for (auto af : ad) {
                    ondemand::raw_json_string k;
                    if ((error = af.key().get(k)))
                        return error;
                    if (k == "MFAUsed") {
                        ondemand::value av = af.value();
                        if ((error = str(av, f.mfaUsed, "additionalEventData.MFAUsed")))
                            return error;
                    }
                }
            }
        } else if (key == "responseElements") {
            ondemand::object re;
            if (asObject(v, re)) {
                for (auto rf : re) {
                    ondemand::raw_json_string k;
                    if ((error = rf.key().get(k)))
                        return error;
                    if (k == "ConsoleLogin") {
                        ondemand::value rv = rf.value();
                        if ((error = str(rv, f.consoleLogin, "responseElements.ConsoleLogin")))
                            return error;
                    }
                }
            }
        }
        if (error)
            return error;
    }
    return simdjson::SUCCESS;
}

// Applies docs/detection.md, Field rules (both rule sets, so that switching needs no re-parse),
// and appends the event to the file's columns.
void LogReader::Private::commit(const RawFields& f, std::string_view raw, std::uint8_t extraFlags)
{
    if (f.wrongTypeField) {
        ++wrongTypeRecords;
        if (!firstWrongType)
            firstWrongType = f.wrongTypeField;
    }
    if (f.duplicateField) {
        ++duplicateKeyRecords;
        if (!firstDuplicateKey)
            firstDuplicateKey = f.duplicateField;
    }
    const auto time = f.eventTimeWrongType ? std::nullopt : parseEventTime(f.eventTime);
    if (!time) {
        ++out->malformed;
        return;
    }

    // Add-on 7.x userName.
    std::string_view userTa7 = f.uiUserName;
    if (userTa7.empty())
        userTa7 = f.sourceIdentity;
    if (userTa7.empty())
        userTa7 = f.issuerUserName;
    if (userTa7.empty())
        userTa7 = f.hasUiArn ? arnName(f.uiArn) : arnName(f.roleArn);

    // Add-on 1.x userName.
    std::string_view userLegacy = f.uiUserName;
    if (userLegacy.empty())
        userLegacy = f.issuerUserName;
    if (userLegacy.empty())
        userLegacy = "root";

    // Add-on 7.x errorCode: a failed console sign-in carries no errorCode, only the response.
    std::string_view errorTa7 = f.errorCode;
    if (errorTa7.empty() && f.consoleLogin == "Failure")
        errorTa7 = "failure";
    std::uint8_t flags = extraFlags;
    if (errorTa7.empty() || equalsNoCase(errorTa7, "success"))
        flags |= EventFlag::SuccessTa7;
    if (f.errorCode.empty() || equalsNoCase(f.errorCode, "success"))
        flags |= EventFlag::SuccessLegacy;
    if (f.readOnly >= 0)
        flags |= EventFlag::ReadOnlyKnown | (f.readOnly ? EventFlag::ReadOnly : 0);

    std::string_view detail;
    const std::uint8_t hints = principalHints(f, detail);

    auto& e = out->events;
    bool truncated = false;
    auto intern = [this, &truncated](std::size_t column, std::string_view v) {
        if (v.size() > kMaxFieldBytes) {
            truncated = true;
            v = utf8Prefix(v, kMaxFieldBytes);
        }
        std::uint32_t& last = lastId[column];
        if (out->strings.view(last) != v)
            last = out->strings.intern(v);
        return last;
    };
    e.time.push_back(*time);
    e.userTa7.push_back(intern(0, userTa7));
    e.userLegacy.push_back(intern(1, userLegacy));
    e.eventName.push_back(intern(2, f.eventName));
    e.eventSource.push_back(intern(3, f.eventSource));
    e.region.push_back(intern(4, f.awsRegion));
    e.account.push_back(intern(5, f.recipientAccountId.empty() ? f.uiAccountId : f.recipientAccountId));
    e.sourceIp.push_back(intern(6, f.sourceIp));
    e.userAgent.push_back(intern(7, f.userAgent));
    e.identityType.push_back(intern(8, f.uiType));
    e.errorCode.push_back(intern(9, errorTa7));
    longFieldRecords += truncated;
    e.offset.push_back(static_cast<std::uint32_t>(raw.data() - base));
    e.length.push_back(static_cast<std::uint32_t>(raw.size()));
    e.flags.push_back(flags);
    e.principal.push_back(hints);
    e.principalDetail.push_back(intern(10, detail));
    out->dedupKeys.push_back(f.eventId.empty() ? 0 : dedupKey(f.eventId, *time, f.eventName));
}

std::optional<std::string> LogReader::readRecord(const QString& path, std::uint64_t offset,
                                                 std::uint32_t length, bool embedded, QString* error)
{
    FileResult scratch;
    d->out = &scratch;
    std::string_view content;
    QString message;
    const bool loaded = d->load(path, content, message);
    const bool inside = loaded && offset + length <= content.size();
    std::string record = inside ? std::string(content.substr(offset, length)) : std::string();
    d->trim();
    if (!loaded) {
        if (error)
            *error = message;
        return std::nullopt;
    }
    if (!inside) {
        if (error)
            *error = QStringLiteral("the file is shorter than when it was loaded; reload it");
        return std::nullopt;
    }
    if (!embedded)
        return record;
    record.resize(record.size() + simdjson::SIMDJSON_PADDING, '\0');
    ondemand::document doc;
    std::string_view inner;
    if (d->parser.iterate(record.data(), length, record.size()).get(doc) ||
        doc["CloudTrailEvent"].get_string().get(inner)) {
        if (error)
            *error = QStringLiteral("the record changed on disk since it was loaded; reload it");
        return std::nullopt;
    }
    return std::string(inner);
}

} // namespace tw
