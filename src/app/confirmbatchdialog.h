// The confirmation of a batch that needs no other input (delete the selected objects): what will be done
// to which objects, how many at a time, and whether on a new branch — like every batch dialog.
#pragma once

#include <QDialog>

class BatchPreview;
class BranchTransactionBox;
class QSpinBox;

class ConfirmBatchDialog : public QDialog {
    Q_OBJECT

public:
    // `what` says the action ("Delete 12 objects"), `items` the objects it touches (the first ones are
    // listed), `base` the branch it changes.
    ConfirmBatchDialog(const QString &title, const QString &what, const QStringList &items,
                       const QString &base, int concurrency, QWidget *parent = nullptr);

    int concurrency() const;
    QString newBranch() const;
    bool mergeWhenAllSucceed() const;
    void setPlan(const QString &newBranch, bool merge);
    QString preview() const;

private:
    void update();

    QString m_what;
    QSpinBox *m_concurrency;
    BranchTransactionBox *m_transaction;
    BatchPreview *m_preview;
};
