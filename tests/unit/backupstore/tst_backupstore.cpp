// The backup area (src/core/backup): the platform table (shipped file, aliases, user overrides, validation),
// the filters on real-looking Cisco IOS, Junos and EOS output, and the backup store on real folders: commits,
// no commit for unchanged copies, rejected fetches that leave the last good copy byte for byte, failure
// records, statuses across reopening, history, diffs, batch runs (also from several threads), file names
// that collide after sanitising, unusable folders, someone else's repository, a corrupt state file, and the
// repository read by the git command line.
#include "core/backup/backupstore.h"
#include "core/backup/configfilter.h"
#include "core/backup/platformtable.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <vector>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace infrahub;

namespace {

const PlatformTable &table() {
    static const PlatformTable loaded = [] {
        BackupResult<PlatformTable> t = PlatformTable::builtIn();
        if (!t)
            qFatal("built-in platform table: %s", qPrintable(t.error().message));
        return t.value();
    }();
    return loaded;
}

PlatformProfile profile(const QString &name) {
    const PlatformProfile *p = table().find(name);
    Q_ASSERT(p);
    return *p;
}

// A Cisco IOS XE running configuration as a shell session returns it: CRLF line ends, the echoed command,
// the volatile header, secrets, and the next prompt.
QString iosOutput(const QString &usersDescription = QStringLiteral("users"),
                  const QString &clockPeriod = "17179814",
                  const QString &changedAt = "17:30:01 UTC Sun Nov 22 2026",
                  const QString &extra = QString()) {
    QString text =
        QStringLiteral("atl1-edge1#show running-config\n"
                       "Building configuration...\n"
                       "\n"
                       "Current configuration : 1876 bytes\n"
                       "!\n"
                       "! Last configuration change at %1 by admin\n"
                       "! NVRAM config last updated at %1 by admin\n"
                       "!\n"
                       "version 17.9\n"
                       "service timestamps debug datetime msec\n"
                       "service password-encryption\n"
                       "!\n"
                       "hostname atl1-edge1\n"
                       "!\n"
                       "enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM\n"
                       "!\n"
                       "username admin privilege 15 secret 9 $9$8pk7yFkXD9ngRk$NqmVVIWpRMPHMXLZ\n"
                       "!\n"
                       "interface GigabitEthernet0/0\n"
                       " description uplink to atl1-core1\n"
                       " ip address 192.0.2.1 255.255.255.252\n"
                       " ip ospf message-digest-key 1 md5 7 045802150C2E\n"
                       "!\n"
                       "interface GigabitEthernet0/1\n"
                       " description %2\n"
                       " ip address 198.51.100.1 255.255.255.0\n"
                       "%4"
                       "!\n"
                       "router ospf 1\n"
                       " network 192.0.2.0 0.0.0.3 area 0\n"
                       "!\n"
                       "ntp clock-period %3\n"
                       "ntp server 192.0.2.123\n"
                       "snmp-server community s3cr3tRO RO\n"
                       "tacacs-server host 192.0.2.50 key 7 0822455D0A16\n"
                       "!\n"
                       "line con 0\n"
                       " password 7 094F471A1A0A\n"
                       "line vty 0 4\n"
                       " password 7 0822455D0A16\n"
                       " transport input ssh\n"
                       "!\n"
                       "end\n"
                       "\n"
                       "atl1-edge1#")
            .arg(changedAt, usersDescription, clockPeriod, extra);
    return text.replace(QStringLiteral("\n"), QStringLiteral("\r\n"));
}

const char kJunosOutput[] =
    "## Last commit: 2026-11-22 17:30:01 UTC by admin\n"
    "set version 22.4R3.25\n"
    "set system host-name atl1-border1\n"
    "set system root-authentication encrypted-password \"$6$kL3x$Abc.def/ghiJKLmnop\"\n"
    "set system login user netops class super-user\n"
    "set system login user netops authentication encrypted-password \"$6$aa$bbbb\"\n"
    "set system services ssh\n"
    "set snmp community public authorization read-only\n"
    "set protocols bgp group transit neighbor 203.0.113.1 authentication-key \"$9$Hk.fz69AtOBEh\"\n"
    "set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.2/30\n";

const char kEosOutput[] = "! Command: show running-config\n"
                          "! device: atl1-leaf1 (DCS-7050SX3-48YC8, EOS-4.30.1F)\n"
                          "! Time: Sun Nov 22 17:30:01 2026\n"
                          "!\n"
                          "no aaa root\n"
                          "!\n"
                          "username admin privilege 15 role network-admin secret sha512 $6$Zt1Qm/6Ye9$0xY7\n"
                          "!\n"
                          "hostname atl1-leaf1\n"
                          "!\n"
                          "snmp-server community infrahubRO ro\n"
                          "!\n"
                          "interface Ethernet1\n"
                          "   description to-spine1\n"
                          "   ip address 10.0.0.1/31\n"
                          "!\n"
                          "router bgp 65001\n"
                          "   neighbor 10.0.0.0 remote-as 65000\n"
                          "   neighbor 10.0.0.0 password 7 kC9/bD5aZYw=\n"
                          "!\n"
                          "end\n";

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool haveGit() {
    return !QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty();
}

QString git(const QString &dir, const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral("git"), QStringList{QStringLiteral("-C"), dir} + args);
    p.waitForFinished(20000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

std::shared_ptr<BackupStore> openStore(const QString &folder, BackupStore::Options options = {}) {
    BackupResult<std::shared_ptr<BackupStore>> store = BackupStore::open(folder, options);
    if (!store)
        qWarning() << store.error().message;
    return store ? store.value() : nullptr;
}

} // namespace

class TestBackupStore : public QObject {
    Q_OBJECT

private:
    const DeviceRef edge{QStringLiteral("atl1-edge1"),
                         QStringLiteral("17a3c5e2-0000-4000-8000-000000000001")};

    static QString head(const QString &folder) { return git(folder, {"rev-parse", "HEAD"}).trimmed(); }
    static int commitCount(const QString &folder) {
        const QString out = git(folder, {"rev-list", "--count", "HEAD"}).trimmed();
        return out.isEmpty() ? 0 : out.toInt();
    }

private Q_SLOTS:
    void initTestCase() {
        if (!haveGit())
            qWarning("git is not installed: the checks through the git command line are skipped");
    }

    // --- platform table ------------------------------------------------------------------------------------

    void platformTableLoads() {
        BackupResult<PlatformTable> t = PlatformTable::builtIn();
        QVERIFY2(t.ok(), qPrintable(t ? QString() : t.error().message));
        for (const char *name : {"cisco_ios", "cisco_nxos", "arista_eos", "juniper_junos", "cisco_xr",
                                 "cisco_asa", "paloalto_panos", "linux", "generic"})
            QVERIFY2(t->find(QLatin1String(name)), name);
        const PlatformProfile *ios = t->find("cisco_ios");
        QCOMPARE(ios->session, PlatformProfile::Session::Shell);
        QCOMPARE(ios->commands, QStringList{"show running-config"});
        QVERIFY(ios->pagingDisable.contains("terminal length 0"));
        QVERIFY(ios->prompt.match("atl1-edge1#").hasMatch());
        QVERIFY(ios->prompt.match("atl1-edge1>").hasMatch());
        QVERIFY(!ios->prompt.match("interface GigabitEthernet0/1").hasMatch());
        const PlatformProfile *junos = t->find("juniper_junos");
        QCOMPARE(junos->session, PlatformProfile::Session::Exec);
        QCOMPARE(junos->commands, QStringList{"show configuration | display set"});
        // The shared lists are flattened into each platform that uses them.
        QVERIFY(t->find("cisco_nxos")->masks.size() > t->find("cisco_ios")->masks.size());
        QCOMPARE(t->fallbackName(), QStringLiteral("generic"));
        // The data file in the source tree is the one compiled in.
        QFile source(QStringLiteral(INFRAHUB_SOURCE_DIR "/data/platforms.yaml"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QCOMPARE(source.readAll(), readFile(PlatformTable::builtInResource()));
    }

    void aliasesResolve_data() {
        QTest::addColumn<QString>("netmiko");
        QTest::addColumn<QString>("napalm");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("by");
        const int netmiko = int(PlatformMatch::By::NetmikoDeviceType);
        const int napalm = int(PlatformMatch::By::NapalmDriver);
        const int fallback = int(PlatformMatch::By::Fallback);
        QTest::newRow("netmiko key") << "cisco_ios"
                                     << ""
                                     << "cisco_ios" << netmiko;
        QTest::newRow("netmiko alias (sandbox's IOS-XE)") << "cisco_xe"
                                                          << "ios"
                                                          << "cisco_ios" << netmiko;
        QTest::newRow("case") << "Arista_EOS"
                              << ""
                              << "arista_eos" << netmiko;
        QTest::newRow("transport suffix") << "cisco_ios_telnet"
                                          << ""
                                          << "cisco_ios" << netmiko;
        QTest::newRow("napalm nxos_ssh") << ""
                                         << "nxos_ssh"
                                         << "cisco_nxos" << napalm;
        QTest::newRow("napalm junos") << ""
                                      << "junos"
                                      << "juniper_junos" << napalm;
        QTest::newRow("napalm iosxr") << "unknown_os"
                                      << "iosxr"
                                      << "cisco_xr" << napalm;
        QTest::newRow("unknown") << "acme_os"
                                 << "acme"
                                 << "generic" << fallback;
        QTest::newRow("nothing") << ""
                                 << ""
                                 << "generic" << fallback;
    }
    void aliasesResolve() {
        QFETCH(QString, netmiko);
        QFETCH(QString, napalm);
        QFETCH(QString, expected);
        QFETCH(int, by);
        const PlatformMatch match = table().lookup(netmiko, napalm);
        QCOMPARE(match.profile.name, expected);
        QCOMPARE(int(match.by), by);
        QVERIFY(match.explanation.contains(expected));
    }

    void overrideFileMerges() {
        QTemporaryDir dir;
        const QString path = dir.filePath("my-platforms.yaml");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("platforms:\n"
                   "  cisco_ios:\n"
                   "    commands: ['show running-config view full']\n"
                   "  acme_switch:\n"
                   "    extends: cisco_ios\n"
                   "    description: ACME switches speak IOS\n"
                   "    aliases: [acme]\n"
                   "    paging_disable: ['no page']\n");
        file.close();
        BackupResult<PlatformTable> t = PlatformTable::builtInWithOverrides(path);
        QVERIFY2(t.ok(), qPrintable(t ? QString() : t.error().message));
        // The named field is replaced; the others keep the shipped values.
        const PlatformProfile *ios = t->find("ios");
        QCOMPARE(ios->commands, QStringList{"show running-config view full"});
        QCOMPARE(ios->dropLines.size(), profile("cisco_ios").dropLines.size());
        QCOMPARE(ios->aliases, profile("cisco_ios").aliases);
        // A new platform starts from the one it extends (with the override applied), but not its aliases.
        const PlatformMatch acme = t->lookup("", "ACME");
        QCOMPARE(acme.profile.name, QStringLiteral("acme_switch"));
        QCOMPARE(acme.profile.commands, QStringList{"show running-config view full"});
        QCOMPARE(acme.profile.pagingDisable, QStringList{"no page"});
        QCOMPARE(acme.profile.aliases, QStringList{"acme"});
        QCOMPARE(acme.profile.masks.size(), profile("cisco_ios").masks.size());
        QCOMPARE(t->lookup("", "ios").profile.name, QStringLiteral("cisco_ios"));
        // No file: the shipped table.
        QVERIFY(PlatformTable::builtInWithOverrides(dir.filePath("absent.yaml")).ok());
    }

    void invalidTablesAreRefusedWithClearErrors_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("bad regex") << QByteArray("platforms:\n"
                                                 "  cisco_ios:\n"
                                                 "    drop_lines:\n"
                                                 "      - '^ok'\n"
                                                 "      - '^(unclosed'\n")
                                   << QStringList{"user.yaml:5", "cisco_ios", "drop_lines[1]", "(unclosed"};
        QTest::newRow("bad prompt") << QByteArray("platforms:\n  vyos:\n    prompt: '[a-'\n")
                                    << QStringList{"user.yaml:3", "vyos", "prompt"};
        QTest::newRow("bad completeness")
            << QByteArray("platforms:\n  juniper_junos:\n    complete:\n      last_line: '*end'\n")
            << QStringList{"juniper_junos", "complete.last_line"};
        QTest::newRow("alias as a key") << QByteArray("platforms:\n  junos:\n    commands: [show config]\n")
                                        << QStringList{"user.yaml:2", "junos", "alias", "juniper_junos"};
        QTest::newRow("mask group") << QByteArray("platforms:\n  linux:\n    mask:\n"
                                                  "      - {pattern: 'secret \\S+', replace: '\\1 x'}\n")
                                    << QStringList{"linux", "mask[0].replace", "\\1"};
        QTest::newRow("typo") << QByteArray("platforms:\n  cisco_ios:\n    comands: [show run]\n")
                              << QStringList{"user.yaml:3", "cisco_ios", "comands", "unknown field"};
        QTest::newRow("alias twice") << QByteArray(
                                            "platforms:\n  mine:\n    extends: generic\n    aliases: [eos]\n")
                                     << QStringList{"user.yaml:4", "mine", "eos", "arista_eos"};
        QTest::newRow("no commands") << QByteArray("platforms:\n  empty_one:\n    session: exec\n")
                                     << QStringList{"user.yaml", "empty_one", "commands"};
        QTest::newRow("bad session") << QByteArray(
                                            "platforms:\n  x:\n    session: telnet\n    commands: [a]\n")
                                     << QStringList{"x", "session", "telnet"};
        QTest::newRow("extends unknown") << QByteArray("platforms:\n  x:\n    extends: nothing\n")
                                         << QStringList{"x", "extends", "nothing"};
        QTest::newRow("extends circle")
            << QByteArray("platforms:\n  a:\n    extends: b\n  b:\n    extends: a\n")
            << QStringList{"circular"};
        QTest::newRow("not yaml") << QByteArray("platforms: [unclosed\n")
                                  << QStringList{"user.yaml:", "YAML"};
        QTest::newRow("bad number") << QByteArray("platforms:\n  linux:\n    timeout_seconds: soon\n")
                                    << QStringList{"linux", "timeout_seconds", "whole number"};
        QTest::newRow("version") << QByteArray("version: 2\n") << QStringList{"version 2"};
    }
    void invalidTablesAreRefusedWithClearErrors() {
        QFETCH(QByteArray, yaml);
        QFETCH(QStringList, mentions);
        const QByteArray shipped = readFile(PlatformTable::builtInResource());
        BackupResult<PlatformTable> t =
            PlatformTable::fromSources({{"platforms.yaml", shipped}, {"user.yaml", yaml}});
        QVERIFY(!t.ok());
        QCOMPARE(t.error().kind, BackupError::Kind::InvalidData);
        for (const QString &m : mentions)
            QVERIFY2(t.error().message.contains(m), qPrintable(t.error().message + " lacks " + m));
    }

    // --- filters -------------------------------------------------------------------------------------------

    void filterCiscoIos() {
        ConfigFilter::Stats stats;
        const QString out = ConfigFilter(profile("cisco_ios")).apply(iosOutput(), &stats);
        QVERIFY(!out.contains(u'\r'));
        QVERIFY(out.endsWith("\nend\n"));
        QVERIFY(out.startsWith("!\n!\nversion 17.9\n")); // echo, "Building", blank line, byte count gone
        for (const char *gone : {"atl1-edge1#", "Building configuration", "Current configuration",
                                 "Last configuration change", "NVRAM config last updated", "ntp clock-period",
                                 "$9$", "s3cr3tRO", "0822455D0A16", "094F471A1A0A", "045802150C2E"})
            QVERIFY2(!out.contains(QLatin1String(gone)), gone);
        for (const char *kept :
             {"enable secret 9 <removed>\n", "username admin privilege 15 secret 9 <removed>\n",
              "snmp-server community <removed> RO\n", "tacacs-server host 192.0.2.50 key 7 <removed>\n",
              " password 7 <removed>\n", "service password-encryption\n", "ntp server 192.0.2.123\n",
              " description users\n"})
            QVERIFY2(out.contains(QLatin1String(kept)), kept);
        QVERIFY(out.contains(" ip ospf message-digest-key 1 md5 7 <removed>\n"));
        QCOMPARE(stats.maskedLines, 7);
        QCOMPARE(stats.droppedLines,
                 7); // echo, prompt, Building, byte count, two change stamps, clock period
        QVERIFY(profile("cisco_ios").complete.incompleteReason(out).isEmpty());
        // Deterministic and idempotent.
        QCOMPARE(ConfigFilter(profile("cisco_ios")).apply(iosOutput()), out);
        QCOMPARE(ConfigFilter(profile("cisco_ios")).apply(out), out);
        // Only volatile lines differ: the same stored text.
        QCOMPARE(ConfigFilter(profile("cisco_ios"))
                     .apply(iosOutput("users", "17179999", "09:00:00 UTC Mon Nov 23 2026")),
                 out);
    }

    void filterJunos() {
        const QString out = ConfigFilter(profile("juniper_junos")).apply(QString::fromUtf8(kJunosOutput));
        QVERIFY(!out.contains("Last commit"));
        QVERIFY(out.startsWith("set version 22.4R3.25\n"));
        QVERIFY(out.contains("set system root-authentication encrypted-password \"<removed>\"\n"));
        QVERIFY(out.contains("authentication encrypted-password \"<removed>\"\n"));
        QVERIFY(out.contains("set snmp community <removed> authorization read-only\n"));
        QVERIFY(out.contains("neighbor 203.0.113.1 authentication-key \"<removed>\"\n"));
        QVERIFY(!out.contains("$6$") && !out.contains("$9$") && !out.contains("public"));
        QVERIFY(out.contains("set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.2/30\n"));
        QVERIFY(profile("juniper_junos").complete.incompleteReason(out).isEmpty());
        QVERIFY(!profile("juniper_junos").complete.incompleteReason("error: syntax error\n").isEmpty());
    }

    void filterAristaEos() {
        const QString out = ConfigFilter(profile("arista_eos")).apply(QString::fromUtf8(kEosOutput));
        QVERIFY(!out.contains("! Time:"));
        QVERIFY(out.contains("! device: atl1-leaf1")); // a software upgrade is a change worth seeing
        QVERIFY(out.contains("role network-admin secret sha512 <removed>\n"));
        QVERIFY(out.contains("snmp-server community <removed> ro\n"));
        QVERIFY(out.contains("neighbor 10.0.0.0 password 7 <removed>\n"));
        QVERIFY(!out.contains("$6$") && !out.contains("kC9/") && !out.contains("infrahubRO"));
        QVERIFY(profile("arista_eos").complete.incompleteReason(out).isEmpty());
    }

    void lineEndingsNormalised() {
        QCOMPARE(ConfigFilter::normaliseLineEndings("a\r\nb\r\r\nc\rd\n"), QStringLiteral("a\nb\nc\nd\n"));
        QCOMPARE(ConfigFilter(profile("linux")).apply("\n\nhost1\r\n\r\n"), QStringLiteral("host1\n"));
    }

    void completenessDetectsTruncation() {
        const PlatformProfile ios = profile("cisco_ios");
        const QString full = ConfigFilter(ios).apply(iosOutput());
        const QString cut = full.left(full.indexOf("router ospf"));
        QVERIFY(ios.complete.incompleteReason(cut).contains("cut short"));
        QVERIFY(!ios.complete.incompleteReason(QString(full).insert(0, " --More-- \n")).isEmpty());
        QVERIFY(!ios.complete.incompleteReason("% Invalid input detected at '^' marker.\nend\n").isEmpty());
    }

    // --- store: saving -------------------------------------------------------------------------------------

    void saveCommitsAndUnchangedDoesNot() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        QVERIFY(store);
        QVERIFY2(store->warnings().isEmpty(), qPrintable(store->warnings().join(u'|')));
        QVERIFY(store->history(edge)->isEmpty()); // no commit yet
        QVERIFY(store->changedSinceLastRun()->isEmpty());
        QVERIFY(QFile::exists(dir.filePath(".infrahub-backup/state.json"))); // marks the folder as ours
        const SaveResult first = store->save(edge, profile("cisco_ios"), iosOutput());
        QCOMPARE(first.status, SaveResult::Status::Changed);
        QVERIFY(!first.commitId.isEmpty());
        QCOMPARE(first.fileName, edge.fileName());
        const QByteArray stored = readFile(dir.filePath(first.fileName));
        QCOMPARE(stored, ConfigFilter(profile("cisco_ios")).apply(iosOutput()).toUtf8());
        QCOMPARE(first.size, stored.size());
        QCOMPARE(store->history(edge)->size(), 1);

        // Same configuration, only volatile lines differ: no write, no commit.
        const SaveResult again =
            store->save(edge, profile("cisco_ios"), iosOutput("users", "99", "01:02:03 UTC Mon Nov 23 2026"));
        QCOMPARE(again.status, SaveResult::Status::Unchanged);
        QVERIFY(again.commitId.isEmpty());
        QCOMPARE(store->history(edge)->size(), 1);
        QCOMPARE(readFile(dir.filePath(first.fileName)), stored);
        if (haveGit()) {
            QCOMPARE(commitCount(dir.path()), 1);
            QCOMPARE(head(dir.path()), first.commitId);
        }
        const std::optional<DeviceStatus> status = store->status(edge);
        QVERIFY(status);
        QCOMPARE(status->lastCommit, first.commitId);
        QVERIFY(status->lastSuccess >= status->lastChange);
        QCOMPARE(status->platform, QStringLiteral("cisco_ios"));
        QCOMPARE(status->deviceId, edge.id);
        QVERIFY(!status->isFailing());
    }

    void changedMakesNewCommitAndDiff() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        const PlatformProfile ios = profile("cisco_ios");
        const QString v1 = store->save(edge, ios, iosOutput()).commitId;
        const SaveResult second = store->save(
            edge, ios, iosOutput("users and printers", "1", "x", " ip helper-address 192.0.2.10\n"));
        QCOMPARE(second.status, SaveResult::Status::Changed);
        QVERIFY(!second.commitId.isEmpty() && second.commitId != v1);

        const QStringList oldLines = ConfigFilter(ios).apply(iosOutput()).split(u'\n');
        const int descriptionLine = int(oldLines.indexOf(" description users")) + 1;
        QVERIFY(descriptionLine > 1);

        // Three lines of context: both changes in one hunk.
        BackupResult<ConfigDiff> diff = store->diff(edge, v1, second.commitId);
        QVERIFY(diff.ok());
        QCOMPARE(diff->hunks.size(), 1);
        QCOMPARE(diff->addedLines(), 2);
        QCOMPARE(diff->removedLines(), 1);
        const DiffHunk &hunk = diff->hunks.constFirst();
        QCOMPARE(hunk.oldStart, descriptionLine - 3);
        QCOMPARE(hunk.oldCount, 8); // 3 + description + ip address + 3
        QCOMPARE(hunk.newCount, 9); // and the helper address
        const auto removed = std::find_if(hunk.lines.cbegin(), hunk.lines.cend(), [](const DiffLine &l) {
            return l.kind == DiffLine::Kind::Removed;
        });
        QVERIFY(removed != hunk.lines.cend());
        QCOMPARE(removed->text, QStringLiteral(" description users"));
        QCOMPARE(removed->oldLine, descriptionLine);
        QCOMPARE(removed->newLine, -1);
        const DiffLine &replacement = *(removed + 1);
        QCOMPARE(replacement.kind, DiffLine::Kind::Added);
        QCOMPARE(replacement.text, QStringLiteral(" description users and printers"));
        QCOMPARE(replacement.newLine, descriptionLine);
        const QString unified = diff->toUnifiedText();
        QVERIFY(unified.startsWith("--- a/" + edge.fileName() + "\n+++ b/" + edge.fileName() + "\n@@ -"));
        QVERIFY(unified.contains("\n- description users\n+ description users and printers\n"));
        QVERIFY(unified.contains("\n+ ip helper-address 192.0.2.10\n"));
        // Side by side: the description is one changed row, the helper address a row of its own.
        const QList<SideBySideRow> rows = hunk.sideBySide();
        QCOMPARE(std::count_if(rows.cbegin(), rows.cend(),
                               [](const SideBySideRow &r) { return r.kind == SideBySideRow::Kind::Changed; }),
                 1);
        const auto changedRow = std::find_if(rows.cbegin(), rows.cend(), [](const SideBySideRow &r) {
            return r.kind == SideBySideRow::Kind::Changed;
        });
        QCOMPARE(changedRow->oldText, QStringLiteral(" description users"));
        QCOMPARE(changedRow->newText, QStringLiteral(" description users and printers"));
        const auto addedRow = std::find_if(rows.cbegin(), rows.cend(), [](const SideBySideRow &r) {
            return r.kind == SideBySideRow::Kind::Added;
        });
        QVERIFY(addedRow != rows.cend());
        QCOMPARE(addedRow->oldLine, -1);
        QCOMPARE(addedRow->newText, QStringLiteral(" ip helper-address 192.0.2.10"));

        // No context: two hunks, each headed by the interface it is in.
        BackupResult<ConfigDiff> tight = store->diff(edge, v1, "HEAD", 0);
        QCOMPARE(tight->hunks.size(), 2);
        QCOMPARE(tight->hunks.at(0).section, QStringLiteral("interface GigabitEthernet0/1"));
        QCOMPARE(tight->hunks.at(0).header(),
                 QStringLiteral("@@ -%1 +%1 @@ interface GigabitEthernet0/1").arg(descriptionLine));
        // Whole file for a side-by-side view: one hunk covering everything.
        BackupResult<ConfigDiff> whole = store->diff(edge, v1, "HEAD", 100000);
        QCOMPARE(whole->hunks.size(), 1);
        QCOMPARE(whole->hunks.constFirst().oldCount, int(oldLines.size() - 1));
        // The first version against nothing: everything added.
        BackupResult<ConfigDiff> fromNothing = store->diff(edge, QString(), v1);
        QVERIFY(!fromNothing->oldExists);
        QCOMPARE(fromNothing->removedLines(), 0);
        QCOMPARE(fromNothing->addedLines(), int(oldLines.size() - 1));
        QVERIFY(fromNothing->toUnifiedText().startsWith("--- /dev/null\n"));
        // The same versions: no difference.
        QVERIFY(store->diff(edge, v1, v1)->isEmpty());
        QCOMPARE(store->diff(edge, "no-such-commit", "HEAD").error().kind, BackupError::Kind::NotFound);
    }

    void rejectedFetchesKeepTheLastGoodCopy_data() {
        QTest::addColumn<QString>("output");
        QTest::addColumn<int>("rejection");
        const QString full = iosOutput();
        QTest::newRow("empty") << QString() << int(SaveResult::Rejection::Empty);
        QTest::newRow("blank lines") << QStringLiteral("\r\n\r\n  \r\n") << int(SaveResult::Rejection::Empty);
        QTest::newRow("only volatile lines")
            << QStringLiteral("Building configuration...\r\n! Last configuration change at x\r\n")
            << int(SaveResult::Rejection::Empty);
        QTest::newRow("truncated") << full.left(full.indexOf("router ospf"))
                                   << int(SaveResult::Rejection::Incomplete);
        QTest::newRow("pager left on") << full.left(full.indexOf("router ospf")) + " --More-- "
                                       << int(SaveResult::Rejection::Incomplete);
        QTest::newRow("command failed") << QStringLiteral("% Invalid input detected at '^' marker.\r\n")
                                        << int(SaveResult::Rejection::Incomplete);
        QTest::newRow("suspiciously short")
            << QStringLiteral("version 17.9\r\nhostname atl1-edge1\r\n!\r\ninterface Gi0/0\r\n!\r\nend\r\n")
            << int(SaveResult::Rejection::Shrunk);
    }
    void rejectedFetchesKeepTheLastGoodCopy() {
        QFETCH(QString, output);
        QFETCH(int, rejection);
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        const SaveResult good = store->save(edge, profile("cisco_ios"), iosOutput());
        QCOMPARE(good.status, SaveResult::Status::Changed);
        const QString path = dir.filePath(edge.fileName());
        const QByteArray before = readFile(path);

        const SaveResult bad = store->save(edge, profile("cisco_ios"), output);
        QCOMPARE(bad.status, SaveResult::Status::Rejected);
        QCOMPARE(int(bad.rejection), rejection);
        QVERIFY(!bad.message.isEmpty());
        QVERIFY(bad.message.contains("last good copy"));
        QCOMPARE(readFile(path), before); // byte for byte
        QCOMPARE(store->history(edge)->size(), 1);
        if (haveGit())
            QCOMPARE(head(dir.path()), good.commitId);
        const std::optional<DeviceStatus> status = store->status(edge);
        QVERIFY(status->isFailing());
        QCOMPARE(status->lastFailureReason, bad.message);
        QCOMPARE(status->lastCommit, good.commitId);
        QCOMPARE(status->size, before.size());

        if (rejection == int(SaveResult::Rejection::Shrunk)) {
            QCOMPARE(bad.previousSize, before.size());
            // The user confirms the smaller configuration.
            const SaveResult accepted = store->save(edge, profile("cisco_ios"), output, SaveOptions{true});
            QCOMPARE(accepted.status, SaveResult::Status::Changed);
            QVERIFY(readFile(path).size() < before.size() / 2);
            QVERIFY(!store->status(edge)->isFailing());
        }
    }

    void failureRecordedWithoutTouchingTheFile() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        const SaveResult good = store->save(edge, profile("cisco_ios"), iosOutput());
        const QString path = dir.filePath(edge.fileName());
        const QByteArray before = readFile(path);
        const QDateTime modified = QFileInfo(path).lastModified();

        BackupResult<DeviceStatus> failed =
            store->recordFailure(edge, "cisco_ios", "connection timed out after 30 s");
        QVERIFY(failed.ok());
        QCOMPARE(failed->lastFailureReason, QStringLiteral("connection timed out after 30 s"));
        QCOMPARE(failed->consecutiveFailures, 1);
        QVERIFY(failed->isFailing());
        QVERIFY(failed->lastSuccess.isValid());
        store->recordFailure(edge, "cisco_ios", "authentication failed");
        QCOMPARE(store->status(edge)->consecutiveFailures, 2);
        QCOMPARE(readFile(path), before);
        QCOMPARE(QFileInfo(path).lastModified(), modified);
        QCOMPARE(store->history(edge)->size(), 1);

        // A device that never succeeded gets a record too, and no file.
        const DeviceRef unreachable{"atl1-fw9", "id-9"};
        QVERIFY(store->recordFailure(unreachable, "cisco_asa", "no route to host").ok());
        QVERIFY(!QFile::exists(dir.filePath(unreachable.fileName())));
        QCOMPARE(store->status(unreachable)->lastFailureReason, QStringLiteral("no route to host"));
        QVERIFY(!store->status(unreachable)->lastSuccess.isValid());

        // Success clears the failing state but keeps the last failure for the record.
        store->save(edge, profile("cisco_ios"), iosOutput());
        QVERIFY(!store->status(edge)->isFailing());
        QCOMPARE(store->status(edge)->lastFailureReason, QStringLiteral("authentication failed"));
        Q_UNUSED(good);
    }

    void statusSurvivesReopening() {
        QTemporaryDir dir;
        DeviceStatus before;
        {
            auto store = openStore(dir.path());
            store->save(edge, profile("cisco_ios"), iosOutput());
            store->recordFailure(edge, "cisco_ios", "host key changed");
            before = *store->status(edge);
        }
        auto reopened = openStore(dir.path());
        QVERIFY(reopened);
        QVERIFY(reopened->warnings().isEmpty());
        const std::optional<DeviceStatus> after = reopened->status(edge);
        QVERIFY(after);
        QCOMPARE(after->lastSuccess, before.lastSuccess);
        QCOMPARE(after->lastFailure, before.lastFailure);
        QCOMPARE(after->lastFailureReason, QStringLiteral("host key changed"));
        QCOMPARE(after->lastCommit, before.lastCommit);
        QCOMPARE(after->deviceName, edge.name);
        QCOMPARE(after->size, before.size);
        QVERIFY(after->isFailing());
    }

    // --- history and diffs ---------------------------------------------------------------------------------

    void historyIsNewestFirst() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        const DeviceRef other{"atl1-edge2", "id-2"};
        QStringList commits;
        for (const char *description : {"v1", "v2", "v3"}) {
            commits.prepend(
                store->save(edge, profile("cisco_ios"), iosOutput(QLatin1String(description))).commitId);
            store->save(other, profile("cisco_ios"),
                        iosOutput(QLatin1String(description) + QStringLiteral(" other")));
        }
        BackupResult<QList<BackupVersion>> history = store->history(edge);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 3); // the other device's commits are not this device's versions
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(history->at(i).commitId, commits.at(i));
            QCOMPARE(history->at(i).message, QStringLiteral("backup: atl1-edge1 (cisco_ios)"));
            QVERIFY(history->at(i).size > 500);
            QVERIFY(history->at(i).time.isValid());
            if (i > 0)
                QVERIFY(history->at(i - 1).time >= history->at(i).time);
        }
        QVERIFY(store->contentAt(edge, commits.at(2))->contains(" description v1\n"));
        QVERIFY(store->contentAt(edge, commits.at(0).left(8))->contains(" description v3\n"));
        QVERIFY(store->contentAt(edge, "HEAD")->contains(" description v3\n"));
        QCOMPARE(store->contentAt({"never-saved", ""}, "HEAD").error().kind, BackupError::Kind::NotFound);
        QVERIFY(store->history({"never-saved", ""})->isEmpty());

        // Any two versions, either way round.
        BackupResult<ConfigDiff> oneToThree = store->diff(edge, commits.at(2), commits.at(0));
        BackupResult<ConfigDiff> threeToOne = store->diff(edge, commits.at(0), commits.at(2));
        QCOMPARE(oneToThree->hunks.size(), 1);
        QVERIFY(oneToThree->toUnifiedText().contains("- description v1\n+ description v3\n"));
        QVERIFY(threeToOne->toUnifiedText().contains("- description v3\n+ description v1\n"));
        QCOMPARE(oneToThree->oldCommit, commits.at(2));
    }

    // --- runs
    // ------------------------------------------------------------------------------------------------

    void batchMakesOneCommit() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        const PlatformProfile ios = profile("cisco_ios");
        const DeviceRef a{"atl1-edge1", "id-a"};
        const DeviceRef b{"atl1-edge2", "id-b"};
        const DeviceRef c{"atl1-edge3", "id-c"};
        const DeviceRef d{"atl1-leaf1", "id-d"};
        const QString full = iosOutput();
        {
            std::unique_ptr<BackupRun> run = store->beginRun();
            QCOMPARE(run->save(a, ios, iosOutput("a")).status, SaveResult::Status::Changed);
            QCOMPARE(run->save(b, ios, iosOutput("b")).status, SaveResult::Status::Changed);
            QCOMPARE(run->save(c, ios, full.left(full.size() / 2)).status, SaveResult::Status::Rejected);
            run->recordFailure(d, "arista_eos", "connection refused");
            BackupResult<RunSummary> summary = run->commit();
            QVERIFY(summary.ok());
            QVERIFY(!summary->commitId.isEmpty());
            QCOMPARE(summary->changed, 2);
            QCOMPARE(summary->unchanged, 0);
            QCOMPARE(summary->failed, 2);
            QCOMPARE(summary->items.size(), 4);
            QCOMPARE(summary->items.at(0).result.commitId, summary->commitId);
            QVERIFY(summary->message.contains(": 2 changed, 0 unchanged, 2 failed\n\n"));
            QVERIFY(summary->message.contains("\nchanged: atl1-edge1 (cisco_ios)\n"));
            QVERIFY(summary->message.contains("\nfailed: atl1-leaf1 (arista_eos): connection refused"));
            QVERIFY(!run->commit().ok()); // once only
        }
        QVERIFY(!QFile::exists(dir.filePath(c.fileName())));
        QVERIFY(!QFile::exists(dir.filePath(d.fileName())));
        QCOMPARE(store->status(d)->lastFailureReason, QStringLiteral("connection refused"));
        QVERIFY(store->status(c)->lastFailureReason.contains("incomplete"));
        QCOMPARE(store->history(a)->constFirst().commitId, store->history(b)->constFirst().commitId);
        if (haveGit())
            QCOMPARE(commitCount(dir.path()), 1);

        // The first run added everything.
        BackupResult<QList<DeviceChange>> first = store->changedSinceLastRun();
        QCOMPARE(first->size(), 2);
        QCOMPARE(first->at(0).kind, DeviceChange::Kind::Added);

        // Second run: one changed, one unchanged, via saveMany.
        BackupResult<RunSummary> second =
            store->saveMany({{a, ios, iosOutput("a, moved to VLAN 20"), {}}, {b, ios, iosOutput("b"), {}}});
        QVERIFY(second.ok());
        QCOMPARE(second->changed, 1);
        QCOMPARE(second->unchanged, 1);
        QVERIFY(second->message.contains(": 1 changed, 1 unchanged, 0 failed"));
        const std::optional<BackupRunRecord> record = store->lastRun();
        QVERIFY(record);
        QCOMPARE(record->after, second->commitId);
        QCOMPARE(record->changed, 1);

        BackupResult<QList<DeviceChange>> changes = store->changedSinceLastRun();
        QVERIFY(changes.ok());
        QCOMPARE(changes->size(), 1);
        const DeviceChange &change = changes->constFirst();
        QCOMPARE(change.kind, DeviceChange::Kind::Modified);
        QCOMPARE(change.deviceName, a.name);
        QCOMPARE(change.deviceId, a.id);
        QCOMPARE(change.fileName, a.fileName());
        QVERIFY(change.diff.toUnifiedText().contains("- description a\n+ description a, moved to VLAN 20\n"));

        // A run that changes nothing makes no commit, and "since the last run" is then nothing.
        BackupResult<RunSummary> third = store->saveMany({{a, ios, iosOutput("a, moved to VLAN 20"), {}}});
        QVERIFY(third->commitId.isEmpty());
        QVERIFY(store->changedSinceLastRun()->isEmpty());
        // Between any two commits.
        BackupResult<QList<DeviceChange>> between = store->changesBetween(record->before, record->after);
        QCOMPARE(between->size(), 1);
        if (haveGit())
            QCOMPARE(commitCount(dir.path()), 2);
    }

    void abandonedRunStillCommits() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        {
            std::unique_ptr<BackupRun> run = store->beginRun();
            run->save(edge, profile("cisco_ios"), iosOutput());
        } // a cancelled job drops its run
        QCOMPARE(store->history(edge)->size(), 1);
    }

    void runFromSeveralThreads() {
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        const PlatformProfile ios = profile("cisco_ios");
        std::unique_ptr<BackupRun> run = store->beginRun();
        std::vector<std::thread> workers;
        for (int w = 0; w < 4; ++w)
            workers.emplace_back([&, w] {
                for (int i = 0; i < 5; ++i) {
                    const QString name = QStringLiteral("dev-%1-%2").arg(w).arg(i);
                    run->save({name, name}, ios, iosOutput(name));
                }
            });
        for (std::thread &t : workers)
            t.join();
        BackupResult<RunSummary> summary = run->commit();
        QVERIFY(summary.ok());
        QCOMPARE(summary->changed, 20);
        QCOMPARE(store->statuses().size(), 20);
        if (haveGit()) {
            QCOMPARE(commitCount(dir.path()), 1);
            QCOMPARE(git(dir.path(), {"ls-files"}).split(u'\n', Qt::SkipEmptyParts).size(), 20);
        }
    }

    // --- file names ----------------------------------------------------------------------------------------

    void namesThatCollideAfterSanitisingStaySeparate() {
        QCOMPARE(DeviceRef::sanitise("core/1"), DeviceRef::sanitise("core:1"));
        QCOMPARE(DeviceRef::sanitise("../../etc/passwd"), QStringLiteral("etc_passwd"));
        QCOMPARE(DeviceRef::sanitise(""), QStringLiteral("device"));
        QCOMPARE(DeviceRef::sanitise("  "), QStringLiteral("device"));
        QVERIFY(DeviceRef::sanitise(QString(300, u'x')).size() <= 60);
        const DeviceRef slash{"core/1", ""};
        const DeviceRef colon{"core:1", ""};
        const DeviceRef sameNameOtherId{"core/1", "another-id"};
        QVERIFY(slash.fileName() != colon.fileName());
        QVERIFY(slash.fileName() != sameNameOtherId.fileName());
        QCOMPARE(slash.fileName(), (DeviceRef{"core/1", ""}.fileName())); // stable
        QVERIFY(slash.fileName().startsWith("core_1_") && slash.fileName().endsWith(".cfg"));
        QCOMPARE(DeviceRef::nameFromFileName(slash.fileName()), QStringLiteral("core_1"));

        QTemporaryDir dir;
        auto store = openStore(dir.path());
        QCOMPARE(store->save(slash, profile("cisco_ios"), iosOutput("slash")).status,
                 SaveResult::Status::Changed);
        QCOMPARE(store->save(colon, profile("cisco_ios"), iosOutput("colon")).status,
                 SaveResult::Status::Changed);
        QVERIFY(store->contentAt(slash, "HEAD")->contains("description slash"));
        QVERIFY(store->contentAt(colon, "HEAD")->contains("description colon"));
        QCOMPARE(store->history(slash)->size(), 1);
        QCOMPARE(store->statuses().size(), 2);
    }

    // --- folders -------------------------------------------------------------------------------------------

    void unusableFoldersAreRefused() {
        QTemporaryDir dir;
        const QString file = dir.filePath("a-file");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        BackupResult<std::shared_ptr<BackupStore>> onFile = BackupStore::open(file);
        QVERIFY(!onFile.ok());
        QCOMPARE(onFile.error().kind, BackupError::Kind::NotWritable);
        QVERIFY(onFile.error().message.contains("not a folder"));
        BackupResult<std::shared_ptr<BackupStore>> underFile = BackupStore::open(file + "/backups");
        QVERIFY(!underFile.ok());
        QCOMPARE(underFile.error().kind, BackupError::Kind::NotWritable);
        QVERIFY(underFile.error().message.contains("Cannot create"));
        QCOMPARE(BackupStore::open("").error().kind, BackupError::Kind::NotWritable);
#ifdef Q_OS_LINUX
        // Not even root may create files in /proc.
        BackupResult<std::shared_ptr<BackupStore>> proc = BackupStore::open("/proc");
        QVERIFY(!proc.ok());
        QCOMPARE(proc.error().kind, BackupError::Kind::NotWritable);
        QVERIFY(proc.error().message.contains("Cannot write in the backup folder /proc"));
#endif
#ifdef Q_OS_UNIX
        if (geteuid() != 0) {
            const QString readOnly = dir.filePath("read-only");
            QVERIFY(QDir().mkpath(readOnly));
            QFile::setPermissions(readOnly, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
            BackupResult<std::shared_ptr<BackupStore>> denied = BackupStore::open(readOnly);
            QFile::setPermissions(readOnly,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            QCOMPARE(denied.error().kind, BackupError::Kind::NotWritable);
        }
#endif
    }

    void someoneElsesRepositoryIsRefused() {
        if (!haveGit())
            QSKIP("needs the git command line to make a foreign repository");
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        QVERIFY(QFileInfo::exists(dir.filePath(".git")));
        BackupResult<std::shared_ptr<BackupStore>> store = BackupStore::open(dir.path());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, BackupError::Kind::ForeignRepository);
        QVERIFY(store.error().message.contains("did not create"));
        QVERIFY(!QFileInfo::exists(dir.filePath(".infrahub-backup"))); // nothing written into it
        // The inside of a repository is not a backup folder either.
        QTemporaryDir ours;
        QVERIFY(openStore(ours.path()));
        QCOMPARE(BackupStore::open(ours.filePath(".git")).error().kind, BackupError::Kind::ForeignRepository);
    }

    void otherFilesInTheFolderAreLeftAlone() {
        QTemporaryDir dir;
        QFile notes(dir.filePath("notes.txt"));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("mine\n");
        notes.close();
        auto store = openStore(dir.path());
        store->save(edge, profile("cisco_ios"), iosOutput());
        QCOMPARE(readFile(dir.filePath("notes.txt")), QByteArray("mine\n"));
        if (haveGit())
            QCOMPARE(git(dir.path(), {"ls-files"}).trimmed(), edge.fileName());
    }

    void corruptStateIsRebuiltFromHistory() {
        QTemporaryDir dir;
        QString commit;
        {
            auto store = openStore(dir.path());
            commit = store->save(edge, profile("cisco_ios"), iosOutput()).commitId;
            store->recordFailure(edge, "cisco_ios", "lost with the state");
        }
        const QString statePath = dir.filePath(".infrahub-backup/state.json");
        QFile state(statePath);
        QVERIFY(state.open(QIODevice::WriteOnly | QIODevice::Truncate));
        state.write("{ this is not json");
        state.close();

        auto store = openStore(dir.path());
        QVERIFY(store);
        QCOMPARE(store->warnings().size(), 1);
        QVERIFY(store->warnings().constFirst().contains("rebuilt from the git history"));
        const std::optional<DeviceStatus> status = store->status(edge);
        QVERIFY(status);
        QCOMPARE(status->lastCommit, commit);
        QCOMPARE(status->deviceName, QStringLiteral("atl1-edge1"));
        QVERIFY(status->lastSuccess.isValid());
        QVERIFY(!status->isFailing());
        QVERIFY(BackupState::load(statePath).ok()); // rewritten
        QCOMPARE(QDir(dir.filePath(".infrahub-backup")).entryList({"state.json.corrupt-*"}).size(), 1);
        // And it carries on.
        QCOMPARE(store->save(edge, profile("cisco_ios"), iosOutput("after the repair")).status,
                 SaveResult::Status::Changed);
        QCOMPARE(store->status(edge)->deviceId, edge.id);

        // A missing state file in our repository: rebuilt too.
        store.reset();
        QVERIFY(QFile::remove(statePath));
        auto again = openStore(dir.path());
        QVERIFY(again);
        QVERIFY(again->status(edge));
        QCOMPARE(again->history(edge)->size(), 2);
    }

    void lostHistoryStartsAgain() {
        QTemporaryDir dir;
        openStore(dir.path())->save(edge, profile("cisco_ios"), iosOutput());
        QVERIFY(QDir(dir.filePath(".git")).removeRecursively());
        auto store = openStore(dir.path());
        QVERIFY(store);
        QVERIFY2(store->warnings().size() == 1, qPrintable(store->warnings().join("|")));
        QVERIFY2(store->warnings().constFirst().contains("no git history"),
                 qPrintable(store->warnings().join("|")));
        QVERIFY(store->statuses().isEmpty()); // the old records point into a history that is gone
        QVERIFY(store->history(edge)->isEmpty());
        QCOMPARE(store->save(edge, profile("cisco_ios"), iosOutput()).status, SaveResult::Status::Changed);
        QCOMPARE(store->history(edge)->size(), 1);
    }

    void gitCommandLineReadsTheRepository() {
        if (!haveGit())
            QSKIP("git is not installed");
        QTemporaryDir dir;
        auto store = openStore(dir.path());
        store->save(edge, profile("cisco_ios"), iosOutput());
        store->saveMany({{edge, profile("cisco_ios"), iosOutput("changed"), {}}});
        const QStringList subjects = git(dir.path(), {"log", "--format=%s"}).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(subjects.size(), 2);
        QVERIFY(subjects.at(0).startsWith("backup run "));
        QVERIFY(subjects.at(0).endsWith(": 1 changed, 0 unchanged, 0 failed"));
        QCOMPARE(subjects.at(1), QStringLiteral("backup: atl1-edge1 (cisco_ios)"));
        QCOMPARE(git(dir.path(), {"log", "-1", "--format=%an <%ae>"}).trimmed(),
                 QStringLiteral("Infrahub Console <infrahub-console@localhost>"));
        QCOMPARE(git(dir.path(), {"rev-parse", "--abbrev-ref", "HEAD"}).trimmed(), QStringLiteral("main"));
        QCOMPARE(git(dir.path(), {"show", "HEAD:" + edge.fileName()}).toUtf8(),
                 readFile(dir.filePath(edge.fileName())));
        QVERIFY(git(dir.path(), {"log", "--oneline"}).contains("backup: atl1-edge1 (cisco_ios)"));
        QVERIFY(git(dir.path(), {"diff", "HEAD~1", "HEAD"}).contains("+ description changed"));
        // The store's own state is not something git reports as untracked.
        QCOMPARE(git(dir.path(), {"status", "--porcelain"}), QString());
        QCOMPARE(git(dir.path(), {"fsck", "--no-progress"}).trimmed(), QString());
    }
};

QTEST_GUILESS_MAIN(TestBackupStore)
#include "tst_backupstore.moc"
