// SPDX-License-Identifier: GPL-3.0-or-later

// What the window remembers per data folder, without a window: recent folders (order, cap,
// missing ones), the lists per folder, the lookups found beside logs, and the sample's private copy.

#include "ui/datafolderhistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

class TestDataFolderHistory : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

    QString folder(const QString& name) const
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(path);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_datafolderhistory"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    void recentOrderAndCap()
    {
        DataFolderHistory history;
        QVERIFY(history.recentFolders().isEmpty());
        QStringList added;
        for (int i = 0; i < DataFolderHistory::kMaxRecentFolders + 3; ++i) {
            added.prepend(folder(u"logs%1"_s.arg(i)));
            history.addRecentFolder(added.first());
        }
        // Most recent first, the oldest dropped beyond the cap.
        QCOMPARE(history.recentFolders(), added.mid(0, DataFolderHistory::kMaxRecentFolders));
        // Opening one again moves it to the front, once.
        const QString again = added.at(4);
        history.addRecentFolder(again);
        const QStringList recent = history.recentFolders();
        QCOMPARE(recent.size(), DataFolderHistory::kMaxRecentFolders);
        QCOMPARE(recent.first(), again);
        QCOMPARE(recent.count(again), 1);
        QCOMPARE(recent.mid(1, 4), added.mid(0, 4));
        // Kept in the settings: another instance (the next start) sees the same list.
        QCOMPARE(DataFolderHistory().recentFolders(), recent);
        QCOMPARE(history.lastFolder(), again);

        history.clearRecentFolders();
        QVERIFY(history.recentFolders().isEmpty());
        QVERIFY(history.lastFolder().isEmpty());
    }

    void missingFolders()
    {
        DataFolderHistory history;
        const QString kept = folder(u"kept"_s);
        const QString gone = folder(u"gone"_s);
        history.addRecentFolder(kept);
        history.addRecentFolder(gone);
        QCOMPARE(history.lastFolder(), gone);
        QVERIFY(QDir(gone).removeRecursively());
        // The last folder is gone: nothing is reopened (not an older one in its place), but the
        // list still shows it, so the menu can show it disabled.
        QVERIFY(history.lastFolder().isEmpty());
        QCOMPARE(history.recentFolders(), (QStringList{gone, kept}));
        // Its lists are still remembered, for when it comes back.
        history.rememberLists(gone, {u"/lists/approved.csv"_s, QString()});
        QCOMPARE(history.listsFor(gone).approved, u"/lists/approved.csv"_s);
    }

    void listsPerFolder()
    {
        DataFolderHistory history;
        const QString prod = folder(u"prod"_s);
        const QString dev = folder(u"dev"_s);
        QVERIFY(history.listsFor(prod).isEmpty());
        history.rememberLists(prod, {u"/lists/prod.csv"_s, u"/lists/ids.csv"_s});
        history.rememberLists(dev, {u"/lists/dev.csv"_s, QString()});
        QCOMPARE(history.listsFor(prod).approved, u"/lists/prod.csv"_s);
        QCOMPARE(history.listsFor(prod).identities, u"/lists/ids.csv"_s);
        QCOMPARE(history.listsFor(dev).approved, u"/lists/dev.csv"_s);
        QVERIFY(history.listsFor(dev).identities.isEmpty());
        // Choosing another list for one folder leaves the other alone.
        history.rememberLists(prod, {u"/lists/prod2.csv"_s, QString()});
        QCOMPARE(history.listsFor(prod).approved, u"/lists/prod2.csv"_s);
        QVERIFY(history.listsFor(prod).identities.isEmpty());
        QCOMPARE(history.listsFor(dev).approved, u"/lists/dev.csv"_s);
        QVERIFY(history.listsFor(folder(u"other"_s)).isEmpty());
        // No data folder (lists chosen before any data): nothing is remembered.
        history.rememberLists(QString(), {u"/lists/x.csv"_s, QString()});
        QVERIFY(history.listsFor(QString()).isEmpty());
    }

    void dataFolderOf()
    {
        const QString logs = folder(u"of/logs"_s);
        const QString file = logs + u"/a.json"_s;
        QVERIFY(writeBytes(file, "{}"));
        QCOMPARE(DataFolderHistory::dataFolderOf({logs}), logs);
        QCOMPARE(DataFolderHistory::dataFolderOf({file, m_dir.path()}), logs);
        QVERIFY(DataFolderHistory::dataFolderOf({}).isEmpty());
    }

    void lookupsNearTheData()
    {
        // account/AWSLogs beside account/lookups: the S3 layout with the Splunk lookups next to it.
        const QString logs = folder(u"near/account/AWSLogs"_s);
        QVERIFY(DataFolderHistory::findLookupsNear(logs).isEmpty());

        const QString beside = folder(u"near/account/lookups"_s);
        QVERIFY(writeBytes(beside + u"/identity_lookup_expanded.csv"_s, "identity\n"));
        DataFolderHistory::Lists found = DataFolderHistory::findLookupsNear(logs);
        QVERIFY(found.approved.isEmpty()); // only what exists
        QCOMPARE(found.identities, beside + u"/identity_lookup_expanded.csv"_s);

        // lookups/ inside the folder comes first.
        const QString inside = folder(u"near/account/AWSLogs/lookups"_s);
        QVERIFY(writeBytes(inside + u"/aws_service_accounts.csv"_s, "identity\n"));
        found = DataFolderHistory::findLookupsNear(logs);
        QCOMPARE(found.approved, inside + u"/aws_service_accounts.csv"_s);
        QVERIFY(found.identities.isEmpty()); // not mixed with the ones of another place

        // Or in the folder itself.
        const QString flat = folder(u"near/flat"_s);
        QVERIFY(writeBytes(flat + u"/aws_service_accounts.csv"_s, "identity\n"));
        QCOMPARE(DataFolderHistory::findLookupsNear(flat).approved, flat + u"/aws_service_accounts.csv"_s);
    }

    void sampleCopy()
    {
        const QString sample = DataFolderHistory::sampleDir();
        QVERIFY2(!sample.isEmpty(), "the bundled sample is not found from the build tree");
        QVERIFY(QFileInfo(sample + u"/AWSLogs"_s).isDir());

        const QString copies = m_dir.filePath(u"appdata/sample"_s);
        const DataFolderHistory::SampleCopies made = DataFolderHistory::copySampleLists(sample, copies);
        QCOMPARE(made.error, QString());
        const DataFolderHistory::Lists& lists = made.lists;
        QCOMPARE(lists.approved, copies + u"/aws_service_accounts.csv"_s);
        QCOMPARE(lists.identities, copies + u"/identity_lookup_expanded.csv"_s);
        const QByteArray bundled = readBytes(sample + u"/lookups/aws_service_accounts.csv"_s);
        QVERIFY(!bundled.isEmpty());
        QCOMPARE(readBytes(lists.approved), bundled);
        QCOMPARE(readBytes(lists.identities), readBytes(sample + u"/lookups/identity_lookup_expanded.csv"_s));
        // Writable by the analyst even when the bundled files are read-only (installed).
        QVERIFY(QFileInfo(lists.approved).isWritable());

        // Made once: approvals written to the copy survive the next Open the Sample.
        const QByteArray approvedOnce = bundled + "svc-tried,tried the sample,tester,2026-12-01T00:00:00Z\n";
        QVERIFY(writeBytes(lists.approved, approvedOnce));
        const DataFolderHistory::Lists again = DataFolderHistory::copySampleLists(sample, copies).lists;
        QCOMPARE(again.approved, lists.approved);
        QCOMPARE(readBytes(again.approved), approvedOnce);
        QCOMPARE(readBytes(sample + u"/lookups/aws_service_accounts.csv"_s), bundled);
    }

    // A copy that cannot be made is an error naming the file, not a list path that does not exist
    // (the window then opened the sample and every approval failed). A regular file where the copies'
    // folder should be stops even root.
    void sampleCopyFailureIsAnError()
    {
        const QString sample = DataFolderHistory::sampleDir();
        QVERIFY(!sample.isEmpty());
        const QString blocker = m_dir.filePath(u"not-a-folder"_s);
        QVERIFY(writeBytes(blocker, "x"));
        const QString copies = blocker + u"/sample"_s;
        const DataFolderHistory::SampleCopies made = DataFolderHistory::copySampleLists(sample, copies);
        QVERIFY2(made.error.contains(copies + u"/aws_service_accounts.csv"_s), qPrintable(made.error));
        QVERIFY(!QFileInfo::exists(made.lists.approved));
    }
};

QTEST_GUILESS_MAIN(TestDataFolderHistory)
#include "tst_datafolderhistory.moc"
