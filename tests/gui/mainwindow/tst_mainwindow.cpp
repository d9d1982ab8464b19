// Drives the real main window (offscreen) against the in-process demo sandbox: connect, version and
// kinds shown, live object counts per kind, a clear error for an unreachable server, and the connect
// dialog refusing a bad address.
#include "connectdialog.h"
#include "consolesession.h"
#include "mainwindow.h"
#include "nodeeditor.h"
#include "quickfinddialog.h"

#include "core/views/nodetablemodel.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

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
        ConsoleSession session;
        MainWindow window(&session);
        window.show();
        QSignalSpy counted(&window, &MainWindow::kindCountLoaded);
        session.connectToDemo();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
        counted.clear();
        QVERIFY(window.selectKind(QStringLiteral("InfraVLAN")));
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);
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
        ConsoleSession session;
        MainWindow window(&session);
        window.show();
        QSignalSpy counted(&window, &MainWindow::kindCountLoaded);
        session.connectToDemo();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), 10000);

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
