// The backup History and Diff views (BackupHistoryPanel, ConfigDiffView) offscreen, on a real backup store
// in a temporary folder: three devices backed up in three runs (a Cisco IOS edge router changed in every
// run, a Junos border router, an EOS leaf whose last two fetches failed). Checked: the devices with their
// statuses and the failing one's reason, versions newest first, the default diff (newest against the one
// before) with its counts, unified rows that are the unified diff's lines, side-by-side rows that pair a
// changed line and mark added and removed ones, context lines, "changed since last backup", no
// differences, store errors as messages, a stored version's text, refresh after another run, records
// rebuilt from git, and the settings kept. INFRAHUB_GRAB_DIR=<dir> saves backup-history-unified.png and
// backup-history-sidebyside.png.
#include "backupchangesmodel.h"
#include "backupdevicesmodel.h"
#include "backuphistorypanel.h"
#include "backupversionsmodel.h"
#include "configdiffdelegate.h"
#include "configdiffview.h"
#include "configtextview.h"
#include "inlinechange.h"

#include "core/backup/backupstore.h"
#include "core/backup/platformtable.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using infrahub::BackupResult;
using infrahub::BackupRun;
using infrahub::BackupStore;
using infrahub::ConfigDiff;
using infrahub::DeviceRef;
using infrahub::PlatformProfile;
using infrahub::PlatformTable;
using Row = ConfigDiffModel::RowKind;

namespace {

PlatformProfile profile(const QString &name) {
    static const PlatformTable table = [] {
        BackupResult<PlatformTable> t = PlatformTable::builtIn();
        if (!t)
            qFatal("built-in platform table: %s", qPrintable(t.error().message));
        return t.value();
    }();
    const PlatformProfile *p = table.find(name);
    Q_ASSERT(p);
    return *p;
}

// The edge router's configuration in each of its versions. Version 3 changes a description (one changed
// line), adds a DHCP helper under it, adds a logging host near the top and drops an NTP server near the
// end: 3 lines added, 2 removed against version 2, in three hunks far enough apart for 3 lines of context
// and close enough to merge with 10.
struct EdgeConfig {
    QString description = QStringLiteral("users");
    bool ospfCost = false;    // version 2
    bool helper = false;      // version 3
    bool loggingHost = false; // version 3
    bool secondNtp = true;    // version 3 drops it
    QString extraVlan;        // version 4 (refresh)

    QString text() const {
        QString t = QStringLiteral("Building configuration...\n"
                                   "\n"
                                   "Current configuration : 2214 bytes\n"
                                   "!\n"
                                   "version 17.9\n"
                                   "service timestamps debug datetime msec\n"
                                   "service timestamps log datetime msec\n");
        if (loggingHost)
            t += QStringLiteral("logging host 192.0.2.60\n");
        t += QStringLiteral("service password-encryption\n"
                            "!\n"
                            "hostname atl1-edge1\n"
                            "!\n"
                            "boot-start-marker\n"
                            "boot-end-marker\n"
                            "!\n"
                            "vrf definition MGMT\n"
                            " address-family ipv4\n"
                            " exit-address-family\n"
                            "!\n"
                            "interface GigabitEthernet0/0\n"
                            " description uplink to atl1-core1\n"
                            " ip address 192.0.2.1 255.255.255.252\n");
        if (ospfCost)
            t += QStringLiteral(" ip ospf cost 10\n");
        t += QStringLiteral(" negotiation auto\n"
                            "!\n"
                            "interface GigabitEthernet0/1\n"
                            " description ") +
             description +
             QStringLiteral("\n"
                            " ip address 198.51.100.1 255.255.255.0\n");
        if (helper)
            t += QStringLiteral(" ip helper-address 192.0.2.10\n");
        t += QStringLiteral(" negotiation auto\n"
                            "!\n"
                            "interface GigabitEthernet0/2\n"
                            " description printers\n"
                            " switchport access vlan 20\n"
                            " shutdown\n"
                            "!\n");
        if (!extraVlan.isEmpty())
            t += QStringLiteral("vlan %1\n name guests\n!\n").arg(extraVlan);
        t += QStringLiteral("router ospf 1\n"
                            " router-id 192.0.2.1\n"
                            " network 192.0.2.0 0.0.0.3 area 0\n"
                            " network 198.51.100.0 0.0.0.255 area 0\n"
                            "!\n"
                            "ip route 0.0.0.0 0.0.0.0 192.0.2.2\n"
                            "ip ssh version 2\n"
                            "!\n"
                            "ntp server 192.0.2.123\n");
        if (secondNtp)
            t += QStringLiteral("ntp server 192.0.2.124\n");
        t += QStringLiteral("!\n"
                            "line con 0\n"
                            " exec-timeout 15 0\n"
                            "line vty 0 4\n"
                            " transport input ssh\n"
                            "!\n"
                            "end\n");
        return t;
    }
};

QString borderConfig(const QString &asPath) {
    return QStringLiteral("set version 22.4R3.25\n"
                          "set system host-name atl1-border1\n"
                          "set system services ssh\n"
                          "set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.2/30\n"
                          "set interfaces ge-0/0/1 unit 0 family inet address 198.51.100.254/24\n"
                          "set policy-options policy-statement EXPORT term 1 then as-path-prepend \"%1\"\n"
                          "set protocols bgp group transit neighbor 203.0.113.1 peer-as 64500\n")
        .arg(asPath);
}

const QString kLeafConfig = QStringLiteral("! Command: show running-config\n"
                                           "hostname atl1-leaf1\n"
                                           "!\n"
                                           "interface Ethernet1\n"
                                           "   description to-spine1\n"
                                           "   ip address 10.0.0.1/31\n"
                                           "!\n"
                                           "router bgp 65001\n"
                                           "   neighbor 10.0.0.0 remote-as 65000\n"
                                           "!\n"
                                           "end\n");

const DeviceRef kEdge{QStringLiteral("atl1-edge1"), QStringLiteral("17a3c5e2-0000-4000-8000-000000000001")};
const DeviceRef kBorder{QStringLiteral("atl1-border1"),
                        QStringLiteral("17a3c5e2-0000-4000-8000-000000000002")};
const DeviceRef kLeaf{QStringLiteral("atl1-leaf1"), QStringLiteral("17a3c5e2-0000-4000-8000-000000000003")};

// The devices' three runs; returns the edge router's commits, oldest first.
QStringList backUpThreeRuns(BackupStore &store) {
    QStringList edgeCommits;
    EdgeConfig edge;
    {
        std::unique_ptr<BackupRun> run = store.beginRun();
        run->save(kEdge, profile("cisco_ios"), edge.text());
        run->save(kBorder, profile("juniper_junos"), borderConfig("64510"));
        run->save(kLeaf, profile("arista_eos"), kLeafConfig);
        edgeCommits.append(run->commit()->commitId);
    }
    {
        edge.ospfCost = true;
        std::unique_ptr<BackupRun> run = store.beginRun();
        run->save(kEdge, profile("cisco_ios"), edge.text());
        run->save(kBorder, profile("juniper_junos"), borderConfig("64510 64510"));
        run->recordFailure(kLeaf, QStringLiteral("arista_eos"), QStringLiteral("connection refused"));
        edgeCommits.append(run->commit()->commitId);
    }
    {
        edge.description = QStringLiteral("users and printers");
        edge.helper = true;
        edge.loggingHost = true;
        edge.secondNtp = false;
        std::unique_ptr<BackupRun> run = store.beginRun();
        run->save(kEdge, profile("cisco_ios"), edge.text());
        run->save(kBorder, profile("juniper_junos"), borderConfig("64510 64510 64510"));
        run->recordFailure(kLeaf, QStringLiteral("arista_eos"),
                           QStringLiteral("authentication failed for user backup"));
        edgeCommits.append(run->commit()->commitId);
    }
    return edgeCommits;
}

// The text column of every row, one line each, as the unified diff has them after its "---"/"+++" lines.
QString unifiedRowsText(const ConfigDiffModel *model) {
    QString text;
    for (int row = 0; row < model->rowCount(); ++row)
        text += model->index(row, ConfigDiffModel::UnifiedTextColumn).data().toString() + u'\n';
    return text;
}

QString withoutFileHeader(const QString &unified) {
    QStringList lines = unified.split(u'\n');
    lines.remove(0, 2);
    return lines.join(u'\n');
}

// Every text column is wide enough for its longest line: no text is clipped (the view scrolls instead).
bool textFits(const ConfigDiffView *view) {
    const QFontMetrics metrics(view->table()->font());
    const ConfigDiffModel *model = view->model();
    const QList<int> columns =
        model->mode() == ConfigDiffModel::Mode::Unified
            ? QList<int>{ConfigDiffModel::UnifiedTextColumn}
            : QList<int>{ConfigDiffModel::OldTextColumn, ConfigDiffModel::NewTextColumn};
    for (const int column : columns)
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->isHeaderRow(row))
                continue; // spans the whole width
            const QString text = model->index(row, column).data().toString();
            const int needed = metrics.horizontalAdvance(text) + 2 * ConfigDiffDelegate::kPadding;
            if (needed > view->table()->columnWidth(column)) {
                qWarning() << "clipped:" << text << needed << view->table()->columnWidth(column);
                return false;
            }
        }
    return true;
}

int findRow(const ConfigDiffModel *model, Row kind, int column, const QString &text) {
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->rowKind(row) == kind && model->index(row, column).data().toString() == text)
            return row;
    return -1;
}

} // namespace

class TestBackupHistory : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<BackupStore> m_store;
    QStringList m_edgeCommits; // oldest first

    // Waits until the panel has shown every read it started.
    static bool settle(BackupHistoryPanel &panel) {
        QTest::qWait(0);
        return QTest::qWaitFor([&] { return !panel.isReading(); }, 10000);
    }

    // A panel on the shared store, shown, with the edge router selected and its default diff read.
    std::unique_ptr<BackupHistoryPanel> openPanel() {
        auto panel = std::make_unique<BackupHistoryPanel>();
        panel->resize(1400, 860);
        panel->setDiffMode(ConfigDiffView::Mode::Unified);
        panel->setContextLines(3);
        panel->show();
        panel->setStore(m_store);
        if (!settle(*panel))
            return nullptr;
        panel->selectDevice(kEdge.fileName());
        if (!settle(*panel))
            return nullptr;
        return panel;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleTests"));
        QSettings().remove(QStringLiteral("backupHistory"));
        QVERIFY(m_dir.isValid());
        BackupResult<std::shared_ptr<BackupStore>> store = BackupStore::open(m_dir.path());
        QVERIFY2(store.ok(), qPrintable(store ? QString() : store.error().message));
        m_store = store.value();
        m_edgeCommits = backUpThreeRuns(*m_store);
        QCOMPARE(m_edgeCommits.size(), 3);
        QCOMPARE(m_store->history(kEdge)->size(), 3);
    }

    // Each test starts from the default layout, whatever the previous one left in the settings.
    void init() { QSettings().remove(QStringLiteral("backupHistory")); }

    void listsTheDevicesWithTheirStatuses() {
        BackupHistoryPanel panel;
        panel.show();
        QSignalSpy finished(&panel, &BackupHistoryPanel::readsFinished);
        panel.setStore(m_store);
        QVERIFY(settle(panel));
        QTRY_VERIFY(!finished.isEmpty());
        QCOMPARE(panel.errorText(), QString());

        const BackupDevicesModel *devices = panel.devicesModel();
        QCOMPARE(devices->rowCount(), 3);
        const int edge = devices->rowOf(kEdge.fileName());
        const int border = devices->rowOf(kBorder.fileName());
        const int leaf = devices->rowOf(kLeaf.fileName());
        QVERIFY(edge >= 0 && border >= 0 && leaf >= 0);
        const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return devices->index(row, column).data(role);
        };
        QCOMPARE(cell(edge, BackupDevicesModel::DeviceColumn).toString(), QStringLiteral("atl1-edge1"));
        QCOMPARE(cell(edge, BackupDevicesModel::PlatformColumn).toString(), QStringLiteral("cisco_ios"));
        QCOMPARE(cell(border, BackupDevicesModel::PlatformColumn).toString(),
                 QStringLiteral("juniper_junos"));
        QVERIFY(!cell(edge, BackupDevicesModel::LastSuccessColumn).toString().isEmpty());
        QVERIFY(!cell(edge, BackupDevicesModel::LastChangeColumn).toString().isEmpty());
        QVERIFY(!cell(edge, BackupDevicesModel::SizeColumn).toString().isEmpty());
        QVERIFY(cell(edge, BackupDevicesModel::LastFailureColumn).toString().isEmpty());
        QVERIFY(!cell(edge, 0, BackupDevicesModel::FailingRole).toBool());

        // The leaf's last two fetches failed: marked, with the latest reason.
        QVERIFY(cell(leaf, 0, BackupDevicesModel::FailingRole).toBool());
        QCOMPARE(cell(leaf, BackupDevicesModel::FailureReasonColumn).toString(),
                 QStringLiteral("authentication failed for user backup"));
        QVERIFY(!cell(leaf, BackupDevicesModel::LastFailureColumn).toString().isEmpty());
        QVERIFY(!cell(leaf, BackupDevicesModel::DeviceColumn, Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(cell(edge, BackupDevicesModel::DeviceColumn, Qt::DecorationRole).isNull());
        QVERIFY(
            cell(leaf, BackupDevicesModel::DeviceColumn, Qt::ToolTipRole).toString().contains("2 attempts"));
        QCOMPARE(devices->failingCount(), 1);

        // Listed by name; the filter box narrows the list to matching names, platforms or reasons.
        const QAbstractItemModel *shown = panel.devicesView()->model();
        QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("atl1-border1"));
        panel.deviceFilter()->setText(QStringLiteral("authentication"));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("atl1-leaf1"));
        panel.deviceFilter()->setText(QStringLiteral("juniper"));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("atl1-border1"));
        panel.deviceFilter()->clear();
        QCOMPARE(shown->rowCount(), 3);
    }

    void selectingADeviceListsItsVersionsNewestFirst() {
        auto panel = openPanel();
        QVERIFY(panel);
        QCOMPARE(panel->currentDevice(), kEdge.fileName());
        const BackupVersionsModel *versions = panel->versionsModel();
        QCOMPARE(versions->rowCount(), 3);
        for (int row = 0; row < 3; ++row) {
            const QString commit = m_edgeCommits.at(2 - row);
            QCOMPARE(versions->index(row, 0).data(BackupVersionsModel::CommitIdRole).toString(), commit);
            QCOMPARE(versions->index(row, BackupVersionsModel::CommitColumn).data().toString(),
                     commit.left(7));
            QVERIFY(versions->index(row, BackupVersionsModel::MessageColumn)
                        .data()
                        .toString()
                        .startsWith("backup run"));
            QVERIFY(!versions->index(row, BackupVersionsModel::TimeColumn).data().toString().isEmpty());
        }
        QVERIFY(panel->versionsMessage().isEmpty());

        // A filter that hides every device keeps the shown one's versions and diff.
        panel->deviceFilter()->setText(QStringLiteral("no-such-device"));
        QVERIFY(settle(*panel));
        QCOMPARE(panel->devicesView()->model()->rowCount(), 0);
        QCOMPARE(panel->currentDevice(), kEdge.fileName());
        QCOMPARE(panel->versionsModel()->rowCount(), 3);
        QVERIFY(panel->diffView()->hasDiff());
        QVERIFY(!panel->selectDevice(kEdge.fileName())); // hidden
        panel->deviceFilter()->clear();
        QVERIFY(panel->selectDevice(kEdge.fileName()));
        QVERIFY(settle(*panel));
        QCOMPARE(panel->versionsModel()->rowCount(), 3);

        // The leaf has its first copy only: one version, compared with nothing (everything added).
        QVERIFY(panel->selectDevice(kLeaf.fileName()));
        QVERIFY(settle(*panel));
        QCOMPARE(panel->versionsModel()->rowCount(), 1);
        QCOMPARE(panel->comparedFrom(), QString());
        QVERIFY(!panel->diffView()->diff().oldExists);
        QCOMPARE(panel->diffView()->diff().removedLines(), 0);
        QCOMPARE(panel->diffView()->diff().addedLines(),
                 int(m_store->contentAt(kLeaf, m_edgeCommits.at(0))->count(u'\n')));
        QVERIFY(panel->diffView()->headerText().contains("(none → "));
    }

    void theDefaultDiffIsTheNewestAgainstThePrevious() {
        auto panel = openPanel();
        QVERIFY(panel);
        QCOMPARE(panel->comparedTo(), m_edgeCommits.at(2));
        QCOMPARE(panel->comparedFrom(), m_edgeCommits.at(1));
        const ConfigDiffView *view = panel->diffView();
        QVERIFY(view->hasDiff());
        QCOMPARE(view->diff().addedLines(), 3);
        QCOMPARE(view->diff().removedLines(), 2);
        QCOMPARE(view->headerText(), QStringLiteral("atl1-edge1: 3 lines added, 2 removed (%1 → %2)")
                                         .arg(m_edgeCommits.at(1).left(7), m_edgeCommits.at(2).left(7)));
        QCOMPARE(panel->errorText(), QString());

        // Two selected rows: the older against the newer.
        QTableView *table = panel->versionsView();
        table->selectionModel()->select(
            QItemSelection(table->model()->index(0, 0), table->model()->index(0, 3)),
            QItemSelectionModel::ClearAndSelect);
        table->selectionModel()->select(
            QItemSelection(table->model()->index(2, 0), table->model()->index(2, 3)),
            QItemSelectionModel::Select);
        QVERIFY(settle(*panel));
        QCOMPARE(panel->comparedFrom(), m_edgeCommits.at(0));
        QCOMPARE(panel->comparedTo(), m_edgeCommits.at(2));
        QCOMPARE(view->diff().addedLines(), 4); // the OSPF cost too
        QCOMPARE(view->diff().removedLines(), 2);
    }

    void unifiedRowsAreTheUnifiedDiff() {
        auto panel = openPanel();
        QVERIFY(panel);
        ConfigDiffView *view = panel->diffView();
        const ConfigDiffModel *model = view->model();
        QCOMPARE(view->mode(), ConfigDiffView::Mode::Unified);
        QCOMPARE(model->columnCount(), int(ConfigDiffModel::UnifiedColumnCount));
        const ConfigDiff expected = m_store->diff(kEdge, m_edgeCommits.at(1), m_edgeCommits.at(2)).value();
        QCOMPARE(expected.hunks.size(), 3);
        QCOMPARE(unifiedRowsText(model), withoutFileHeader(expected.toUnifiedText()));
        QCOMPARE(view->patchText(), expected.toUnifiedText());
        QVERIFY(textFits(view));

        // Hunk headers name the section; removed lines have only an old number, added ones only a new one.
        QVERIFY(model->isHeaderRow(0));
        QVERIFY(model->index(0, 0).data().toString().startsWith("@@ -"));
        QCOMPARE(panel->diffView()->table()->columnSpan(0, 0), int(ConfigDiffModel::UnifiedColumnCount));
        const int removed = findRow(model, Row::Removed, ConfigDiffModel::UnifiedTextColumn,
                                    QStringLiteral("- description users"));
        QVERIFY(removed > 0);
        QVERIFY(!model->index(removed, ConfigDiffModel::UnifiedOldLineColumn).data().toString().isEmpty());
        QVERIFY(model->index(removed, ConfigDiffModel::UnifiedNewLineColumn).data().toString().isEmpty());
        const int added = findRow(model, Row::Added, ConfigDiffModel::UnifiedTextColumn,
                                  QStringLiteral("+ description users and printers"));
        QCOMPARE(added, removed + 1);
        QVERIFY(model->index(added, ConfigDiffModel::UnifiedOldLineColumn).data().toString().isEmpty());
        QCOMPARE(model->index(added, ConfigDiffModel::UnifiedNewLineColumn).data().toString().toInt(),
                 model->index(removed, ConfigDiffModel::UnifiedOldLineColumn).data().toString().toInt() + 1);
        QVERIFY(findRow(model, Row::Removed, ConfigDiffModel::UnifiedTextColumn,
                        QStringLiteral("-ntp server 192.0.2.124")) > 0);

        // Ctrl+C copies the selected rows as patch lines; everything selected is the diff's body.
        QTableView *table = view->table();
        panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(panel.get()));
        table->setFocus();
        table->selectAll();
        QCOMPARE(view->selectedText(), withoutFileHeader(expected.toUnifiedText()));
        QApplication::clipboard()->clear();
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), withoutFileHeader(expected.toUnifiedText()));
        table->clearSelection();
        table->selectRow(added);
        QCOMPARE(view->selectedText(), QStringLiteral("+ description users and printers\n"));
        view->copyPatchAction()->trigger();
        QCOMPARE(QApplication::clipboard()->text(), expected.toUnifiedText());
    }

    void sideBySidePairsChangedLines() {
        auto panel = openPanel();
        QVERIFY(panel);
        panel->setDiffMode(ConfigDiffView::Mode::SideBySide);
        ConfigDiffView *view = panel->diffView();
        QCOMPARE(view->mode(), ConfigDiffView::Mode::SideBySide);
        QCOMPARE(panel->changesDiffView()->mode(), ConfigDiffView::Mode::SideBySide);
        const ConfigDiffModel *model = view->model();
        QCOMPARE(model->columnCount(), int(ConfigDiffModel::SideBySideColumnCount));
        QVERIFY(view->table()->horizontalHeader()->isVisibleTo(view));

        // The description: one row, old text left, new text right, the added words emphasised.
        const int changed = findRow(model, Row::Changed, ConfigDiffModel::OldTextColumn,
                                    QStringLiteral(" description users"));
        QVERIFY(changed > 0);
        const auto at = [&](int row, int column, int role = Qt::DisplayRole) {
            return model->index(row, column).data(role);
        };
        QCOMPARE(at(changed, ConfigDiffModel::NewTextColumn).toString(),
                 QStringLiteral(" description users and printers"));
        QCOMPARE(at(changed, ConfigDiffModel::OldLineColumn).toString().toInt() + 1,
                 at(changed, ConfigDiffModel::NewLineColumn).toString().toInt()); // the logging host moved it
        const QPoint emphasis =
            at(changed, ConfigDiffModel::NewTextColumn, ConfigDiffModel::InlineChangeRole).toPoint();
        QCOMPARE(at(changed, ConfigDiffModel::NewTextColumn).toString().mid(emphasis.x(), emphasis.y()),
                 QStringLiteral(" and printers"));
        QCOMPARE(at(changed, ConfigDiffModel::OldTextColumn, ConfigDiffModel::InlineChangeRole).toPoint().y(),
                 0);

        // Added lines stand alone on the right, removed ones on the left; the other side is blank.
        const int helper = findRow(model, Row::Added, ConfigDiffModel::NewTextColumn,
                                   QStringLiteral(" ip helper-address 192.0.2.10"));
        QVERIFY(helper > changed);
        QVERIFY(at(helper, ConfigDiffModel::OldTextColumn, ConfigDiffModel::IsEmptySideRole).toBool());
        QVERIFY(at(helper, ConfigDiffModel::OldLineColumn).toString().isEmpty());
        QVERIFY(!at(helper, ConfigDiffModel::NewTextColumn, ConfigDiffModel::IsEmptySideRole).toBool());
        const int ntp = findRow(model, Row::Removed, ConfigDiffModel::OldTextColumn,
                                QStringLiteral("ntp server 192.0.2.124"));
        QVERIFY(ntp > helper);
        QVERIFY(at(ntp, ConfigDiffModel::NewTextColumn, ConfigDiffModel::IsEmptySideRole).toBool());
        QVERIFY(at(ntp, ConfigDiffModel::NewTextColumn).toString().isEmpty());
        QVERIFY(findRow(model, Row::Added, ConfigDiffModel::NewTextColumn,
                        QStringLiteral("logging host 192.0.2.60")) >= 0);
        // Unchanged lines are the same on both sides.
        const int context = findRow(model, Row::Context, ConfigDiffModel::OldTextColumn,
                                    QStringLiteral(" ip address 198.51.100.1 255.255.255.0"));
        QVERIFY(context > 0);
        QCOMPARE(at(context, ConfigDiffModel::NewTextColumn).toString(),
                 at(context, ConfigDiffModel::OldTextColumn).toString());
        QCOMPARE(model->headerData(ConfigDiffModel::NewTextColumn, Qt::Horizontal).toString(),
                 QStringLiteral("After · %1").arg(m_edgeCommits.at(2).left(7)));
        // Both versions get room.
        QVERIFY(view->table()->columnWidth(ConfigDiffModel::OldTextColumn) > 200);
        QVERIFY(view->table()->columnWidth(ConfigDiffModel::NewTextColumn) > 200);

        QVERIFY(textFits(view));

        // Copied, side-by-side rows read as the unified diff does.
        view->table()->selectAll();
        QCOMPARE(view->selectedText(), withoutFileHeader(view->diff().toUnifiedText()));

        // And back: the unified rows again.
        panel->setDiffMode(ConfigDiffView::Mode::Unified);
        QCOMPARE(unifiedRowsText(view->model()), withoutFileHeader(view->diff().toUnifiedText()));
    }

    void contextLinesChangeTheRows() {
        auto panel = openPanel();
        QVERIFY(panel);
        const ConfigDiffModel *model = panel->diffView()->model();
        const int rowsWithThree = model->rowCount();
        QCOMPARE(panel->diffView()->diff().hunks.size(), 3);

        panel->setContextLines(10);
        QVERIFY(settle(*panel));
        QCOMPARE(panel->contextLines(), 10);
        QVERIFY(panel->diffView()->diff().hunks.size() < 3);
        QVERIFY2(model->rowCount() > rowsWithThree, qPrintable(QString::number(model->rowCount())));
        const ConfigDiff expected =
            m_store->diff(kEdge, m_edgeCommits.at(1), m_edgeCommits.at(2), 10).value();
        QCOMPARE(unifiedRowsText(model), withoutFileHeader(expected.toUnifiedText()));

        // The whole file: one hunk, every line of the newer version plus the removed ones and a header.
        panel->setContextLines(BackupHistoryPanel::kWholeFile);
        QVERIFY(settle(*panel));
        QCOMPARE(panel->diffView()->diff().hunks.size(), 1);
        const int newLines = int(m_store->contentAt(kEdge, m_edgeCommits.at(2))->count(u'\n'));
        QCOMPARE(model->rowCount(), 1 + newLines + 2);

        panel->setContextLines(3);
        QVERIFY(settle(*panel));
        QCOMPARE(model->rowCount(), rowsWithThree);
    }

    void changedSinceLastBackupListsTheLastRunsChanges() {
        auto panel = openPanel();
        QVERIFY(panel);
        panel->showPage(BackupHistoryPanel::Page::ChangedSinceLastRun);
        QVERIFY(settle(*panel));
        const BackupChangesModel *changes = panel->changesModel();
        // The third run changed the edge and the border router; the leaf failed and kept its copy.
        QCOMPARE(changes->rowCount(), 2);
        QStringList files;
        for (const auto &change : changes->changes())
            files.append(change.fileName);
        files.sort();
        QStringList expected{kEdge.fileName(), kBorder.fileName()};
        expected.sort();
        QCOMPARE(files, expected);
        const int edge = changes->rowOf(kEdge.fileName());
        QCOMPARE(changes->index(edge, BackupChangesModel::DeviceColumn).data().toString(),
                 QStringLiteral("atl1-edge1"));
        QCOMPARE(changes->index(edge, BackupChangesModel::KindColumn).data().toString(),
                 QStringLiteral("changed"));
        QCOMPARE(changes->index(edge, BackupChangesModel::AddedColumn).data().toString(),
                 QStringLiteral("+3"));
        QCOMPARE(changes->index(edge, BackupChangesModel::RemovedColumn).data().toString(),
                 QStringLiteral("−2"));
        QVERIFY(panel->changesSummary().contains(QStringLiteral("2 devices changed")));

        // Selecting a device shows its diff.
        const int border = changes->rowOf(kBorder.fileName());
        panel->changesView()->selectRow(border);
        ConfigDiffView *view = panel->changesDiffView();
        QVERIFY(view->headerText().startsWith(QStringLiteral("atl1-border1: 1 line added, 1 removed")));
        QVERIFY(view->patchText().contains(
            "+set policy-options policy-statement EXPORT term 1 then as-path-prepend "
            "\"64510 64510 64510\"\n"));
        panel->changesView()->selectRow(edge);
        QVERIFY(view->headerText().startsWith(QStringLiteral("atl1-edge1: 3 lines added, 2 removed")));
    }

    void anEmptyDiffSaysSo() {
        auto panel = openPanel();
        QVERIFY(panel);
        panel->compareVersions(m_edgeCommits.at(2), m_edgeCommits.at(2));
        QVERIFY(settle(*panel));
        ConfigDiffView *view = panel->diffView();
        QVERIFY(view->isShowingMessage());
        QCOMPARE(view->messageText(), QStringLiteral("No differences"));
        QVERIFY(view->headerText().contains(QStringLiteral("no differences")));
        QCOMPARE(view->model()->rowCount(), 0);
        QVERIFY(!view->copyPatchAction()->isEnabled());
        QCOMPARE(panel->errorText(), QString());
    }

    void aStoreErrorIsShownAsAMessage() {
        auto panel = openPanel();
        QVERIFY(panel);
        QSignalSpy errors(panel.get(), &BackupHistoryPanel::errorOccurred);
        const QString missing = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        panel->compareVersions(missing, m_edgeCommits.at(2));
        QVERIFY(settle(*panel));
        const BackupResult<ConfigDiff> expected = m_store->diff(kEdge, missing, m_edgeCommits.at(2));
        QVERIFY(!expected.ok());
        QVERIFY2(panel->errorText().contains(expected.error().message), qPrintable(panel->errorText()));
        QVERIFY(panel->errorText().contains(missing.left(7)));
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("backupError"))->isVisible());
        QVERIFY(panel->diffView()->isShowingMessage());
        QVERIFY(panel->diffView()->messageText().contains(expected.error().message));
        QCOMPARE(errors.size(), 1);

        // A version that is not there either.
        panel->viewVersion(missing);
        QVERIFY(settle(*panel));
        QVERIFY(panel->versionTitle().contains(QStringLiteral("could not be read")));

        // The next good read clears the message.
        panel->compareVersions(m_edgeCommits.at(1), m_edgeCommits.at(2));
        panel->viewVersion(m_edgeCommits.at(2));
        QVERIFY(settle(*panel));
        QCOMPARE(panel->errorText(), QString());
        QVERIFY(!panel->findChild<QLabel *>(QStringLiteral("backupError"))->isVisible());
        QVERIFY(panel->diffView()->hasDiff());
    }

    void viewThisVersionShowsTheStoredText() {
        auto panel = openPanel();
        QVERIFY(panel);
        // One selected version enables the button.
        auto *button = panel->findChild<QPushButton *>(QStringLiteral("viewVersion"));
        QVERIFY(button && button->isEnabled());
        QTableView *table = panel->versionsView();
        // (Through the selection model: QTableView::selectRow() follows the keyboard's modifiers, which an
        // earlier Ctrl+C may have left behind in QGuiApplication.)
        table->selectionModel()->select(table->model()->index(2, 0),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(settle(*panel));
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(settle(*panel));
        QCOMPARE(panel->viewedVersion(), m_edgeCommits.at(0));
        QCOMPARE(panel->versionTextView()->toPlainText() + u'\n',
                 m_store->contentAt(kEdge, m_edgeCommits.at(0)).value());
        QVERIFY(panel->versionTextView()->isReadOnly());
        QVERIFY(panel->versionTextView()->isVisible());
        QVERIFY(panel->versionTitle().startsWith(
            QStringLiteral("atl1-edge1 at %1").arg(m_edgeCommits.at(0).left(7))));
        QVERIFY(panel->versionTextView()->gutterWidth() > 0);
    }

    void refreshShowsTheNextRun() {
        QTemporaryDir dir;
        auto store = BackupStore::open(dir.path());
        QVERIFY(store.ok());
        const QStringList commits = backUpThreeRuns(*store.value());
        BackupHistoryPanel panel;
        panel.show();
        panel.setStore(store.value());
        QVERIFY(settle(panel));
        QVERIFY(panel.selectDevice(kEdge.fileName()));
        QVERIFY(settle(panel));
        panel.showPage(BackupHistoryPanel::Page::ChangedSinceLastRun);
        QVERIFY(settle(panel));
        QCOMPARE(panel.changesModel()->rowCount(), 2);

        // A fourth run changes only the edge router; the leaf is back.
        EdgeConfig edge;
        edge.ospfCost = edge.helper = edge.loggingHost = true;
        edge.secondNtp = false;
        edge.description = QStringLiteral("users and printers");
        edge.extraVlan = QStringLiteral("30");
        {
            std::unique_ptr<BackupRun> run = store.value()->beginRun();
            run->save(kEdge, profile("cisco_ios"), edge.text());
            run->save(kLeaf, profile("arista_eos"), kLeafConfig);
            QVERIFY(run->commit().ok());
        }
        panel.refresh();
        QVERIFY(settle(panel));
        QCOMPARE(panel.currentDevice(), kEdge.fileName());
        QCOMPARE(panel.versionsModel()->rowCount(), 4);
        QCOMPARE(panel.comparedTo(), commits.at(2)); // the versions that were selected stay selected
        QVERIFY(!panel.devicesModel()
                     ->index(panel.devicesModel()->rowOf(kLeaf.fileName()), 0)
                     .data(BackupDevicesModel::FailingRole)
                     .toBool());
        QCOMPARE(panel.changesModel()->rowCount(), 1);
        QCOMPARE(panel.changesModel()->changes().constFirst().fileName, kEdge.fileName());
        QCOMPARE(panel.changesDiffView()->diff().addedLines(), 3);
    }

    void recordsRebuiltFromGitStillShowVersions() {
        QTemporaryDir dir;
        {
            auto store = BackupStore::open(dir.path());
            QVERIFY(store.ok());
            backUpThreeRuns(*store.value());
        }
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral(".infrahub-backup/state.json"))));
        auto store = BackupStore::open(dir.path());
        QVERIFY(store.ok());
        BackupHistoryPanel panel;
        panel.show();
        panel.setStore(store.value());
        QVERIFY(settle(panel));
        QCOMPARE(panel.devicesModel()->rowCount(), 3);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("backupWarning"))->isVisible());
        // The records know the file, not the Infrahub id: the versions and diffs are read by the file.
        QVERIFY(panel.selectDevice(kEdge.fileName()));
        QVERIFY(settle(panel));
        QVERIFY2(panel.versionsModel()->rowCount() >= 2, qPrintable(panel.versionsMessage()));
        QVERIFY(!panel.diffView()->isShowingMessage());
        QVERIFY(panel.diffView()->hasDiff());
    }

    void settingsAreKept() {
        QList<int> sizes;
        {
            BackupHistoryPanel panel;
            panel.resize(1400, 860);
            panel.show();
            panel.setDiffMode(ConfigDiffView::Mode::SideBySide);
            panel.setContextLines(10);
            auto *splitter = panel.findChild<QSplitter *>(QStringLiteral("historySplitter"));
            splitter->setSizes({500, 250, 600});
            sizes = splitter->sizes();
        }
        BackupHistoryPanel again;
        again.resize(1400, 860);
        again.show();
        QCOMPARE(again.diffMode(), ConfigDiffView::Mode::SideBySide);
        QCOMPARE(again.contextLines(), 10);
        QTRY_COMPARE(again.findChild<QSplitter *>(QStringLiteral("historySplitter"))->sizes(), sizes);
        QSettings().remove(QStringLiteral("backupHistory"));
    }

    void inlineChangeFindsTheChangedMiddle() {
        const InlineChange words = InlineChange::between(QStringLiteral(" description users"),
                                                         QStringLiteral(" description users and printers"));
        QCOMPARE(words.oldStart, 18);
        QCOMPARE(words.oldLength, 0);
        QCOMPARE(words.newStart, 18);
        QCOMPARE(words.newLength, 13);
        const InlineChange middle = InlineChange::between(QStringLiteral("ip address 10.0.0.1/31"),
                                                          QStringLiteral("ip address 10.0.9.1/31"));
        QCOMPARE(middle.oldStart, 16);
        QCOMPARE(middle.oldLength, 1);
        QCOMPARE(middle.newLength, 1);
        // A repeated character is not counted twice (prefix and suffix may not overlap).
        const InlineChange repeated = InlineChange::between(QStringLiteral("aa"), QStringLiteral("aaa"));
        QCOMPARE(repeated.oldStart, 2);
        QCOMPARE(repeated.oldLength, 0);
        QCOMPARE(repeated.newLength, 1);
        const InlineChange all =
            InlineChange::between(QStringLiteral("shutdown"), QStringLiteral("no shutdown"));
        QCOMPARE(all.newStart, 0);
        QCOMPARE(all.newLength, 3);
    }

    // Whole-file diffs of large configurations are rows in a model, not widgets: tens of thousands of lines
    // (and thousands of hunk headers) are laid out without measuring every row.
    void largeDiffsAreShownQuickly() {
        ConfigDiff diff;
        diff.oldName = diff.newName = kEdge.fileName();
        diff.oldCommit = QStringLiteral("1111111111111111111111111111111111111111");
        diff.newCommit = QStringLiteral("2222222222222222222222222222222222222222");
        // 4,000 hunks of 3 context lines, a removed, an added and 3 context lines: 32,000 lines.
        int line = 1;
        for (int h = 0; h < 4000; ++h) {
            infrahub::DiffHunk hunk;
            hunk.oldStart = hunk.newStart = line;
            hunk.oldCount = hunk.newCount = 7;
            hunk.section = QStringLiteral("interface Ethernet%1").arg(h);
            for (int i = 0; i < 7; ++i) {
                const QString text = QStringLiteral(" description port %1 line %2").arg(h).arg(i);
                if (i == 3) {
                    hunk.lines.append({infrahub::DiffLine::Kind::Removed, line + i, -1, text});
                    hunk.lines.append(
                        {infrahub::DiffLine::Kind::Added, -1, line + i, text + QStringLiteral(" new")});
                } else {
                    hunk.lines.append({infrahub::DiffLine::Kind::Context, line + i, line + i, text});
                }
            }
            line += 20;
            diff.hunks.append(hunk);
        }
        ConfigDiffView view;
        view.resize(1200, 800);
        view.show();
        QElapsedTimer timer;
        timer.start();
        view.setDiff(diff, QStringLiteral("big"));
        QCoreApplication::processEvents();
        const qint64 unifiedMs = timer.restart();
        view.setMode(ConfigDiffView::Mode::SideBySide);
        QCoreApplication::processEvents();
        const qint64 sideMs = timer.restart();
        view.table()->scrollToBottom();
        QCoreApplication::processEvents();
        const qint64 scrollMs = timer.elapsed();
        qInfo("32,000 lines, 4,000 hunks: unified %lld ms, side by side %lld ms, scroll to the end %lld ms",
              unifiedMs, sideMs, scrollMs);
        QCOMPARE(view.model()->rowCount(), 4000 * 7 + 4000); // a changed pair is one row, plus the headers
        QCOMPARE(view.headerText(),
                 QStringLiteral("big: 4000 lines added, 4000 removed (1111111 → 2222222)"));
        QCOMPARE(view.table()->columnSpan(view.model()->rowCount() - 8, 0),
                 int(ConfigDiffModel::SideBySideColumnCount));
        // Far from the budget of a frame per action, but a row-by-row layout would take many seconds.
        QVERIFY2(unifiedMs + sideMs + scrollMs < 5000,
                 qPrintable(QString::number(unifiedMs + sideMs + scrollMs)));
    }

    // For people checking the look (not an assertion): both layouts of the default diff.
    void screenshots() {
        const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR");
        if (dir.isEmpty())
            QSKIP("INFRAHUB_GRAB_DIR is not set");
        auto panel = openPanel();
        QVERIFY(panel);
        panel->setContextLines(10);
        QVERIFY(settle(*panel));
        QTest::qWait(50);
        QVERIFY(panel->grab().save(QDir(dir).filePath(QStringLiteral("backup-history-unified.png"))));
        panel->setDiffMode(ConfigDiffView::Mode::SideBySide);
        QTest::qWait(50);
        QVERIFY(panel->grab().save(QDir(dir).filePath(QStringLiteral("backup-history-sidebyside.png"))));
        panel->showPage(BackupHistoryPanel::Page::ChangedSinceLastRun);
        QVERIFY(settle(*panel));
        QTest::qWait(50);
        QVERIFY(panel->grab().save(QDir(dir).filePath(QStringLiteral("backup-history-changes.png"))));
        panel->showPage(BackupHistoryPanel::Page::History);
        panel->viewVersion(m_edgeCommits.at(2));
        QVERIFY(settle(*panel));
        QTest::qWait(50);
        QVERIFY(panel->grab().save(QDir(dir).filePath(QStringLiteral("backup-history-version.png"))));
        QSettings().remove(QStringLiteral("backupHistory"));
    }
};

QTEST_MAIN(TestBackupHistory)
#include "tst_backuphistory.moc"
