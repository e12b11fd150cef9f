// SPDX-License-Identifier: GPL-3.0-or-later

#include "tests/support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QThreadPool>

#include <libdeflate.h>

namespace tw::test {

QString dataDir()
{
    return QStringLiteral(TRAILWARDEN_TEST_DATA);
}

QString sampleDir()
{
    return QStringLiteral(TRAILWARDEN_SAMPLE_DIR);
}

QByteArray gzip(const QByteArray& data)
{
    libdeflate_compressor* c = libdeflate_alloc_compressor(6);
    QByteArray out(
        static_cast<qsizetype>(libdeflate_gzip_compress_bound(c, static_cast<size_t>(data.size()))), '\0');
    const size_t n = libdeflate_gzip_compress(c, data.constData(), static_cast<size_t>(data.size()),
                                              out.data(), static_cast<size_t>(out.size()));
    libdeflate_free_compressor(c);
    out.resize(static_cast<qsizetype>(n));
    return out;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray cloudTrailRecord(const Record& r)
{
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":")" + r.user +
           R"("},"eventTime":")" + r.time + R"(","eventSource":")" + r.eventSource + R"(","eventName":")" +
           r.eventName + R"(",)" + R"("awsRegion":"us-east-1","eventID":")" + r.id + '"' + r.extra + "}";
}

QByteArray threeAccountsEvents()
{
    // QByteArray, not auto: a QStringBuilder would outlive the temporaries it refers to.
    const auto record = [](const QByteArray& user, const QByteArray& id,
                           const QByteArray& account) -> QByteArray {
        return cloudTrailRecord(user, id, R"(,"recipientAccountId":")" + account + '"') + '\n';
    };
    return record("alice", "e1", "111122223333") + record("alice", "e2", "111122223333") +
           record("bob", "e3", "444455556666") + record("carol", "e4", "777788889999");
}

QByteArray sensitiveWallEvents()
{
    int n = 0;
    const auto event = [&n](const QByteArray& user, const QByteArray& source, const QByteArray& name,
                            const QByteArray& extra) -> QByteArray {
        return cloudTrailRecord(Record{user, "w-" + QByteArray::number(++n), extra,
                                       "2026-02-01T10:" + QByteArray::number(10 + n % 50) + ":00Z", name,
                                       source}) +
               '\n';
    };
    QByteArray d;
    for (int i = 0; i < 40; ++i)
        d += event("mallory", "ec2.amazonaws.com",
                   "DescribeThing" + QByteArray::number(i).rightJustified(2, '0'), R"(,"readOnly":true)");
    d += event("mallory", "cloudtrail.amazonaws.com", "StopLogging", R"(,"readOnly":false)");
    for (int i = 0; i < 3; ++i)
        d += event("mallory", "iam.amazonaws.com", "CreateUser",
                   R"(,"readOnly":false,"errorCode":"AccessDenied","errorMessage":"not authorized")");
    d += event("quiet", "s3.amazonaws.com", "ListBuckets", R"(,"readOnly":true)");
    return d;
}

QByteArray stewardshipEvents()
{
    int n = 0;
    const auto event = [&n](const QByteArray& user, const QByteArray& time, const QByteArray& name,
                            bool readOnly) -> QByteArray {
        return cloudTrailRecord(Record{user, "e-" + QByteArray::number(++n),
                                       readOnly ? R"(,"readOnly":true)" : R"(,"readOnly":false)", time, name,
                                       "iam.amazonaws.com"}) +
               '\n';
    };
    QByteArray d;
    d += event("svc-deploy", "2026-03-01T10:00:00Z", "UpdateStack", false);
    d += event("svc-deploy", "2026-02-20T10:00:00Z", "DescribeStacks", true);
    d += event("svc-old", "2025-09-01T10:00:00Z", "GetObject", true);       // stale
    d += event("ci-runner-1", "2026-02-27T10:00:00Z", "ListBuckets", true); // read-only only
    d += event("ci-runner-1", "2026-02-28T10:00:00Z", "GetObject", true);
    d += event("deploy_bot", "2026-02-25T10:00:00Z", "PutObject", false);        // near "deploy-bot"
    d += event("backup-agent", "2026-02-26T10:00:00Z", "CreateSnapshot", false); // near "backup-agnet"
    d += event("expired-svc", "2026-02-26T11:00:00Z", "AssumeRole", false);
    d += event("alice", "2026-01-15T09:00:00Z", "ConsoleLogin", false); // on the identity list
    d += event("carol", "2026-02-10T09:00:00Z", "ListUsers", true);     // read-only human
    return d;
}

QByteArray stewardshipApproved()
{
    return "identity,approved_by,approved_at,reason,expires\n"
           "svc-deploy,erin,2025-06-01T00:00:00Z,deploys,\n"
           "svc-old,erin,2025-06-01T00:00:00Z,legacy,\n"
           "svc-*,erin,2025-06-01T00:00:00Z,all service users,\n"
           "deploy-bot,erin,2025-06-01T00:00:00Z,bot,\n"
           "backup-agnet,erin,2025-06-01T00:00:00Z,typo,\n"
           "SVC-DEPLOY,frank,2025-07-01T00:00:00Z,again,\n"
           "expired-svc,erin,2025-06-01T00:00:00Z,temporary,2026-01-31\n"
           "ghost,erin,2025-06-01T00:00:00Z,gone,\n";
}

QByteArray stewardshipIdentities()
{
    return "identity,email\nalice|a.smith,alice@example.com\n";
}

QByteArray cloudTrailFile(const QByteArray& body)
{
    return "{\"Records\":[" + body + "]}";
}

QByteArray jsonEscaped(const QString& text)
{
    const QByteArray quoted = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return quoted.mid(2, quoted.size() - 4); // ["..."]
}

QStringList approvedIn(const QByteArray& out)
{
    QStringList ids;
    static const QRegularExpression line(QStringLiteral(": approved ((?:'[^']*'(?:, )?)+)"));
    static const QRegularExpression quoted(QStringLiteral("'([^']*)'"));
    const QRegularExpressionMatch m = line.match(QString::fromUtf8(out));
    if (!m.hasMatch())
        return ids;
    auto it = quoted.globalMatch(m.captured(1));
    while (it.hasNext())
        ids.append(it.next().captured(1));
    return ids;
}

CliRun runCli(const QStringList& args, const QString& workingDirectory)
{
    QProcess p;
    if (!workingDirectory.isEmpty())
        p.setWorkingDirectory(workingDirectory);
    p.start(QStringLiteral(TRAILWARDEN_CLI), args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QJsonArray withoutClass(const QJsonValue& findings)
{
    QJsonArray out;
    for (const QJsonValue& v : findings.toArray()) {
        QJsonObject f = v.toObject();
        f.remove(QStringLiteral("class"));
        f.remove(QStringLiteral("classEvidence"));
        out.append(f);
    }
    return out;
}

namespace {
const char* const kRiskFields[] = {"risk", "writeCalls", "failedCalls", "sensitive"};
} // namespace

QJsonArray withoutRisk(const QJsonValue& findings)
{
    QJsonArray out;
    for (const QJsonValue& v : findings.toArray()) {
        QJsonObject f = v.toObject();
        for (const char* key : kRiskFields)
            f.remove(QLatin1StringView(key));
        f.remove(QStringLiteral("riskExplanation"));
        out.append(f);
    }
    return out;
}

bool riskNotAvailable(const QJsonValue& findings)
{
    for (const QJsonValue& v : findings.toArray()) {
        const QJsonObject f = v.toObject();
        for (const char* key : kRiskFields)
            if (!f.contains(QLatin1StringView(key)) || !f.value(QLatin1StringView(key)).isNull())
                return false;
        if (!f.value(QStringLiteral("riskExplanation"))
                 .toString()
                 .startsWith(QStringLiteral("not available")))
            return false;
    }
    return true;
}

bool importedClassesAreByName(const QJsonValue& findings)
{
    for (const QJsonValue& v : findings.toArray()) {
        const QString cls = v.toObject().value(QStringLiteral("class")).toString();
        const QString user = v.toObject().value(QStringLiteral("user")).toString();
        if (user.compare(QStringLiteral("root"), Qt::CaseInsensitive) == 0 && cls != QStringLiteral("root"))
            return false;
        if (cls == QStringLiteral("service role") || cls == QStringLiteral("workload identity"))
            return false;
    }
    return true;
}

HeldPool::HeldPool(QThreadPool* pool)
    : m_pool(pool)
{}

HeldPool::~HeldPool()
{
    release();
}

bool HeldPool::hold()
{
    const int threads = m_pool->maxThreadCount();
    for (int i = 0; i < threads; ++i)
        m_pool->start([gate = m_gate] {
            gate->started.release();
            gate->open.acquire();
        });
    m_held += threads;
    return m_gate->started.tryAcquire(threads, 10000);
}

void HeldPool::release()
{
    m_gate->open.release(m_held);
    m_held = 0;
}

} // namespace tw::test
