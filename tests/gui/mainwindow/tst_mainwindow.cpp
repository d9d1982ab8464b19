// Drives the real main window (offscreen) against the in-process demo sandbox: connect, version and
// kinds shown, live object counts per kind, a clear error for an unreachable server, and the connect
// dialog refusing a bad address.
#include "backupchangesmodel.h"
#include "backuphistorypanel.h"
#include "backupresultsmodel.h"
#include "backupsettingsdialog.h"
#include "backupwindow.h"
#include "confirmbatchdialog.h"
#include "connectdialog.h"
#include "consolesession.h"
#include "createvlansdialog.h"
#include "csvimportdialog.h"
#include "filterbar.h"
#include "jobspanel.h"
#include "latencychart.h"
#include "mainwindow.h"
#include "nodeeditor.h"
#include "quickfinddialog.h"
#include "reconciledialog.h"
#include "relatedobjectspane.h"
#include "relatepeersdialog.h"
#include "relationshippicker.h"
#include "setattributedialog.h"
#include "sweepwindow.h"

#include "core/views/nodetablemodel.h"
#include "core/views/savedview.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCoroTask>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QWidgetAction>

#include <numeric>

namespace {

// The main window connected to the demo sandbox, as most cases start: open() waits until the first kind's
// objects are counted.
struct DemoWindow {
    ConsoleSession session;
    MainWindow window{&session};
    QSignalSpy counted{&window, &MainWindow::kindCountLoaded};

    bool open() {
        window.show();
        session.connectToDemo();
        return QTest::qWaitFor([&] { return session.state() == ConsoleSession::State::Connected; }, 15000) &&
               QTest::qWaitFor([&] { return !counted.isEmpty(); }, 10000);
    }
    // Shows `kind` and waits for its objects.
    bool showKind(const QString &kind) {
        counted.clear();
        return window.selectKind(kind) && QTest::qWaitFor([&] { return !counted.isEmpty(); }, 10000);
    }
};

// Answers as its table says (up, else down): which hosts answer is part of the test, and no packet is sent.
class ScriptedProber : public infrahub::Prober {
public:
    QSet<QString> up;
    QString description() const override { return QStringLiteral("scripted prober"); }
    QCoro::Task<infrahub::ProbeResult> probe(QHostAddress host, infrahub::ProbeOptions,
                                             infrahub::CancellationToken) override {
        infrahub::ProbeResult r;
        r.method = QStringLiteral("scripted");
        r.state = up.contains(host.toString()) ? infrahub::ProbeResult::State::Up
                                               : infrahub::ProbeResult::State::Down;
        r.latencyMs = r.state == infrahub::ProbeResult::State::Up ? 0.3 + host.toIPv4Address() % 7 : -1;
        co_return r;
    }
};

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Keep the developer's real settings out of the test.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleTests"));
    }

    void connectsToDemoAndShowsKinds() {
        ConsoleSession session;
        MainWindow window(&session);
        window.show();
        QSignalSpy counted(&window, &MainWindow::kindCountLoaded);
        session.connectToDemo();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QVERIFY(session.isDemo());
        QVERIFY2(window.statusText().contains(QStringLiteral("Infrahub 1.2.0")),
                 qPrintable(window.statusText()));
        QVERIFY(window.statusText().contains(QStringLiteral("demo sandbox")));
        // Every toolbar action has its icon, drawn from SVG (the icon engine is there).
        const QList<QToolBar *> bars = window.findChildren<QToolBar *>();
        QVERIFY(bars.size() >= 2);
        for (QToolBar *bar : bars)
            for (QAction *action : bar->actions())
                if (!action->isSeparator() && !qobject_cast<QWidgetAction *>(action))
                    QVERIFY2(!action->icon().pixmap(24, 24).isNull(), qPrintable(action->text()));
        QVERIFY(!window.windowIcon().pixmap(64, 64).isNull());
        QVERIFY2(!window.statusText().contains(QStringLiteral("/ ")), qPrintable(window.statusText()));
        QVERIFY(window.visibleKindCount() > 40);
        // The kinds engineers open most come first, then every namespace of the schema.
        const QAbstractItemModel *kinds = window.findChild<QTreeView *>(QStringLiteral("navigator"))->model();
        const QModelIndex inventory = kinds->index(0, 0);
        QCOMPARE(inventory.data().toString(), QStringLiteral("Inventory"));
        QStringList first;
        for (int r = 0; r < kinds->rowCount(inventory); ++r)
            first.append(kinds->index(r, 1, inventory).data().toString());
        QCOMPARE(first, (QStringList{QStringLiteral("LocationSite"), QStringLiteral("InfraDevice"),
                                     QStringLiteral("InfraVLAN"), QStringLiteral("IpamIPPrefix"),
                                     QStringLiteral("IpamIPAddress")}));
        // The device kind is shown first, with its live count from the server.
        QCOMPARE(window.currentKind(), QStringLiteral("InfraDevice"));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QVERIFY2(window.countText().startsWith(QStringLiteral("40 object")), qPrintable(window.countText()));
        // ... and its objects in the table, with schema columns.
        infrahub::NodeTableModel *objects = window.objectModel();
        QCOMPARE(objects->rowCount(), 40);
        QTableView *table = window.findChild<QTableView *>();
        QVERIFY(table && table->isVisible());
        QCOMPARE(table->model()->rowCount(), 40);
        const int site = objects->columnOf(QStringLiteral("site"));
        QVERIFY(site > 0);
        QCOMPARE(table->model()->headerData(site, Qt::Horizontal).toString(), QStringLiteral("Site"));

        // Export writes exactly what is shown: visible columns in their order, the rows as sorted.
        const int description = objects->columnOf(QStringLiteral("description"));
        table->horizontalHeader()->setSectionHidden(description, true);
        table->sortByColumn(objects->columnOf(QStringLiteral("name")), Qt::DescendingOrder);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(window.exportShownRows(dir.filePath(QStringLiteral("devices.csv")), &error),
                 qPrintable(error));
        QFile csv(dir.filePath(QStringLiteral("devices.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.size(), 42); // header, 40 rows, the empty rest after the last CRLF
        QVERIFY(lines.at(0).startsWith("Label,Name,"));
        QVERIFY(!lines.at(0).contains("Description"));
        QVERIFY2(lines.at(1).startsWith("ord1-spine2,ord1-spine2,"),
                 lines.at(1).constData()); // last name first
        QVERIFY(!window.exportShownRows(dir.filePath(QStringLiteral("missing/dir/devices.csv")), &error));
        QVERIFY2(error.contains(QStringLiteral("missing/dir")), qPrintable(error));
        table->horizontalHeader()->setSectionHidden(description, false);
        table->sortByColumn(-1, Qt::AscendingOrder);

        // Copy takes the selected rows, tab-separated.
        table->selectionModel()->select(
            QItemSelection(table->model()->index(0, 0), table->model()->index(1, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        window.copySelectedRows();
        const QStringList copied = QGuiApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(copied.size(), 2);
        QVERIFY2(copied.at(0).startsWith(QStringLiteral("atl1-edge1\tatl1-edge1\t")),
                 qPrintable(copied.at(0)));

        // A search runs on the server, after a pause in typing.
        counted.clear();
        window.setSearchText(QStringLiteral("atl1-edge"));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QCOMPARE(objects->rowCount(), 2);
        QVERIFY2(window.countText().startsWith(QStringLiteral("2 object(s) matching")),
                 qPrintable(window.countText()));
        QCOMPARE(objects->index(0, site).data().toString(), QStringLiteral("atl1"));
        window.setSearchText(QString());

        counted.clear();
        QVERIFY(window.selectKind(QStringLiteral("InfraVLAN")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QCOMPARE(counted.constFirst().constFirst().toString(), QStringLiteral("InfraVLAN"));
        QVERIFY2(window.countText().startsWith(QStringLiteral("15 object")), qPrintable(window.countText()));
        QVERIFY(!window.selectKind(QStringLiteral("NoSuchKind")));

        // Reconnecting while objects are still loading: the old client's requests stop before it goes,
        // and the new connection shows its own rows.
        counted.clear();
        QVERIFY(window.selectKind(QStringLiteral("InfraDevice")));
        QVERIFY(window.objectModel()->isLoading());
        session.connectToDemo();
        QVERIFY(!window.objectModel()->isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QCOMPARE(window.objectModel()->rowCount(), 40);
    }

    void editVlanAndSeeErrorsOnTheirFields() {
        DemoWindow demo;
        QVERIFY(demo.open());
        ConsoleSession &session = demo.session;
        MainWindow &window = demo.window;
        QVERIFY(demo.showKind(QStringLiteral("InfraVLAN")));
        infrahub::NodeTableModel *objects = window.objectModel();
        QVERIFY(objects->rowCount() >= 2);
        const int nameColumn = objects->columnOf(QStringLiteral("name"));
        const int descriptionColumn = objects->columnOf(QStringLiteral("description"));

        // Selecting a row loads the object into the form.
        NodeEditor *editor = window.editor();
        QSignalSpy loaded(editor, &NodeEditor::loaded);
        window.selectObjectRow(0);
        QVERIFY(loaded.wait(10000));
        const QString id = objects->idAt(0);
        QCOMPARE(editor->nodeId(), id);
        QVERIFY(!editor->hasUnsavedChanges());
        auto *description = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("description")));
        auto *name = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")));
        auto *vlanId = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("vlan_id")));
        QVERIFY(description && name && vlanId);

        // A change is saved (only what changed) and shows in the table and on the server.
        description->setText(QStringLiteral("edited in the console"));
        QVERIFY(editor->hasUnsavedChanges());
        QSignalSpy saved(editor, &NodeEditor::saved);
        editor->save();
        QVERIFY(saved.wait(10000));
        QVERIFY2(saved.last().at(1).toBool(), qPrintable(editor->generalError()));
        QVERIFY(!editor->hasUnsavedChanges());
        QCOMPARE(objects->index(0, descriptionColumn).data().toString(),
                 QStringLiteral("edited in the console"));
        const infrahub::Result<infrahub::Node> onServer = QCoro::waitFor(
            session.client()->get(QStringLiteral("InfraVLAN"), infrahub::NodeLookup::byId(id)));
        QVERIFY(onServer);
        QCOMPARE(onServer->value(QStringLiteral("description")).toString(),
                 QStringLiteral("edited in the console"));

        // A value the schema refuses is caught before sending, on its field.
        vlanId->setText(QStringLiteral("forty-two"));
        saved.clear();
        editor->save();
        QCOMPARE(saved.size(), 1);
        QVERIFY(!saved.last().at(1).toBool());
        QVERIFY2(editor->fieldError(QStringLiteral("vlan_id")).contains(QStringLiteral("whole number")),
                 qPrintable(editor->fieldError(QStringLiteral("vlan_id"))));
        editor->revert();
        QVERIFY(!editor->hasUnsavedChanges());

        // The server's uniqueness error lands on the name field, and the typed name is kept.
        const QString taken = objects->index(1, nameColumn).data().toString();
        name =
            qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name"))); // revert rebuilt the form
        name->setText(taken);
        saved.clear();
        editor->save();
        QVERIFY(saved.wait(10000));
        QVERIFY(!saved.last().at(1).toBool());
        QVERIFY2(!editor->fieldError(QStringLiteral("name")).isEmpty(), qPrintable(editor->generalError()));
        QCOMPARE(qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")))->text(), taken);
        QVERIFY(editor->hasUnsavedChanges());
        editor->revert();
    }

    void changeAVlanOnABranchAndMergeIt() {
        ConsoleSession session;
        MainWindow window(&session);
        window.show();
        QSignalSpy counted(&window, &MainWindow::kindCountLoaded);
        QSignalSpy branchesLoaded(&window, &MainWindow::branchesLoaded);
        QSignalSpy branchDone(&window, &MainWindow::branchOperationFinished);
        session.connectToDemo();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!branchesLoaded.isEmpty(), 10000);
        QCOMPARE(window.branchNames(), QStringList{QStringLiteral("main")});
        QVERIFY(!window.switchToBranch(QStringLiteral("no-such-branch")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        counted.clear();
        QVERIFY(window.selectKind(QStringLiteral("InfraVLAN")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);

        // A new branch becomes the current one, and the table shows it.
        counted.clear();
        window.createBranch(QStringLiteral("console-change"));
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 10000);
        QVERIFY2(branchDone.last().at(1).toBool(), qPrintable(branchDone.last().at(2).toString()));
        QCOMPARE(window.currentBranch(), QStringLiteral("console-change"));
        QVERIFY(window.branchNames().contains(QStringLiteral("console-change")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QVERIFY2(window.countText().contains(QStringLiteral("console-change")),
                 qPrintable(window.countText()));

        // An edit there stays there...
        NodeEditor *editor = window.editor();
        QSignalSpy loaded(editor, &NodeEditor::loaded);
        window.selectObjectRow(0);
        QVERIFY(loaded.wait(10000));
        const QString id = editor->nodeId();
        qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("description")))
            ->setText(QStringLiteral("changed on a branch"));
        QSignalSpy saved(editor, &NodeEditor::saved);
        editor->save();
        QVERIFY(saved.wait(10000));
        QVERIFY2(saved.last().at(1).toBool(), qPrintable(editor->generalError()));
        auto descriptionOn = [&](const QString &branch) {
            const auto node = QCoro::waitFor(session.client()->get(
                QStringLiteral("InfraVLAN"), infrahub::NodeLookup::byId(id), {}, branch));
            return node ? node->value(QStringLiteral("description")).toString() : node.error().message;
        };
        QCOMPARE(descriptionOn(QStringLiteral("console-change")), QStringLiteral("changed on a branch"));
        QVERIFY(descriptionOn(QStringLiteral("main")) != QStringLiteral("changed on a branch"));

        // ... until it is merged; then the branch can go.
        branchDone.clear();
        window.mergeBranch(QStringLiteral("console-change"));
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 10000);
        QVERIFY2(branchDone.last().at(1).toBool(), qPrintable(branchDone.last().at(2).toString()));
        QCOMPARE(descriptionOn(QStringLiteral("main")), QStringLiteral("changed on a branch"));
        branchDone.clear();
        window.deleteBranch(QStringLiteral("console-change"));
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 10000);
        QVERIFY(branchDone.last().at(1).toBool());
        QCOMPARE(window.currentBranch(), QString()); // back on the default branch
        QCOMPARE(window.branchNames(), QStringList{QStringLiteral("main")});

        // A failure is reported, not hidden: the branch is gone now.
        branchDone.clear();
        window.mergeBranch(QStringLiteral("console-change"));
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 10000);
        QVERIFY(!branchDone.last().at(1).toBool());
        QVERIFY2(branchDone.last().at(2).toString().contains(QStringLiteral("console-change")),
                 qPrintable(branchDone.last().at(2).toString()));
    }

    void findAnyObjectAndOpenIt() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;

        QuickFindDialog *find = window.quickFind();
        find->show();
        QSignalSpy done(find, &QuickFindDialog::searchFinished);
        find->setText(QStringLiteral("jfk1"));
        QVERIFY(done.wait(10000));
        const QStringList hits = find->resultTexts();
        // Kinds answer concurrently; the site, its devices and its VLANs are all found.
        QVERIFY2(hits.contains(QStringLiteral("jfk1  —  LocationSite")), qPrintable(hits.join(u'\n')));
        QVERIFY2(hits.contains(QStringLiteral("jfk1-edge1  —  InfraDevice")), qPrintable(hits.join(u'\n')));
        QVERIFY2(hits.contains(QStringLiteral("jfk1-server  —  InfraVLAN")), qPrintable(hits.join(u'\n')));

        // Opening a hit shows its kind and the object in the detail pane.
        QSignalSpy loaded(window.editor(), &NodeEditor::loaded);
        find->activate(int(hits.indexOf(QStringLiteral("jfk1  —  LocationSite"))));
        QVERIFY(!find->isVisible());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.currentKind(), QStringLiteral("LocationSite"));
        QCOMPARE(window.editor()->node().displayLabel(), QStringLiteral("jfk1"));

        // Relationships are links: from a device to its site.
        find->show();
        QVERIFY(hits.contains(QStringLiteral("jfk1-edge1  —  InfraDevice")));
        loaded.clear();
        find->activate(int(hits.indexOf(QStringLiteral("jfk1-edge1  —  InfraDevice"))));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.currentKind(), QStringLiteral("InfraDevice"));
        loaded.clear();
        QVERIFY(window.editor()->activateLink(QStringLiteral("site")));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.currentKind(), QStringLiteral("LocationSite"));
        QCOMPARE(window.editor()->node().displayLabel(), QStringLiteral("jfk1"));
        QVERIFY(!window.editor()->activateLink(QStringLiteral("no_such_relationship")));

        // Nothing found is said so.
        done.clear();
        find->setText(QStringLiteral("no-object-is-called-this"));
        QVERIFY(done.wait(10000));
        QVERIFY(find->resultTexts().isEmpty());
    }

    void browseASiteThroughItsRelatedObjects() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        // Every device and the site each is at, from the devices table, to check the pane against.
        QVERIFY(window.selectKind(QStringLiteral("InfraDevice")));
        QTRY_VERIFY_WITH_TIMEOUT(!window.objectModel()->isLoading() && window.objectModel()->rowCount() > 0,
                                 10000);
        const infrahub::NodeTableModel *devices = window.objectModel();
        const int siteColumn = devices->columnOf(QStringLiteral("site"));
        QVERIFY(siteColumn >= 0);
        QStringList atJfk;
        for (int r = 0; r < devices->rowCount(); ++r)
            if (devices->index(r, siteColumn).data().toString() == u"jfk1")
                atJfk.append(devices->index(r, 0).data().toString());
        QVERIFY(!atJfk.isEmpty());
        QVERIFY(atJfk.size() < devices->rowCount()); // the filter must matter

        // Open the site: its devices and VLANs are listed side by side, only its own.
        QVERIFY(demo.showKind(QStringLiteral("LocationSite")));
        int jfkRow = -1;
        for (int r = 0; r < window.objectModel()->rowCount(); ++r)
            if (window.objectModel()->index(r, 0).data().toString() == u"jfk1")
                jfkRow = r;
        QVERIFY(jfkRow >= 0);
        RelatedObjectsPane *related = window.relatedPane();
        QSignalSpy relatedLoaded(related, &RelatedObjectsPane::allLoaded);
        window.selectObjectRow(jfkRow);
        QVERIFY(relatedLoaded.wait(10000));
        QCOMPARE(related->nodeId(), window.editor()->nodeId());
        const QStringList tabs = related->relationships();
        QVERIFY2(tabs.contains(QStringLiteral("devices")) && tabs.contains(QStringLiteral("vlans")),
                 qPrintable(tabs.join(u',')));
        QVERIFY(!tabs.contains(QStringLiteral("member_of_groups"))); // bookkeeping is not a tab
        const infrahub::NodeTableModel *siteDevices = related->model(QStringLiteral("devices"));
        QStringList listed;
        for (int r = 0; r < siteDevices->rowCount(); ++r)
            listed.append(siteDevices->index(r, 0).data().toString());
        listed.sort();
        atJfk.sort();
        QCOMPARE(listed, atJfk);
        QCOMPARE(siteDevices->totalCount(), atJfk.size());
        const infrahub::NodeTableModel *siteVlans = related->model(QStringLiteral("vlans"));
        QVERIFY(siteVlans->rowCount() > 0);
        const int vlanSite = siteVlans->columnOf(QStringLiteral("site"));
        for (int r = 0; r < siteVlans->rowCount(); ++r)
            QCOMPARE(siteVlans->index(r, vlanSite).data().toString(), QStringLiteral("jfk1"));

        // Follow a device: it opens, and its interfaces (a generic peer) list in their own kinds.
        QSignalSpy loaded(window.editor(), &NodeEditor::loaded);
        relatedLoaded.clear();
        const QString deviceId = siteDevices->idAt(0);
        QVERIFY(related->activateRow(QStringLiteral("devices"), 0));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.currentKind(), QStringLiteral("InfraDevice"));
        QCOMPARE(window.editor()->nodeId(), deviceId);
        QTRY_VERIFY_WITH_TIMEOUT(!relatedLoaded.isEmpty() && related->nodeId() == deviceId, 10000);
        const infrahub::NodeTableModel *interfaces = related->model(QStringLiteral("interfaces"));
        QVERIFY2(interfaces, qPrintable(related->relationships().join(u',')));
        QVERIFY(interfaces->rowCount() > 0);
        QVERIFY(interfaces->kind() == u"InfraInterface");
        QVERIFY(interfaces->kindAt(0).startsWith(QStringLiteral("InfraInterfaceL")));
        // ... and an interface opens as its own kind, with its IP addresses next to it (the management
        // interface holds the device's primary address).
        int l3 = -1;
        for (int r = 0; r < interfaces->rowCount() && l3 < 0; ++r)
            if (interfaces->kindAt(r) == u"InfraInterfaceL3" &&
                interfaces->index(r, 0).data().toString().contains(QStringLiteral("Management0")))
                l3 = r;
        QVERIFY(l3 >= 0);
        const QString interfaceId = interfaces->idAt(l3);
        loaded.clear();
        relatedLoaded.clear();
        QVERIFY(related->activateRow(QStringLiteral("interfaces"), l3));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.editor()->node().kind(), QStringLiteral("InfraInterfaceL3"));
        QTRY_VERIFY_WITH_TIMEOUT(!relatedLoaded.isEmpty() && related->nodeId() == interfaceId, 10000);
        const infrahub::NodeTableModel *addresses = related->model(QStringLiteral("ip_addresses"));
        QVERIFY2(addresses, qPrintable(related->relationships().join(u',')));
        QCOMPARE(addresses->rowCount(), 1);
        QVERIFY(!related->activateRow(QStringLiteral("ip_addresses"), addresses->rowCount()));
    }

    void filterDevicesOnTheServer() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QSignalSpy &counted = demo.counted;
        QCOMPARE(window.currentKind(), QStringLiteral("InfraDevice"));
        const int all = window.objectModel()->rowCount();
        using Op = infrahub::ObjectFilter::Operator;

        // Devices of one site, then only its edge routers.
        counted.clear();
        QVERIFY(window.filterBar()->addFilter({QStringLiteral("site"), Op::Is, QStringLiteral("jfk1")}));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        const infrahub::NodeTableModel *model = window.objectModel();
        const int site = model->columnOf(QStringLiteral("site"));
        QVERIFY(model->rowCount() > 0 && model->rowCount() < all);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->index(r, site).data().toString(), QStringLiteral("jfk1"));
        QVERIFY2(window.countText().contains(QStringLiteral("matching the filters")),
                 qPrintable(window.countText()));
        const int atSite = model->rowCount();
        counted.clear();
        QVERIFY(
            window.filterBar()->addFilter({QStringLiteral("role"), Op::Is, QStringLiteral("Edge Router")}));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QVERIFY(model->rowCount() > 0 && model->rowCount() < atSite);
        // Exported is what is shown: the filtered rows.
        QCOMPARE(window.shownRows(false).size(), model->rowCount() + 1);

        // Removing the filters shows every device again.
        counted.clear();
        window.filterBar()->clearFilters();
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        QCOMPARE(model->rowCount(), all);

        // A value that does not fit its field: nothing is shown, and the bar says why.
        QVERIFY(demo.showKind(QStringLiteral("InfraVLAN")));
        QVERIFY(window.objectModel()->rowCount() > 0);
        QVERIFY(window.filterBar()->filters().isEmpty()); // filters belong to the kind they were set on
        QVERIFY(window.filterBar()->addFilter({QStringLiteral("vlan_id"), Op::Is, QStringLiteral("ten")}));
        QTRY_VERIFY_WITH_TIMEOUT(window.countText().contains(QStringLiteral("ten")), 5000);
        QCOMPARE(window.objectModel()->rowCount(), 0);
        QVERIFY(
            !window.filterBar()->addFilter({QStringLiteral("no_such_field"), Op::Is, QStringLiteral("x")}));
    }

    void savedViewsBringBackFiltersColumnsAndSearch() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QSignalSpy &counted = demo.counted;
        QCOMPARE(window.currentKind(), QStringLiteral("InfraDevice"));
        for (const QString &name : window.savedViewNames()) // left by an earlier run
            infrahub::SavedViews::remove(window.currentKind(), name);
        const int all = window.objectModel()->rowCount();

        // A view: edge routers of jfk1 with "edge" searched, without the description column.
        using Op = infrahub::ObjectFilter::Operator;
        counted.clear();
        window.filterBar()->addFilter({QStringLiteral("site"), Op::Is, QStringLiteral("jfk1")});
        window.setSearchText(QStringLiteral("edge"));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty() && !window.objectModel()->isLoading(), 10000);
        const int shown = window.objectModel()->rowCount();
        QVERIFY(shown > 0 && shown < all);
        auto *table = window.findChild<QTableView *>();
        QVERIFY(table);
        const int description = window.objectModel()->columnOf(QStringLiteral("description"));
        table->horizontalHeader()->setSectionHidden(description, true);
        window.saveCurrentView(QStringLiteral("jfk1 edges"));
        QCOMPARE(window.savedViewNames(), QStringList{QStringLiteral("jfk1 edges")});

        // Elsewhere and back: the kind starts unfiltered with its usual columns.
        QVERIFY(demo.showKind(QStringLiteral("LocationSite")));
        QVERIFY(window.savedViewNames().isEmpty()); // views belong to their kind
        counted.clear();
        window.setSearchText(QString());
        QVERIFY(window.selectKind(QStringLiteral("InfraDevice")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty() && window.currentKind() == u"InfraDevice" &&
                                     !window.objectModel()->isLoading(),
                                 10000);
        table->horizontalHeader()->setSectionHidden(description, false);
        QVERIFY(window.filterBar()->filters().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(window.objectModel()->rowCount(), all, 10000);

        // Applying the view brings all of it back.
        counted.clear();
        QVERIFY(window.applyView(QStringLiteral("jfk1 edges")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty() && !window.objectModel()->isLoading(), 10000);
        QCOMPARE(window.searchText(), QStringLiteral("edge"));
        QCOMPARE(window.filterBar()->filters().size(), 1);
        QCOMPARE(window.filterBar()->filters().constFirst().value, QStringLiteral("jfk1"));
        QCOMPARE(window.objectModel()->rowCount(), shown);
        QVERIFY(table->horizontalHeader()->isSectionHidden(description));
        QVERIFY(!window.applyView(QStringLiteral("no such view")));
        QVERIFY(infrahub::SavedViews::remove(QStringLiteral("InfraDevice"), QStringLiteral("jfk1 edges")));
        QVERIFY(window.savedViewNames().isEmpty());
    }

    void createPickCheckConflictsAndDelete() {
        DemoWindow demo;
        QVERIFY(demo.open());
        ConsoleSession &session = demo.session;
        MainWindow &window = demo.window;
        QSignalSpy &counted = demo.counted;
        QVERIFY(demo.showKind(QStringLiteral("InfraVLAN")));
        const int before = window.objectModel()->rowCount();
        NodeEditor *editor = window.editor();

        // A new VLAN: an empty form; saving it as it is names the required fields, sends nothing.
        QVERIFY(window.newObject());
        QTRY_VERIFY_WITH_TIMEOUT(editor->isCreating() && editor->fieldWidget(QStringLiteral("name")), 10000);
        QSignalSpy saved(editor, &NodeEditor::saved);
        editor->save();
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.first().at(1).toBool(), false);
        QVERIFY2(!editor->fieldError(QStringLiteral("name")).isEmpty(), qPrintable(editor->generalError()));
        QVERIFY2(!editor->fieldError(QStringLiteral("vlan_id")).isEmpty(),
                 qPrintable(editor->generalError()));

        // Fill it in; the site is picked from a search on the server.
        qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")))
            ->setText(QStringLiteral("gui-new-vlan"));
        qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("vlan_id")))
            ->setText(QStringLiteral("3999"));
        auto *status = qobject_cast<QComboBox *>(editor->fieldWidget(QStringLiteral("status")));
        QVERIFY(status);
        status->setCurrentIndex(status->findData(QStringLiteral("active")));
        auto *role = qobject_cast<QComboBox *>(editor->fieldWidget(QStringLiteral("role")));
        QVERIFY(role);
        role->setCurrentIndex(role->findData(QStringLiteral("server")));
        RelationshipPicker *site = editor->picker(QStringLiteral("site"));
        QVERIFY(site);
        QSignalSpy searched(site, &RelationshipPicker::searchFinished);
        site->search(QStringLiteral("fra"));
        QVERIFY(searched.wait(10000));
        QCOMPARE(site->choices(), QStringList{QStringLiteral("fra1")});
        QVERIFY(site->choose(0));
        QCOMPARE(site->peer().displayLabel, QStringLiteral("fra1"));
        QVERIFY(!site->choose(5)); // no such match
        QSignalSpy created(editor, &NodeEditor::created);
        QSignalSpy loaded(editor, &NodeEditor::loaded);
        saved.clear();
        counted.clear();
        editor->save();
        QVERIFY(created.wait(10000));
        QCOMPARE(created.first().at(0).toString(), QStringLiteral("InfraVLAN"));
        const QString id = created.first().at(1).toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(loaded.wait(10000)); // shown as the server has it now
        QCOMPARE(editor->nodeId(), id);
        QVERIFY(!editor->isCreating());
        QCOMPARE(editor->node().peers(QStringLiteral("site")).value(0).displayLabel, QStringLiteral("fra1"));
        // Metadata is shown: when it last changed (just now), and per field in its tooltip.
        const auto *lastChanged = editor->findChild<QLabel *>(QStringLiteral("lastChanged"));
        QVERIFY(lastChanged && !lastChanged->text().isEmpty());
        QVERIFY2(editor->fieldWidget(QStringLiteral("name"))->toolTip().contains(QStringLiteral("Changed: ")),
                 qPrintable(editor->fieldWidget(QStringLiteral("name"))->toolTip()));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000); // the table reloaded with it
        QCOMPARE(window.objectModel()->rowCount(), before + 1);

        // Changed elsewhere: another client changes the description while it is edited here.
        infrahub::InfrahubClient *client = session.client();
        auto *description = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("description")));
        description->setText(QStringLiteral("mine"));
        infrahub::NodeData theirs;
        theirs.id = id;
        theirs.attributes.insert(QStringLiteral("description"), QStringLiteral("theirs"));
        QVERIFY(QCoro::waitFor(client->update(QStringLiteral("InfraVLAN"), theirs)));
        QList<NodeEditor::Conflict> seen;
        editor->setConflictResolver([&](const QList<NodeEditor::Conflict> &conflicts) {
            seen = conflicts;
            return NodeEditor::ConflictChoice::KeepEditing;
        });
        saved.clear();
        editor->save();
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.first().at(1).toBool(), false);
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen.first().field, QStringLiteral("description"));
        QCOMPARE(seen.first().loaded, QString());
        QCOMPARE(seen.first().theirs, QStringLiteral("theirs"));
        QCOMPARE(seen.first().mine, QStringLiteral("mine"));
        QCOMPARE(description->text(), QStringLiteral("mine")); // nothing typed is lost
        QVERIFY(editor->hasUnsavedChanges());
        // ... the user chooses to overwrite: the server then has their value.
        editor->setConflictResolver(
            [](const QList<NodeEditor::Conflict> &) { return NodeEditor::ConflictChoice::Overwrite; });
        saved.clear();
        editor->save();
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.first().at(1).toBool(), true);
        const auto now =
            QCoro::waitFor(client->get(QStringLiteral("InfraVLAN"), infrahub::NodeLookup::byId(id)));
        QVERIFY(now);
        QCOMPARE(now->value(QStringLiteral("description")).toString(), QStringLiteral("mine"));
        // A change elsewhere to a field not being saved is no conflict.
        theirs.attributes = QJsonObject{{QStringLiteral("vlan_id"), 3998}};
        QVERIFY(QCoro::waitFor(client->update(QStringLiteral("InfraVLAN"), theirs)));
        seen.clear();
        description->setText(QStringLiteral("mine again"));
        saved.clear();
        editor->save();
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.first().at(1).toBool(), true);
        QVERIFY(seen.isEmpty());

        // Delete it from the table.
        int row = -1;
        for (int r = 0; r < window.objectModel()->rowCount(); ++r)
            if (window.objectModel()->idAt(r) == id)
                row = r;
        QVERIFY(row >= 0);
        window.objectTable()->selectRow(row);
        QCOMPARE(window.selectedObjects().size(), 1);
        QCOMPARE(window.selectedObjects().first().second, id);
        QSignalSpy deleted(&window, &MainWindow::objectsDeleted);
        window.deleteSelectedObjects(false);
        QVERIFY(deleted.wait(10000));
        QCOMPARE(deleted.first().at(0).toInt(), 1);
        QCOMPARE(deleted.first().at(1).toInt(), 0);
        QCOMPARE(window.objectModel()->rowCount(), before);
        QVERIFY(editor->nodeId().isEmpty()); // the pane no longer shows what is gone
        const auto gone =
            QCoro::waitFor(client->get(QStringLiteral("InfraVLAN"), infrahub::NodeLookup::byId(id)));
        QVERIFY(!gone);
        // The delete confirmation says what, where, and offers a branch like every batch.
        ConfirmBatchDialog confirm(QStringLiteral("Delete objects"), QStringLiteral("Delete 2 object(s)"),
                                   {QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("main"), 5);
        QCOMPARE(confirm.preview(), QStringLiteral("Delete 2 object(s) on branch main."));
        confirm.setPlan(QStringLiteral("cleanup"), true);
        QVERIFY(confirm.preview().contains(QStringLiteral("new branch cleanup, merged into main")));
        QCOMPARE(confirm.newBranch(), QStringLiteral("cleanup"));
        confirm.setPlan(QStringLiteral(" "), false);
        QCOMPARE(confirm.preview(), QStringLiteral("Name the new branch."));
    }

    void batchSetAttributeOnANewBranchThenMerge() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        const infrahub::KindSchema *device = demo.session.schema()->kind(QStringLiteral("InfraDevice"));
        QVERIFY(device);

        // The dialog offers what can be set, checks the value and says exactly what will happen.
        SetAttributeDialog dialog(*device, 3, QStringLiteral("main"), 5);
        QVERIFY(dialog.attributeNames().contains(QStringLiteral("description")));
        QVERIFY(dialog.attributeNames().contains(QStringLiteral("status")));
        QVERIFY(dialog.fill(QStringLiteral("status"), QStringLiteral("sideways"))
                    .contains(QStringLiteral("sideways")));
        const QString preview = dialog.fill(QStringLiteral("description"), QStringLiteral("set in bulk"),
                                            QStringLiteral("bulk-descriptions"), true);
        QVERIFY2(preview.contains(QStringLiteral("3 InfraDevice")) &&
                     preview.contains(QStringLiteral("bulk-descriptions")),
                 qPrintable(preview));
        // More than one attribute at once; the same one twice is refused.
        const QString two = dialog.addAttribute(QStringLiteral("status"), QStringLiteral("Maintenance"));
        QVERIFY2(two.contains(QStringLiteral("Status to “maintenance”")), qPrintable(two));
        SetAttributeDialog twice(*device, 3, QStringLiteral("main"), 5);
        twice.fill(QStringLiteral("description"), QStringLiteral("x"));
        QVERIFY(twice.addAttribute(QStringLiteral("description"), QStringLiteral("y"))
                    .contains(QStringLiteral("twice")));

        // Three devices selected; the batch runs on the new branch and is merged once all succeeded.
        QTableView *table = window.objectTable();
        table->selectionModel()->clearSelection();
        for (int r = 0; r < 3; ++r)
            table->selectionModel()->select(table->model()->index(r, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QList<QPair<QString, QString>> targets = window.selectedObjects();
        QCOMPARE(targets.size(), 3);
        QSignalSpy branchDone(&window, &MainWindow::branchOperationFinished);
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.runSetAttribute(targets, dialog.request());
        QVERIFY(jobDone.wait(15000));
        infrahub::Job *job = window.jobsPanel()->selectedJob();
        QVERIFY(job);
        QCOMPARE(job->count(infrahub::Job::ItemState::Succeeded), 3);
        QVERIFY(window.jobsPanel()->selectedJobCsv().contains("Succeeded"));
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 15000);
        QCOMPARE(branchDone.first().at(0).toString(), QStringLiteral("merge"));
        QVERIFY(branchDone.first().at(1).toBool());
        infrahub::InfrahubClient *client = demo.session.client();
        for (const auto &[kind, id] : targets) {
            const auto onMain = QCoro::waitFor(client->get(kind, infrahub::NodeLookup::byId(id)));
            QVERIFY(onMain);
            QCOMPARE(onMain->value(QStringLiteral("description")).toString(), QStringLiteral("set in bulk"));
            QCOMPARE(onMain->value(QStringLiteral("status")).toString(), QStringLiteral("maintenance"));
        }

        // One object that cannot be changed: the branch is kept for review, main stays as it was.
        QList<QPair<QString, QString>> withMissing = targets;
        withMissing.append({QStringLiteral("InfraDevice"), QStringLiteral("no-such-device-id")});
        SetAttributeDialog again(*device, 4, QStringLiteral("main"), 5);
        again.fill(QStringLiteral("description"), QStringLiteral("second pass"), QStringLiteral("bulk-kept"),
                   true);
        jobDone.clear();
        branchDone.clear();
        window.runSetAttribute(withMissing, again.request());
        QVERIFY(jobDone.wait(15000));
        job = window.jobsPanel()->selectedJob();
        QCOMPARE(job->count(infrahub::Job::ItemState::Succeeded), 3);
        QCOMPARE(job->count(infrahub::Job::ItemState::Failed), 1);
        QCOMPARE(job->items().at(3).state, infrahub::Job::ItemState::Failed);
        window.jobsPanel()->setFailedOnly(true);
        QCOMPARE(window.jobsPanel()->shownItemRows(), 1);
        window.jobsPanel()->setFailedOnly(false);
        QCOMPARE(window.jobsPanel()->shownItemRows(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(window.currentBranch(), QStringLiteral("bulk-kept"), 10000);
        QTest::qWait(100);
        QVERIFY(branchDone.isEmpty()); // no merge
        const auto stillMain = QCoro::waitFor(
            client->get(targets.first().first, infrahub::NodeLookup::byId(targets.first().second)));
        QCOMPARE(stillMain->value(QStringLiteral("description")).toString(), QStringLiteral("set in bulk"));
        const auto onBranch = QCoro::waitFor(client->get(targets.first().first,
                                                         infrahub::NodeLookup::byId(targets.first().second),
                                                         {}, QStringLiteral("bulk-kept")));
        QCOMPARE(onBranch->value(QStringLiteral("description")).toString(), QStringLiteral("second pass"));
        // For people checking the look (not an assertion): INFRAHUB_GRAB_DIR=<dir> saves this screen.
        if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR"); !dir.isEmpty())
            window.grab().save(dir + QStringLiteral("/jobs.png"));
    }

    void createAVlanAtEverySelectedSite() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QVERIFY(demo.showKind(QStringLiteral("LocationSite")));
        QTableView *table = window.objectTable();
        for (int r = 0; r < 2; ++r)
            table->selectionModel()->select(table->model()->index(r, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QList<QPair<QString, QString>> sites = window.selectedObjects();
        QCOMPARE(sites.size(), 2);
        const QStringList labels{table->model()->index(0, 0).data().toString(),
                                 table->model()->index(1, 0).data().toString()};
        const infrahub::KindSchema *vlan = demo.session.schema()->kind(QStringLiteral("InfraVLAN"));
        CreateVlansDialog dialog(*vlan, labels, QStringLiteral("main"), 5);
        QVERIFY(
            dialog.fill(QStringLiteral("same-for-all"), 10).contains(QStringLiteral("{site}"))); // refused
        const QString preview =
            dialog.fill(QStringLiteral("{site}-mgmt{vlan_id}"), 3900, QStringLiteral("new-vlans"));
        QVERIFY2(preview.contains(labels.at(0) + QStringLiteral("-mgmt3900")), qPrintable(preview));
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.runCreateVlans(sites, dialog.request());
        QVERIFY(jobDone.wait(15000));
        infrahub::Job *job = window.jobsPanel()->selectedJob();
        QCOMPARE(job->count(infrahub::Job::ItemState::Succeeded), 2);
        // Kept on its branch for review: the VLANs are there, at their sites; main has none of them.
        QTRY_COMPARE_WITH_TIMEOUT(window.currentBranch(), QStringLiteral("new-vlans"), 10000);
        infrahub::InfrahubClient *client = demo.session.client();
        for (qsizetype i = 0; i < 2; ++i) {
            const QString name = labels.at(i) + QStringLiteral("-mgmt3900");
            const auto onBranch = QCoro::waitFor(client->get(QStringLiteral("InfraVLAN"),
                                                             infrahub::NodeLookup::byDefaultFilter(name), {},
                                                             QStringLiteral("new-vlans")));
            QVERIFY2(onBranch, qPrintable(name));
            QCOMPARE(onBranch->peers(QStringLiteral("site")).value(0).id, sites.at(i).second);
            QCOMPARE(onBranch->value(QStringLiteral("vlan_id")).toInt(), 3900);
            QVERIFY(!QCoro::waitFor(
                client->get(QStringLiteral("InfraVLAN"), infrahub::NodeLookup::byDefaultFilter(name))));
        }
        // Again on the same branch: the names are taken, every item fails and says why.
        CreateVlansDialog again(*vlan, labels, QStringLiteral("new-vlans"), 5);
        again.fill(QStringLiteral("{site}-mgmt{vlan_id}"), 3900);
        jobDone.clear();
        window.runCreateVlans(sites, again.request());
        QVERIFY(jobDone.wait(15000));
        job = window.jobsPanel()->selectedJob();
        QCOMPARE(job->count(infrahub::Job::ItemState::Failed), 2);
        QVERIFY2(!job->items().at(0).message.isEmpty(), "a failed item says why");
        QCOMPARE(job->items().at(0).attempts, 1); // a create is never repeated blindly
    }

    void addAndRemoveATagOnSelectedObjects() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QTableView *table = window.objectTable();
        for (int r = 0; r < 3; ++r)
            table->selectionModel()->select(table->model()->index(r, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QList<QPair<QString, QString>> devices = window.selectedObjects();
        QCOMPARE(devices.size(), 3);
        infrahub::InfrahubClient *client = demo.session.client();
        const infrahub::SchemaSet *schema = demo.session.schema();
        auto tagsOf = [&](const QString &id) {
            const auto node =
                QCoro::waitFor(client->get(QStringLiteral("InfraDevice"), infrahub::NodeLookup::byId(id)));
            QStringList names;
            if (node)
                for (const infrahub::RelatedNode &p : node->peers(QStringLiteral("tags")))
                    names.append(p.displayLabel);
            return names;
        };
        QVERIFY(!tagsOf(devices.first().second).contains(QStringLiteral("lab")));

        RelatePeersDialog dialog(client, *schema, *schema->kind(QStringLiteral("InfraDevice")), 3,
                                 QStringLiteral("main"), 5);
        QVERIFY(dialog.relationshipNames().contains(QStringLiteral("tags")));
        dialog.choose(QStringLiteral("tags"), true);
        QVERIFY(dialog.preview().contains(QStringLiteral("Search"))); // no tag picked yet
        QSignalSpy searched(dialog.picker(), &RelationshipPicker::searchFinished);
        dialog.picker()->search(QStringLiteral("lab"));
        QVERIFY(searched.wait(10000));
        QCOMPARE(dialog.picker()->choices(), QStringList{QStringLiteral("lab")});
        QVERIFY(dialog.picker()->choose(0));
        QVERIFY2(dialog.preview().startsWith(QStringLiteral("Add lab to")), qPrintable(dialog.preview()));
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.runRelatePeers(devices, dialog.request());
        QVERIFY(jobDone.wait(15000));
        QCOMPARE(window.jobsPanel()->selectedJob()->count(infrahub::Job::ItemState::Succeeded), 3);
        for (const auto &[kind, id] : devices) {
            const QStringList tags = tagsOf(id);
            QVERIFY2(tags.contains(QStringLiteral("lab")), qPrintable(tags.join(u',')));
        }
        const qsizetype before = tagsOf(devices.first().second).size();

        // Removing it takes only that tag away.
        dialog.choose(QStringLiteral("tags"), false);
        jobDone.clear();
        window.runRelatePeers(devices, dialog.request());
        QVERIFY(jobDone.wait(15000));
        QCOMPARE(window.jobsPanel()->selectedJob()->count(infrahub::Job::ItemState::Succeeded), 3);
        QVERIFY(!tagsOf(devices.first().second).contains(QStringLiteral("lab")));
        QCOMPARE(tagsOf(devices.first().second).size(), before - 1);
    }

    void importCsvAllOrNothing() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QVERIFY(demo.showKind(QStringLiteral("InfraVLAN")));
        const infrahub::SchemaSet *schema = demo.session.schema();
        const infrahub::KindSchema &vlan = *schema->kind(QStringLiteral("InfraVLAN"));
        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(text);
            return f.fileName();
        };
        const QString withBadRow = write(QStringLiteral("bad.csv"), "name,vlan_id,status,role\n"
                                                                    "aon-1,3201,active,server\n"
                                                                    "aon-2,not-a-number,active,server\n");
        const QString allGood = write(QStringLiteral("good.csv"), "name,vlan_id,status,role,site\n"
                                                                  "aon-3,3203,active,server,atl1\n"
                                                                  "aon-4,3204,provisioning,server,jfk1\n");

        // A bad row: all-or-nothing refuses to import anything, and says which row and why.
        CsvImportDialog bad(vlan, *schema, QStringLiteral("main"));
        QVERIFY(bad.loadFile(withBadRow));
        QCOMPARE(bad.plan()->validRows(), 1);
        QVERIFY(!bad.setAllOrNothing(true));
        QVERIFY2(bad.message().contains(QStringLiteral("nothing will be imported")),
                 qPrintable(bad.message()));
        QVERIFY(bad.setAllOrNothing(false)); // the valid rows could still be imported on their own
        CsvImportDialog notCsv(vlan, *schema, QStringLiteral("main"));
        QVERIFY(!notCsv.loadFile(write(QStringLiteral("broken.csv"), "name\n\"open quote\n")));
        QVERIFY(!notCsv.loadFile(dir.filePath(QStringLiteral("missing.csv"))));

        // All good: imported on a new branch, merged because every row succeeded.
        CsvImportDialog good(vlan, *schema, QStringLiteral("main"));
        QVERIFY(good.loadFile(allGood));
        QVERIFY(good.setAllOrNothing(true));
        QSignalSpy branchDone(&window, &MainWindow::branchOperationFinished);
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.runCsvImport(good.plan(), false, true, 5, QStringLiteral("import-aon"));
        QVERIFY(jobDone.wait(15000));
        QCOMPARE(window.jobsPanel()->selectedJob()->count(infrahub::Job::ItemState::Succeeded), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 15000);
        QCOMPARE(branchDone.first().at(0).toString(), QStringLiteral("merge"));
        const auto imported = QCoro::waitFor(demo.session.client()->get(
            QStringLiteral("InfraVLAN"), infrahub::NodeLookup::byDefaultFilter(QStringLiteral("aon-4"))));
        QVERIFY(imported);
        QCOMPARE(imported->value(QStringLiteral("status")).toString(), QStringLiteral("provisioning"));
        QCOMPARE(imported->peers(QStringLiteral("site")).value(0).displayLabel, QStringLiteral("jfk1"));
    }

    void cancelledBranchBatchIsNeverMerged() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QTableView *table = window.objectTable();
        table->selectAll();
        const QList<QPair<QString, QString>> devices = window.selectedObjects();
        QCOMPARE(devices.size(), 40);
        SetAttributeDialog dialog(*demo.session.schema()->kind(QStringLiteral("InfraDevice")), 40,
                                  QStringLiteral("main"), 1);
        dialog.fill(QStringLiteral("description"), QStringLiteral("never merged"),
                    QStringLiteral("cancelled-batch"), true);
        QSignalSpy branchDone(&window, &MainWindow::branchOperationFinished);
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.runSetAttribute(devices, dialog.request());
        QTRY_VERIFY_WITH_TIMEOUT(
            window.jobsPanel()->selectedJob() &&
                window.jobsPanel()->selectedJob()->count(infrahub::Job::ItemState::Succeeded) >= 1,
            10000);
        infrahub::Job *job = window.jobsPanel()->selectedJob();
        job->cancel();
        QVERIFY(jobDone.wait(15000));
        QCOMPARE(job->state(), infrahub::Job::State::Cancelled);
        const int succeeded = job->count(infrahub::Job::ItemState::Succeeded);
        QVERIFY(succeeded >= 1 && succeeded < 40);
        QCOMPARE(succeeded + job->count(infrahub::Job::ItemState::Cancelled) +
                     job->count(infrahub::Job::ItemState::NotStarted),
                 40);
        // Kept for review, never merged: main has none of it.
        QTRY_COMPARE_WITH_TIMEOUT(window.currentBranch(), QStringLiteral("cancelled-batch"), 10000);
        QTest::qWait(100);
        QVERIFY(branchDone.isEmpty());
        infrahub::InfrahubClient *client = demo.session.client();
        for (const auto &[kind, id] : devices) {
            const auto onMain = QCoro::waitFor(client->get(kind, infrahub::NodeLookup::byId(id)));
            QVERIFY(onMain->value(QStringLiteral("description")).toString() != u"never merged");
        }
        // The user is asked: keep the branch for review, or delete it. Deleting drops it.
        auto *choice = window.findChild<QMessageBox *>(QStringLiteral("batchBranchChoice"));
        QVERIFY(choice);
        auto *drop = choice->findChild<QPushButton *>(QStringLiteral("deleteBatchBranch"));
        QVERIFY(drop);
        drop->click();
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 10000);
        QCOMPARE(branchDone.first().at(0).toString(), QStringLiteral("delete"));
        QVERIFY(branchDone.first().at(1).toBool());
        QVERIFY(!window.branchNames().contains(QStringLiteral("cancelled-batch")));
        QCOMPARE(window.currentBranch(), QString()); // back on the default branch
    }

    void refreshSelectedShowsChangesMadeElsewhere() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        const infrahub::NodeTableModel *model = window.objectModel();
        const int description = model->columnOf(QStringLiteral("description"));
        window.objectTable()->selectRow(1);
        const QString id = window.selectedObjects().value(0).second;
        QVERIFY(!id.isEmpty());
        infrahub::NodeData elsewhere;
        elsewhere.id = id;
        elsewhere.attributes.insert(QStringLiteral("description"), QStringLiteral("changed by someone else"));
        QVERIFY(QCoro::waitFor(demo.session.client()->update(QStringLiteral("InfraDevice"), elsewhere)));
        int row = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->idAt(r) == id)
                row = r;
        QVERIFY(model->index(row, description).data().toString() != u"changed by someone else");
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.refreshSelected();
        QVERIFY(jobDone.wait(10000));
        QCOMPARE(model->index(row, description).data().toString(), QStringLiteral("changed by someone else"));
    }

    void sweepTheSelectedAddresses() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        // The selection fills the targets in: devices give their primary addresses (as hosts), prefixes
        // their blocks. Only what is filled is checked here: the sweep itself runs on loopback only.
        window.objectTable()->selectRow(0);
        const QString filled = window.sweepTargetsFromSelection();
        QVERIFY2(!filled.isEmpty() && !filled.contains(u'/'), qPrintable(filled));
        QVERIFY(demo.showKind(QStringLiteral("IpamIPPrefix")));
        window.objectTable()->selectRow(0);
        QVERIFY2(window.sweepTargetsFromSelection().contains(u'/'),
                 qPrintable(window.sweepTargetsFromSelection()));

        // A site has no address of its own: its devices' primary addresses are read from the server.
        QVERIFY(demo.showKind(QStringLiteral("LocationSite")));
        window.objectTable()->selectRow(0);
        SweepWindow *sweep = window.openSweep();
        QVERIFY(sweep->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(sweep->targets().count(u'\n') >= 3, 10000);
        QVERIFY2(sweep->statusText().contains(u"InfraDevice.primary_address"),
                 qPrintable(sweep->statusText()));
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        sweep->setTargets(QStringLiteral("127.0.0.1-4"));
        sweep->setMethod(QStringLiteral("tcp"), QString::number(server.serverPort()));
        sweep->setTiming(2000, 1, 0, 16);
        // Before any answer the count axis reads 0 and 1, not five ticks rounded to "0 0 0 0 0 1".
        QCOMPARE(sweep->latencyChart()->countTicks(), (QList<double>{0, 1}));
        QSignalSpy finished(sweep, &SweepWindow::finished);
        QVERIFY(sweep->start());
        QVERIFY(finished.wait(10000));
        QCOMPARE(sweep->shownRows(), 4);
        for (int r = 0; r < 4; ++r)
            QCOMPARE(sweep->rowState(r), QStringLiteral("up")); // 127.0.0.2-4 refuse: they are there
        QVERIFY2(sweep->statusText().startsWith(QStringLiteral("4 up, 0 down")),
                 qPrintable(sweep->statusText()));
        // The chart's bars and title agree: four answers.
        const QList<int> answered = sweep->latencyChart()->shownCounts();
        QCOMPARE(std::accumulate(answered.cbegin(), answered.cend(), 0), 4);
        QVERIFY2(sweep->latencyChart()->title().contains(u"of 4 answer"),
                 qPrintable(sweep->latencyChart()->title()));
        // The count axis is labelled with whole numbers only (it showed "0 0 0 0 0 1" before answers).
        const QList<double> ticks = sweep->latencyChart()->countTicks();
        QVERIFY(ticks.size() >= 2);
        for (const double tick : ticks)
            QCOMPARE(tick, std::round(tick));
        if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR"); !dir.isEmpty()) {
            QTest::qWait(100); // the chart lays out its title and axes in the event loop
            sweep->grab().save(dir + QStringLiteral("/sweep.png"));
        }
        // The system's ping, when chosen (loopback only).
        sweep->setTargets(QStringLiteral("127.0.0.1-2"));
        sweep->setMethod(QStringLiteral("ping"));
        finished.clear();
        QVERIFY(sweep->start());
        QVERIFY2(sweep->statusText().contains(u"system's ping"), qPrintable(sweep->statusText()));
        QVERIFY(finished.wait(10000));
        QCOMPARE(sweep->rowState(0), QStringLiteral("up"));
        QCOMPARE(sweep->rowState(1), QStringLiteral("up"));
        QCOMPARE(sweep->rowText(0, 3), QStringLiteral("system-ping"));
        sweep->setMethod(QStringLiteral("tcp"));
        // Bad input is said where it was typed; nothing runs.
        sweep->setTargets(QStringLiteral("127.0.0.1 nonsense"));
        QVERIFY(!sweep->start());
        QVERIFY(sweep->statusText().contains(QStringLiteral("nonsense")));
        sweep->setTargets(QStringLiteral("127.0.0.1"));
        sweep->setMethod(QStringLiteral("tcp"), QStringLiteral("70000"));
        QVERIFY(!sweep->start());
        QVERIFY(sweep->statusText().contains(QStringLiteral("70000")));
    }

    void backUpTheDemoDevicesOfASite() {
        // The demo's devices answer SSH (the sandbox's emulator): back up atl1's eight, twice. atl1-leaf1's
        // configuration changes between fetches (a demo fault), so the second run has one changed device.
        DemoWindow demo;
        QVERIFY(demo.open());
        QVERIFY2(demo.session.demoDeviceSsh().port != 0, qPrintable(demo.session.demoDeviceSsh().error));
        auto secrets = std::make_unique<MemorySecretStore>();
        MemorySecretStore *memory = secrets.get();
        demo.window.setSecretStore(std::move(secrets));
        QTemporaryDir folder;
        BackupWindow *backup = demo.window.openBackup();
        QVERIFY2(backup->settingsText().contains(u"demo's devices (40)"), qPrintable(backup->settingsText()));
        QTRY_VERIFY_WITH_TIMEOUT(backup->sitesLoaded(), 10000);
        backup->setFolder(folder.path() + QStringLiteral("/configs"));
        backup->setSite(QStringLiteral("atl1"));
        QSignalSpy finished(backup, &BackupWindow::finished);
        QVERIFY(backup->start());
        QVERIFY(finished.wait(60000));
        QCOMPARE(backup->rowCount(), 8);
        for (int row = 0; row < 8; ++row)
            QCOMPARE(backup->rowOutcome(row), QStringLiteral("new"));
        QVERIFY2(backup->statusText().contains(u"8 new"), qPrintable(backup->statusText()));
        QVERIFY(QFileInfo::exists(folder.path() + QStringLiteral("/configs/.git")));
        // The run is a job in the Jobs dock.
        const QList<infrahub::Job *> jobs = demo.window.jobsPanel()->jobs();
        QVERIFY(std::any_of(jobs.cbegin(), jobs.cend(),
                            [](infrahub::Job *j) { return j->title().startsWith(u"Backup of 8"); }));

        finished.clear();
        QVERIFY(backup->start());
        QVERIFY(finished.wait(60000));
        int changed = 0;
        int unchanged = 0;
        for (int row = 0; row < 8; ++row) {
            changed += backup->rowOutcome(row) == u"changed";
            unchanged += backup->rowOutcome(row) == u"unchanged";
            if (backup->rowOutcome(row) == u"changed")
                QCOMPARE(backup->rowText(row, BackupResultsModel::DeviceColumn),
                         QStringLiteral("atl1-leaf1"));
        }
        QCOMPARE(changed, 1);
        QCOMPARE(unchanged, 7);
        QVERIFY2(backup->statusText().contains(u"1 changed, 7 unchanged"), qPrintable(backup->statusText()));
        QVERIFY(memory->contents().isEmpty()); // the demo's password never reaches a store
        if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR"); !dir.isEmpty())
            backup->grab().save(dir + QStringLiteral("/backup.png"));
        // History and Changes: what the last run changed is atl1-leaf1, with its diff.
        backup->showHistory();
        BackupHistoryPanel *history = backup->historyPanel();
        history->showPage(BackupHistoryPanel::Page::ChangedSinceLastRun);
        QTRY_VERIFY_WITH_TIMEOUT(!history->isReading() && history->changesModel()->rowCount() == 1, 10000);
        QVERIFY2(history->changesModel()->index(0, 0).data().toString().contains(u"atl1-leaf1"),
                 qPrintable(history->changesModel()->index(0, 0).data().toString()));
        if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR"); !dir.isEmpty()) {
            history->changesView()->selectRow(0);
            QTest::qWait(300);
            backup->grab().save(dir + QStringLiteral("/backup-history.png"));
        }

        // Bad input is said in the window; nothing runs.
        backup->setTag(QString());
        QVERIFY(!backup->start());
        QVERIFY2(backup->statusText().contains(u"tag"), qPrintable(backup->statusText()));
        backup->setChoice(BackupWindow::Choice::All);
        QTemporaryFile notADirectory;
        QVERIFY(notADirectory.open());
        backup->setFolder(notADirectory.fileName());
        QVERIFY(!backup->start());
        QVERIFY2(backup->statusText().contains(u"cannot be used"), qPrintable(backup->statusText()));
    }

    void unknownHostKeysAreAskedAbout() {
        // The question in a window-modal box; Enter rejects, and each button gives its answer.
        auto question = [](QWidget *parent, infrahub::HostKeyCheck::Status status, const QString &click) {
            infrahub::HostKeyCheck check;
            check.status = status;
            check.host = QStringLiteral("[127.1.1.11]:22");
            check.presented = {QStringLiteral("ssh-ed25519"), QStringLiteral("SHA256:abc")};
            check.knownHostsFile = QStringLiteral("/tmp/known_hosts");
            QCoro::Task<infrahub::HostKeyQuestions::Answer> asking =
                BackupWindow::askAboutHostKey(QPointer<QWidget>(parent), check);
            QString defaultButton;
            QString text;
            QTimer::singleShot(50, parent, [&] {
                auto *box = parent->findChild<QMessageBox *>(QStringLiteral("hostKeyQuestion"));
                if (!box)
                    return;
                text = box->text() + u' ' + box->informativeText();
                defaultButton = box->defaultButton() ? box->defaultButton()->text() : QString();
                if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR");
                    !dir.isEmpty() && status == infrahub::HostKeyCheck::Status::FirstSeen && !click.isEmpty())
                    box->grab().save(dir + QStringLiteral("/host-key-question.png"));
                if (click.isEmpty()) {
                    parent->deleteLater(); // the window closes with the question open
                    return;
                }
                for (QAbstractButton *b : box->buttons())
                    if (b->text() == click)
                        b->click();
            });
            const infrahub::HostKeyQuestions::Answer answer = QCoro::waitFor(std::move(asking));
            return std::tuple{answer, defaultButton, text};
        };
        QWidget window;
        window.show();
        auto [trustAll, firstDefault, firstText] =
            question(&window, infrahub::HostKeyCheck::Status::FirstSeen,
                     QStringLiteral("Trust All New Keys in This Run"));
        QCOMPARE(trustAll, infrahub::HostKeyQuestions::Answer::AcceptAllNewInThisRun);
        QCOMPARE(firstDefault, QStringLiteral("Reject"));
        QVERIFY2(firstText.contains(u"SHA256:abc") && firstText.contains(u"not in known_hosts"),
                 qPrintable(firstText));
        auto [replace, changedDefault, changedText] =
            question(&window, infrahub::HostKeyCheck::Status::Changed, QStringLiteral("Replace the Key"));
        QCOMPARE(replace, infrahub::HostKeyQuestions::Answer::AcceptAndRemember);
        QCOMPARE(changedDefault, QStringLiteral("Reject"));
        QVERIFY2(changedText.contains(u"has changed"), qPrintable(changedText));
        auto [rejectAll, d3, t3] =
            question(&window, infrahub::HostKeyCheck::Status::FirstSeen, QStringLiteral("Reject All"));
        QCOMPARE(rejectAll, infrahub::HostKeyQuestions::Answer::RejectAllInThisRun);
        // Cancelling the run answers an open question "reject".
        BackupWindow backupWindow(nullptr);
        backupWindow.show();
        infrahub::HostKeyCheck unknown;
        unknown.status = infrahub::HostKeyCheck::Status::FirstSeen;
        unknown.host = QStringLiteral("127.1.1.12");
        QCoro::Task<infrahub::HostKeyQuestions::Answer> open =
            BackupWindow::askAboutHostKey(QPointer<QWidget>(&backupWindow), unknown);
        QTimer::singleShot(50, &backupWindow, [&backupWindow] { backupWindow.cancel(); });
        QCOMPARE(QCoro::waitFor(std::move(open)), infrahub::HostKeyQuestions::Answer::Reject);
        QVERIFY(backupWindow.findChildren<QMessageBox *>(QStringLiteral("hostKeyQuestion")).isEmpty() ||
                !backupWindow.findChild<QMessageBox *>(QStringLiteral("hostKeyQuestion"))->isVisible());

        auto *closing = new QWidget;
        closing->show();
        auto [gone, d4, t4] = question(closing, infrahub::HostKeyCheck::Status::FirstSeen, QString());
        QCOMPARE(gone, infrahub::HostKeyQuestions::Answer::Reject);
    }

    void backupSettingsKeepSecretsInTheKeychainOnly() {
        QSettings settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("InfrahubConsoleTests"),
                           QStringLiteral("backup-settings"));
        settings.clear();
        MemorySecretStore secrets;
        BackupSettings initial;
        initial.user = QStringLiteral("netops");
        BackupSettingsDialog dialog(initial, QStringLiteral("https://infrahub.example"), &secrets, false);
        // Password login without a password: refused in the dialog, which stays open.
        QVERIFY(!dialog.settings().usePassword);
        const QList<QCheckBox *> boxes = dialog.findChildren<QCheckBox *>();
        QCheckBox *usePassword = nullptr;
        for (QCheckBox *box : boxes)
            if (box->text() == u"A password")
                usePassword = box;
        QVERIFY(usePassword);
        usePassword->setChecked(true);
        {
            QCoro::Task<> saving = dialog.saveAndAccept();
            QCoro::waitFor(saving);
        }
        QVERIFY2(dialog.errorText().contains(u"password"), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        // With it typed: stored in the keychain under the scope, never in the settings.
        dialog.setPassword(QStringLiteral("s3cret-ssh"));
        {
            QCoro::Task<> saving = dialog.saveAndAccept();
            QCoro::waitFor(saving);
        }
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(secrets.contents().value(BackupSettings::secretKey(
                     QStringLiteral("https://infrahub.example"), BackupSettings::Secret::Password)),
                 QStringLiteral("s3cret-ssh"));
        const BackupSettings saved = dialog.settings();
        saved.save(QStringLiteral("https://infrahub.example"), settings);
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("netops"));
        QVERIFY(!written.contains("s3cret-ssh"));
        const BackupSettings loaded =
            BackupSettings::load(QStringLiteral("https://infrahub.example"), settings);
        QVERIFY(loaded.usePassword);
        QCOMPARE(loaded.user, QStringLiteral("netops"));
        const infrahub::SshCredentials credentials =
            loaded.credentials(QStringLiteral("s3cret-ssh"), std::nullopt);
        QCOMPARE(credentials.password, std::optional<QString>(QStringLiteral("s3cret-ssh")));
        QVERIFY(!credentials.describe().contains(u"s3cret"));

        // A keychain that cannot be written: said in the dialog, nothing accepted.
        BackupSettingsDialog again(loaded, QStringLiteral("https://other.example"), &secrets, false);
        secrets.setUnavailable(QStringLiteral("no Secret Service"));
        again.setPassword(QStringLiteral("another"));
        {
            QCoro::Task<> saving = again.saveAndAccept();
            QCoro::waitFor(saving);
        }
        QVERIFY2(again.errorText().contains(u"no Secret Service"), qPrintable(again.errorText()));
        QCOMPARE(again.result(), int(QDialog::Rejected));
        settings.clear();
    }

    void sweepComparesWithTheSweepKeptOnDisk() {
        // The first window's sweep is kept on disk; a new window (a later session) compares with it. The
        // file is read on a worker thread while the second sweep runs, and finished() waits for it.
        QTemporaryDir history;
        auto sweepOnce = [&](const QStringList &up, QString *status) {
            SweepWindow sweep;
            sweep.setHistoryDirectory(history.path());
            auto prober = std::make_shared<ScriptedProber>();
            for (const QString &host : up)
                prober->up.insert(host);
            sweep.setProberOverride(prober);
            sweep.setTargets(QStringLiteral("127.0.0.8-10"));
            QSignalSpy finished(&sweep, &SweepWindow::finished);
            QVERIFY(sweep.start());
            QVERIFY(finished.wait(10000));
            *status = sweep.statusText();
        };
        QString status;
        sweepOnce({QStringLiteral("127.0.0.8"), QStringLiteral("127.0.0.9")}, &status);
        QVERIFY2(status.startsWith(u"2 up, 1 down") && !status.contains(u"Since"), qPrintable(status));
        QTRY_COMPARE_WITH_TIMEOUT(QDir(history.path()).entryList({QStringLiteral("*.json")}).size(), 1,
                                  10000);
        sweepOnce({QStringLiteral("127.0.0.9"), QStringLiteral("127.0.0.10")}, &status);
        QVERIFY2(status.contains(u"1 new up, 1 new down"), qPrintable(status));
    }

    void sweepIsReconciledWithInfrahub() {
        DemoWindow demo;
        QVERIFY(demo.open());
        MainWindow &window = demo.window;
        QTemporaryDir history;
        SweepWindow *sweep = window.openSweep();
        sweep->setHistoryDirectory(history.path());
        // In the demo, 127.1.1.11-18 are devices' management addresses in IPAM. Here .8-.14 answer: .8-.10
        // are not in IPAM; .15 and .16 are in IPAM (some device's primary address) but silent.
        auto prober = std::make_shared<ScriptedProber>();
        for (int i = 8; i <= 14; ++i)
            prober->up.insert(QStringLiteral("127.1.1.%1").arg(i));
        sweep->setProberOverride(prober);
        sweep->setTargets(QStringLiteral("127.1.1.8-16"));
        QSignalSpy finished(sweep, &SweepWindow::finished);
        QVERIFY(sweep->start());
        QVERIFY(!finished.isEmpty() || finished.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!sweep->isInventoryLoading(), 10000);
        QCOMPARE(sweep->shownRows(), 9);
        QCOMPARE(sweep->rowText(0, 4), QStringLiteral("not in IPAM"));
        QVERIFY2(sweep->rowText(3, 4).startsWith(u"127.1.1.11/24 · "), qPrintable(sweep->rowText(3, 4)));
        QVERIFY2(sweep->infrahubText().contains(u"3 alive but not in IPAM; 2 in IPAM but silent"),
                 qPrintable(sweep->infrahubText()));
        sweep->setShow(QStringLiteral("alive-not-in-ipam"));
        QCOMPARE(sweep->shownRows(), 3);
        sweep->setShow(QStringLiteral("silent-in-ipam"));
        QCOMPARE(sweep->shownRows(), 2);
        sweep->setShow(QStringLiteral("all"));
        // The latency chart counts the seven answers; the Jobs dock shows the sweep as a job.
        const QList<int> bars = sweep->latencyChart()->shownCounts();
        QCOMPARE(std::accumulate(bars.cbegin(), bars.cend(), 0), 7);
        QVERIFY2(sweep->latencyChart()->title().contains(u"median"),
                 qPrintable(sweep->latencyChart()->title()));
        const QList<infrahub::Job *> jobs = window.jobsPanel()->jobs();
        QVERIFY(std::any_of(jobs.cbegin(), jobs.cend(), [](infrahub::Job *j) {
            return j->title().startsWith(u"Sweep 127.1.1.8-16") && j->total() == 9 &&
                   j->count(infrahub::Job::ItemState::Failed) == 2;
        }));
        if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR"); !dir.isEmpty())
            sweep->grab().save(dir + QStringLiteral("/sweep-reconcile.png"));

        // Reconcile on a new branch, kept for review: create .8-.10, mark the silent addresses and devices.
        ReconcileDialog dialog(*demo.session.schema(), sweep->reconciliation(),
                               QStringLiteral("IpamIPAddress"), QStringLiteral("main"), 5);
        QCOMPARE(dialog.markKinds(),
                 (QStringList{QStringLiteral("IpamIPAddress"), QStringLiteral("InfraDevice")}));
        QVERIFY2(
            dialog
                .setMark(QStringLiteral("InfraDevice"), QStringLiteral("status"), QStringLiteral("nonsense"))
                .contains(u"nonsense"),
            qPrintable(dialog.preview()));
        dialog.setMark(QStringLiteral("InfraDevice"), QStringLiteral("status"),
                       QStringLiteral("Maintenance"));
        dialog.setMark(QStringLiteral("IpamIPAddress"), QStringLiteral("description"),
                       QStringLiteral("silent"));
        const QString preview = dialog.setPlan(QStringLiteral("sweep-fix"), false);
        if (const QString dir = qEnvironmentVariable("INFRAHUB_GRAB_DIR"); !dir.isEmpty())
            dialog.grab().save(dir + QStringLiteral("/reconcile.png"));
        QVERIFY2(preview.contains(u"create 3 IpamIPAddress") && preview.contains(u"update 4 silent"),
                 qPrintable(preview));
        const ReconcileDialog::Request request = dialog.request();
        QCOMPARE(request.items.size(), 7);
        QSignalSpy jobDone(window.jobsPanel(), &JobsPanel::jobFinished);
        window.runReconcile(request);
        QVERIFY(jobDone.wait(15000));
        infrahub::Job *job = jobDone.last().first().value<infrahub::Job *>();
        QVERIFY2(job->count(infrahub::Job::ItemState::Succeeded) == 7, qPrintable(job->summary()));
        infrahub::InfrahubClient *client = demo.session.client();
        auto addresses = [client](const QString &branch) {
            const auto all = QCoro::waitFor(client->all(
                QStringLiteral("IpamIPAddress"), {}, infrahub::InfrahubClient::Paging::Sequential, branch));
            QMap<QString, QString> out; // address -> description
            for (const infrahub::Node &n : all.value())
                out.insert(n.value(QStringLiteral("address")).toString(),
                           n.value(QStringLiteral("description")).toString());
            return out;
        };
        const QMap<QString, QString> onBranch = addresses(QStringLiteral("sweep-fix"));
        QVERIFY(onBranch.contains(QStringLiteral("127.1.1.8/24")) &&
                onBranch.contains(QStringLiteral("127.1.1.10/24")));
        QCOMPARE(onBranch.value(QStringLiteral("127.1.1.15/24")), QStringLiteral("silent"));
        QVERIFY(!addresses(QStringLiteral("main")).contains(QStringLiteral("127.1.1.8/24"))); // not merged
        const auto silentDevice = sweep->reconciliation().silentInIpam.first().referrers.first();
        const auto device = QCoro::waitFor(client->get(QStringLiteral("InfraDevice"),
                                                       infrahub::NodeLookup::byId(silentDevice.id), {},
                                                       QStringLiteral("sweep-fix")));
        QCOMPARE(device->value(QStringLiteral("status")).toString(), QStringLiteral("maintenance"));

        // The same targets again: .8 went silent and .15 came back; the window says so.
        prober->up.remove(QStringLiteral("127.1.1.8"));
        prober->up.insert(QStringLiteral("127.1.1.15"));
        finished.clear();
        QVERIFY(sweep->start());
        QVERIFY(!finished.isEmpty() || finished.wait(10000));
        QVERIFY2(sweep->statusText().contains(u"1 new up, 1 new down"), qPrintable(sweep->statusText()));
        sweep->setShow(QStringLiteral("changed"));
        QCOMPARE(sweep->shownRows(), 2);
        QCOMPARE(sweep->rowText(0, 5), QStringLiteral("new down"));
        QCOMPARE(sweep->rowText(1, 5), QStringLiteral("new up"));
    }

    void unreachableServerIsReported() {
        // A port that was just free: nothing listens there any more.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();

        ConsoleSession session;
        MainWindow window(&session);
        infrahub::ClientConfig config;
        config.address = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        session.connectToServer(config);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Failed, 15000);
        QVERIFY2(session.lastError().startsWith(QStringLiteral("Cannot reach")),
                 qPrintable(session.lastError()));
        QVERIFY(window.statusText().startsWith(QStringLiteral("Not connected:")));
        QCOMPARE(window.visibleKindCount(), 0);
    }

    void connectDialogRejectsBadAddress() {
        ConnectDialog dialog;
        dialog.show();
        auto *address = dialog.findChild<QLineEdit *>(QStringLiteral("address"));
        auto *token = dialog.findChild<QLineEdit *>(QStringLiteral("token"));
        QVERIFY(address && token);
        address->setText(QStringLiteral("ftp://example.invalid"));
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        ok->click();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        bool errorShown = false;
        for (QLabel *label : dialog.findChildren<QLabel *>())
            errorShown =
                errorShown || (label->isVisible() && label->text().contains(QStringLiteral("http://")));
        QVERIFY(errorShown);

        address->setText(QStringLiteral("infrahub.example.com:8000"));
        token->setText(QStringLiteral("secret-token"));
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.config().address, QUrl(QStringLiteral("http://infrahub.example.com:8000")));
        QCOMPARE(dialog.config().apiToken, QStringLiteral("secret-token"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
