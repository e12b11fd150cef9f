// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the CloudTrail reader: every shape (Records, a bare array, one record,
// JSON lines, lookup-events, EventBridge) through LogReader::parse, and the file path with
// gzip, the per-file cap and the drill-down re-read through LogReader::read and readRecord.
//
// Besides "no crash, no sanitizer report" it checks the reader's own invariants, because a
// wrong offset or string id would not crash here but would show the wrong record in the UI.

#include "core/ingest/logreader.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <libdeflate.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <unistd.h>

using namespace tw;

namespace {

void check(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

void checkResult(const FileResult& r, std::size_t contentSize)
{
    const EventColumns& e = r.events;
    const std::size_t n = e.size();
    check(e.userTa7.size() == n && e.userLegacy.size() == n && e.eventName.size() == n &&
              e.eventSource.size() == n && e.region.size() == n && e.account.size() == n &&
              e.sourceIp.size() == n && e.userAgent.size() == n && e.credential.size() == n &&
              e.errorCode.size() == n && e.offset.size() == n && e.flags.size() == n &&
              e.principal.size() == n && e.principalDetail.size() == n && r.dedupKeys.size() == n,
          "columns have one entry per event");
    const std::uint32_t strings = r.strings.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto* column : {&e.userTa7, &e.userLegacy, &e.eventName, &e.eventSource, &e.region,
                                   &e.account, &e.sourceIp, &e.userAgent})
            check((*column)[i] < strings, "string id inside the pool");
        check(e.credential[i] < e.credentials.size(), "credential id inside the table");
        const Credential& c = e.credentials[e.credential[i]];
        check(c.identityType < strings, "string id inside the pool");
        check(c.accessKey < e.accessKeys.size(), "access key id inside the table");
        const AccessKeyId& k = e.accessKeys[c.accessKey];
        check(!k.isPooled() || (k.low != 0 && k.low < strings), "string id inside the pool");
        check(c.session < e.sessions.size(), "session id inside the table");
        const SessionKey& s = e.sessions[c.session];
        check(s.who < strings && (!CreationDate::isPooled(s.created) || s.created < strings),
              "string id inside the pool");
        check((s.who == 0) == (s.created == 0), "a session has both parts or none");
        check(e.errorCode[i] < strings, "string id inside the pool"); // a sparse column
        check(e.offset[i] < contentSize, "record inside the content");
    }
    for (std::uint32_t id = 1; id < strings; ++id)
        check(r.strings.view(id).size() <= 4096, "stored strings are capped");
    check(!r.unreadable || n == 0, "an unreadable file yields no events");
}

QByteArray gzip(const std::uint8_t* data, std::size_t size)
{
    libdeflate_compressor* c = libdeflate_alloc_compressor(1);
    QByteArray out(static_cast<qsizetype>(libdeflate_gzip_compress_bound(c, size)), '\0');
    const std::size_t n =
        libdeflate_gzip_compress(c, data, size, out.data(), static_cast<std::size_t>(out.size()));
    libdeflate_free_compressor(c);
    out.resize(static_cast<qsizetype>(n));
    return out;
}

const QString& scratchDir()
{
    // One folder per fuzzing process (libFuzzer's -jobs/-fork run several), removed at exit.
    static const QString dir = [] {
        QString d = QDir::tempPath() + QStringLiteral("/tw-fuzz-%1").arg(::getpid());
        QDir().mkpath(d);
        std::atexit([] {
            QDir(QDir::tempPath() + QStringLiteral("/tw-fuzz-%1").arg(::getpid())).removeRecursively();
        });
        return d;
    }();
    return dir;
}

// Writes bytes to a file and reads it back the way the loader does, then re-reads every record
// the way the drill-down does.
void readAsFile(const QByteArray& bytes, const QString& name, ReadLimits limits)
{
    const QString path = scratchDir() + u'/' + name;
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            std::abort(); // the harness cannot work without its scratch folder
    }
    LogReader reader(limits);
    const FileResult r = reader.read(path, 0);
    checkResult(r, r.contentBytes);
    check(r.contentBytes <= limits.maxContentBytes || r.unreadable, "the per-file cap holds");
    // Each re-read loads the whole file again, as the drill-down does: the first and the last few
    // records cover the offsets without making every input quadratic.
    const std::size_t n = r.events.size();
    for (std::size_t i = 0; i < n; i = (i == 2 && n > 6) ? n - 3 : i + 1) {
        QString error;
        const auto raw =
            reader.readRecord(path, r.events.offset[i], r.events.flags[i] & EventFlag::Embedded, &error);
        // A record the reader took from this very file must be there to read back.
        check(raw.has_value(), "a loaded record reads back");
        if (!(r.events.flags[i] & EventFlag::Embedded))
            check(raw->front() == '{' && raw->back() == '}', "a record reads back as one JSON object");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view content(reinterpret_cast<const char*>(data), size);

    // A fresh reader per input keeps a crash reproducible from its input alone; parsing twice
    // with it covers the reuse of the reader's buffers and parsers between files.
    {
        LogReader reader;
        const FileResult whole = reader.parse(content, QStringLiteral("fuzz.json"), 0);
        checkResult(whole, size);
        const FileResult lines = reader.parse(content, QStringLiteral("fuzz.jsonl"), 0);
        checkResult(lines, size);
    }

    // The file path costs a write and a read, so it runs for a quarter of the inputs (chosen by
    // content, so that it is reproducible), and for every input that is gzip already.
    const bool isGzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const unsigned pick = size ? data[size - 1] & 3u : 0u;
    if (isGzip) {
        const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
        readAsFile(bytes, QStringLiteral("raw.json.gz"), {});
        ReadLimits small;
        small.maxContentBytes = 4096; // reaches the cap and the buffer regrowth with small inputs
        readAsFile(bytes, QStringLiteral("raw.json.gz"), small);
    } else if (pick == 0) {
        // Valid gzip around the fuzzed content: the decompressor succeeds and the parser sees it.
        const QByteArray gz = gzip(data, size);
        ReadLimits limits;
        if (size > 64)
            limits.maxContentBytes = size - 1 - (data[0] % 32); // just below the content: refused
        readAsFile(gz, QStringLiteral("wrapped.jsonl.gz"), {});
        readAsFile(gz + gz, QStringLiteral("twice.json.gz"), limits);
    } else if (pick == 1) {
        readAsFile(QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)),
                   QStringLiteral("plain.json"), {});
    }
    return 0;
}
