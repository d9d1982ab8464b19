// The "Show Changes Against main…" dialog on the real main window (offscreen) against the demo sandbox:
// disabled on the default branch; on a branch where a VLAN was edited it lists that VLAN under its kind,
// as updated, with the attribute's old and new value; double-clicking the VLAN asks the window to open it.
#include "branchdiffdialog.h"
#include "consolesession.h"
#include "mainwindow.h"
#include "nodeeditor.h"

#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

class TestBranchDiffDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("InfrahubConsoleTests"));
    }

    void showsTheEditedVlanWithOldAndNewValue() {
        ConsoleSession session;
        MainWindow window(&session);
        window.show();
        QSignalSpy branchesLoaded(&window, &MainWindow::branchesLoaded);
        QSignalSpy branchDone(&window, &MainWindow::branchOperationFinished);
        session.connectToDemo();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ConsoleSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!branchesLoaded.isEmpty(), 10000);

        QAction *showChanges = window.findChild<QAction *>(QStringLiteral("showBranchChanges"));
        QVERIFY(showChanges);
        QVERIFY(!showChanges->isEnabled()); // nothing to compare on the default branch
        QVERIFY2(showChanges->text().contains(QStringLiteral("main")), qPrintable(showChanges->text()));

        window.createBranch(QStringLiteral("diff-gui"));
        QTRY_VERIFY_WITH_TIMEOUT(!branchDone.isEmpty(), 10000);
        QVERIFY2(branchDone.last().at(1).toBool(), qPrintable(branchDone.last().at(2).toString()));
        QCOMPARE(window.currentBranch(), QStringLiteral("diff-gui"));
        QVERIFY(showChanges->isEnabled());

        // Edit a VLAN on the branch.
        infrahub::InfrahubClient *client = session.client();
        const auto vlans =
            QCoro::waitFor(client->list(QStringLiteral("InfraVLAN"), {}, QStringLiteral("diff-gui")));
        QVERIFY(vlans && !vlans->nodes.isEmpty());
        const infrahub::Node vlan = vlans->nodes.at(0);
        const QString oldName = vlan.value(QStringLiteral("name")).toString();
        const QString newName = oldName + QStringLiteral("-renamed");
        infrahub::NodeData change;
        change.id = vlan.id();
        change.attributes = QJsonObject{{QStringLiteral("name"), newName}};
        const auto updated = QCoro::waitFor(
            client->update(QStringLiteral("InfraVLAN"), change, {}, QStringLiteral("diff-gui")));
        QVERIFY2(updated, qPrintable(updated ? QString() : updated.error().message));

        showChanges->trigger();
        BranchDiffDialog *dialog = window.findChild<BranchDiffDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->branch(), QStringLiteral("diff-gui"));
        QSignalSpy loaded(dialog, &BranchDiffDialog::loaded);
        QVERIFY(loaded.wait(10000));
        QVERIFY2(loaded.last().at(0).toBool(), qPrintable(dialog->summaryText()));
        QCOMPARE(dialog->summaryText(), QStringLiteral("0 added, 1 updated, 0 removed"));

        // Grouped by kind: one InfraVLAN group holding the VLAN (now shown by its new name), as updated,
        // with its name attribute old -> new.
        QTreeWidget *tree = dialog->tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *kind = tree->topLevelItem(0);
        QCOMPARE(kind->text(0), QStringLiteral("InfraVLAN (1)"));
        QCOMPARE(kind->childCount(), 1);
        QTreeWidgetItem *object = kind->child(0);
        QCOMPARE(object->text(0), newName);
        QCOMPARE(object->text(1), QStringLiteral("updated"));
        QVERIFY(object->foreground(1).color().isValid());
        QTreeWidgetItem *attribute = nullptr;
        for (int i = 0; i < object->childCount(); ++i)
            if (object->child(i)->text(0) == QStringLiteral("name"))
                attribute = object->child(i);
        QVERIFY(attribute);
        QCOMPARE(attribute->text(1), QStringLiteral("updated"));
        QCOMPARE(attribute->text(2), oldName);
        QCOMPARE(attribute->text(3), newName);

        // Double-clicking the object opens it in the window's detail pane.
        QSignalSpy activated(dialog, &BranchDiffDialog::objectActivated);
        QSignalSpy editorLoaded(window.editor(), &NodeEditor::loaded);
        Q_EMIT tree->itemActivated(object, 0);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.last().at(0).toString(), QStringLiteral("InfraVLAN"));
        QCOMPARE(activated.last().at(1).toString(), vlan.id());
        QVERIFY(editorLoaded.wait(10000));
        QCOMPARE(window.editor()->nodeId(), vlan.id());
        dialog->close();

        // Back on the default branch the action is off again.
        QVERIFY(window.switchToBranch(QStringLiteral("main")));
        QVERIFY(!showChanges->isEnabled());
    }
};

QTEST_MAIN(TestBranchDiffDialog)
#include "tst_branchdiffdialog.moc"
