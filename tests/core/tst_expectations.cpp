// SPDX-License-Identifier: GPL-3.0-or-later

// Runs every hand-derived expectation under tests/data (<name>.args + <name>.json: the arguments of
// `trailwarden-cli scan` and its exact output, docs/detection.md, Output) through the engine
// in-process. The expectations were worked out by hand from the rules (docs/detection.md), not by
// running this code; see the NOTES.md/README.md beside them.

#include "core/analysissession.h"
#include "core/report/report.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tw;

namespace {
const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);

QJsonObject parseJson(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "JSON error" << error.errorString();
    return doc.object();
}
} // namespace

class TestExpectations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scan_data()
    {
        QTest::addColumn<QString>("argsFile");
        QDirIterator it(kData, {QStringLiteral("*.args")}, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        files.sort();
        QVERIFY2(files.size() >= 30, "the expectation fixtures are missing");
        for (const QString& f : std::as_const(files))
            QTest::newRow(qUtf8Printable(QDir(kData).relativeFilePath(f))) << f;
    }

    void scan()
    {
        QFETCH(QString, argsFile);
        QFile argsIn(argsFile);
        QVERIFY(argsIn.open(QIODevice::ReadOnly));
        QStringList args;
        for (const QByteArray& line : argsIn.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                args << QString::fromUtf8(line.trimmed());

        QStringList paths;
        QString approved, identities;
        RuleSet rules = RuleSet::Ta7;
        for (qsizetype i = 0; i < args.size(); ++i) {
            const QString& a = args[i];
            auto next = [&]() -> QString { return kData + u'/' + args.value(++i); };
            if (a == u"--approved")
                approved = next();
            else if (a == u"--identities")
                identities = next();
            else if (a == u"--rules")
                rules = args.value(++i) == u"legacy" ? RuleSet::Legacy : RuleSet::Ta7;
            else if (a.startsWith(u"--"))
                QFAIL(qPrintable(QStringLiteral("unknown option in %1: %2").arg(argsFile, a)));
            else
                paths << kData + u'/' + a;
        }

        AnalysisSession session;
        session.setRules(rules);
        QVERIFY(session.setApprovedList(approved));
        QVERIFY(session.setIdentityList(identities));
        session.load(paths);
        session.waitForLoad();
        QVERIFY(session.store());
        QVERIFY(session.result());

        const QJsonObject actual =
            parseJson(QByteArray::fromStdString(findingsJson(*session.store(), *session.result())));
        QString expectedFile = argsFile;
        expectedFile.replace(QLatin1String(".args"), QLatin1String(".json"));
        QFile expectedIn(expectedFile);
        QVERIFY(expectedIn.open(QIODevice::ReadOnly));
        const QJsonObject expected = parseJson(expectedIn.readAll());

        QJsonObject actualSummary = actual[u"summary"].toObject();
        QJsonObject expectedSummary = expected[u"summary"].toObject();
        // Messages are ours to word; which files have problems and how many is the contract.
        const QJsonArray actualErrors = actualSummary.take(u"errors").toArray();
        const QJsonArray expectedErrors = expectedSummary.take(u"errors").toArray();
        if (actualErrors.size() != expectedErrors.size())
            qWarning().noquote() << "errors:" << QJsonDocument(actualErrors).toJson();
        QCOMPARE(actualErrors.size(), expectedErrors.size());
        QCOMPARE(actualSummary, expectedSummary);

        const QJsonArray a = actual[u"findings"].toArray();
        const QJsonArray e = expected[u"findings"].toArray();
        for (qsizetype i = 0; i < std::min(a.size(), e.size()); ++i) {
            // The principal class is ours, not the spec's: compared where an expectation states it.
            QJsonObject finding = a[i].toObject();
            if (!e[i].toObject().contains(u"class")) {
                finding.remove(u"class");
                finding.remove(u"classEvidence");
            }
            QCOMPARE(QJsonDocument(finding).toJson(QJsonDocument::Compact),
                     QJsonDocument(e[i].toObject()).toJson(QJsonDocument::Compact));
        }
        QCOMPARE(a.size(), e.size());
    }
};

QTEST_GUILESS_MAIN(TestExpectations)
#include "tst_expectations.moc"
